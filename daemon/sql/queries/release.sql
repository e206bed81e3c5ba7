-- On start: URLs a killed daemon held go back to the queue.
UPDATE frontier SET state = 'queued' WHERE state = 'claimed';
