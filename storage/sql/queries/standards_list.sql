-- Apprenticeship standards, for deriving their SOC with the coder.
SELECT lars_code, title, coalesce(typical_job_titles, '[]')::text,
       coalesce(job_roles, '[]')::text, coalesce(overview, '')
FROM standards ORDER BY length(lars_code), lars_code;
