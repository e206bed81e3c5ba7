-- Every connection: dates are read and written in UTC.
SET TIME ZONE 'UTC';
SET client_encoding = 'UTF8';
-- NOTICEs ("already exists, skipping") are not for the operator.
SET client_min_messages = warning;
