-- Every frontier connection: UTC, quiet notices.
SET TIME ZONE 'UTC';
SET client_min_messages = warning;
