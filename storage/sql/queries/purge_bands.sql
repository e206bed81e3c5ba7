-- Near-duplicate index rows older than the window can never match again.
DELETE FROM minhash_bands
WHERE first_seen < now() - make_interval(days => setting_int('near_dup_window_days'));
