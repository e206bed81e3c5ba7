-- 0007_bands_by_month: the near-duplicate band index by month, and room
-- for the rollups to be updated in place. Measured at 5 million vacancies.
--
-- 1. minhash_bands held six rows per advert ever written, under one index
--    of random keys: at 5M that is 30 million rows (2.7 GB), larger than
--    the buffer cache, and every new advert's six inserts and lookups read
--    pages from all over it. Only the near-duplicate window (30 days) can
--    ever match. Partitioned by month of first sighting, a batch writes to
--    and looks up in the newest one or two partitions, which stay cached,
--    and the purge drops whole months (bands_purge) instead of deleting.
--    Each row also names its advert's source: only other sources' adverts
--    can be near duplicates, and a board whose adverts share a template
--    would otherwise pair every new advert with all its earlier ones.
--
-- 2. The rollups are upserted by every batch: a day's cells take new
--    clusters for weeks and closings for as long as adverts stay live.
--    Full pages move each update to another page with a new index entry,
--    so a day's rows ended up one per page: reading 11,000 cells of 30
--    days touched 12,000 pages. Free room on each page (fillfactor) keeps
--    an update on its page (HOT, no index entry), and vacuuming after 2%
--    of a table changed (not 20%) reclaims the old versions before they
--    pile up.

CREATE FUNCTION month_partitions(parent text, lo timestamptz, hi timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m date;
    part text;
BEGIN
    IF lo IS NULL THEN
        RETURN;
    END IF;
    m := date_trunc('month', lo AT TIME ZONE 'UTC')::date;
    WHILE m <= (hi AT TIME ZONE 'UTC')::date LOOP
        part := parent || '_' || to_char(m, 'YYYY_MM');
        IF to_regclass(quote_ident(part)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                           part, parent, m::timestamp AT TIME ZONE 'UTC',
                           (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
END $$;

DROP FUNCTION vacancies_ensure_partitions(timestamptz, timestamptz);

ALTER TABLE minhash_bands RENAME TO minhash_bands_old;
ALTER INDEX minhash_bands_band RENAME TO minhash_bands_old_band;
CREATE TABLE minhash_bands (
    band       int NOT NULL,
    first_seen timestamptz NOT NULL,
    advert_id  bigint NOT NULL,
    source_id  int NOT NULL
) PARTITION BY RANGE (first_seen);
CREATE INDEX minhash_bands_band ON minhash_bands (band, first_seen);

CREATE TEMP TABLE keep ON COMMIT DROP AS
SELECT b.band, b.first_seen, b.advert_id, a.source_id
FROM minhash_bands_old b JOIN adverts a ON a.id = b.advert_id
WHERE b.first_seen >= now() - make_interval(days => setting_int('near_dup_window_days'));
SELECT month_partitions('minhash_bands', min(first_seen), max(first_seen)) FROM keep;
INSERT INTO minhash_bands SELECT * FROM keep;
DROP TABLE minhash_bands_old;

-- Months wholly older than the near-duplicate window can never match.
CREATE FUNCTION bands_purge() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    part record;
    cutoff date := (now() AT TIME ZONE 'UTC')::date - setting_int('near_dup_window_days');
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'minhash_bands'::regclass
          AND to_date(right(c.relname, 7), 'YYYY_MM') + interval '1 month' <= cutoff
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
    END LOOP;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['counts_daily', 'counts_daily_region', 'counts_weekly_region',
                             'counts_monthly_region'] LOOP
        EXECUTE format('ALTER TABLE %I SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,'
                       ' autovacuum_analyze_scale_factor = 0.02)', t);
    END LOOP;
END $$;
