-- Drop raw bodies past their keep time (the fetch record stays).
UPDATE pages SET raw_z = NULL WHERE raw_z IS NOT NULL AND keep_until < now();
