-- A claimed URL that was not fetched (shutdown) goes back unchanged.
UPDATE frontier SET state = 'queued' WHERE id = $1::bigint AND state = 'claimed';
