-- Every connection: dates are read and written in UTC.
SET TIME ZONE 'UTC';
SET client_encoding = 'UTF8';
