-- 0001_core: sources, fetched pages, adverts and their versions, codes,
-- duplicate clusters and the daily counts rollup.

-- Tunables the merge reads; change them with UPDATE, they apply to later writes.
CREATE TABLE settings (
    name  text PRIMARY KEY,
    value text NOT NULL,
    why   text NOT NULL
);
INSERT INTO settings VALUES
  ('live_grace_days', '7', 'an advert not seen for this many days stops counting as live'),
  ('exact_dup_window_days', '60', 'an identical fingerprint this recent joins the earlier cluster'),
  ('near_dup_window_days', '30', 'a similar description from another source this recent joins its cluster'),
  ('near_dup_min_matches', '12', 'MinHash values (of 24) two descriptions must share to be near duplicates: estimated Jaccard similarity 0.5'),
  ('raw_keep_days', '180', 'default days a raw page is kept for re-parsing');

CREATE FUNCTION setting_int(key text) RETURNS int
    LANGUAGE sql STABLE AS $$ SELECT value::int FROM settings WHERE name = key $$;

CREATE TABLE sources (
    id         serial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every fetch; the body is kept zlib-compressed until keep_until.
CREATE TABLE pages (
    id            bigserial PRIMARY KEY,
    source_id     int NOT NULL REFERENCES sources,
    url           text NOT NULL,
    canonical_url text,
    status        int NOT NULL,
    etag          text,
    last_modified text,
    content_hash  bigint,
    fetched_at    timestamptz NOT NULL,
    raw_z         bytea,
    raw_len       int,
    keep_until    timestamptz
);
CREATE INDEX pages_url ON pages (coalesce(canonical_url, url), fetched_at);
CREATE INDEX pages_keep ON pages (keep_until) WHERE raw_z IS NOT NULL;

-- One row per advert: identity, lifecycle and cluster. Not partitioned, so
-- (source, key) is unique across all time.
CREATE TABLE adverts (
    id           bigserial PRIMARY KEY,
    source_id    int NOT NULL REFERENCES sources,
    advert_key   text NOT NULL,
    first_seen   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    closed_at    timestamptz,
    close_reason text,
    closing_date date,
    live_end     date NOT NULL,  -- last day it counts as live
    version      int NOT NULL,   -- current row in vacancies
    content_hash bigint NOT NULL,
    fingerprint  bigint NOT NULL,
    minhash      int[],
    cluster_id   bigint NOT NULL,
    dup_kind     text NOT NULL CHECK (dup_kind IN ('none', 'exact', 'near')),
    UNIQUE (source_id, advert_key)
);
CREATE INDEX adverts_fingerprint ON adverts (fingerprint, first_seen);
CREATE INDEX adverts_cluster ON adverts (cluster_id);

-- The advert's fields, one row per version (a changed advert adds one),
-- partitioned by month of first sighting.
CREATE TABLE vacancies (
    advert_id       bigint NOT NULL,
    version         int NOT NULL,
    first_seen      timestamptz NOT NULL,
    seen_from       timestamptz NOT NULL,
    url             text,
    canonical_url   text,
    site_id         text,
    title           text,
    employer        text,
    description     text,
    industry        text,
    employment_type text,
    pay_min         float8,
    pay_max         float8,
    pay_currency    text,
    pay_period      text,
    pay_annual_min  float8,
    pay_annual_max  float8,
    pay_flags       int,
    pay_scale       text,
    pay_raw         text,
    location_raw    text,
    postcode        text,
    lad_code        text,
    lad_name        text,
    region_code     text,
    region_name     text,
    itl_code        text,
    country         text,
    location_flags  int,
    resolved_by     text,
    date_posted     date,
    closing_date    date,
    hours           text,
    contract        text,
    origins         jsonb,
    content_hash    bigint NOT NULL,
    PRIMARY KEY (advert_id, version, first_seen)
) PARTITION BY RANGE (first_seen);

-- Monthly partitions, created when a batch first needs them.
CREATE FUNCTION vacancies_ensure_partitions(lo timestamptz, hi timestamptz)
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
        part := 'vacancies_' || to_char(m, 'YYYY_MM');
        IF to_regclass(quote_ident(part)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF vacancies FOR VALUES FROM (%L) TO (%L)',
                           part, m::timestamp AT TIME ZONE 'UTC',
                           (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
END $$;

-- Codes; recoding adds a row and keeps the old ones (is_current = false).
CREATE TABLE vacancy_codes (
    advert_id     bigint NOT NULL REFERENCES adverts,
    coded_at      timestamptz NOT NULL,
    soc2020       text,
    soc2010       text,
    isco08        text,
    confidence    smallint,
    method        text,
    index_version text,
    model_version text,
    is_current    boolean NOT NULL
);
CREATE UNIQUE INDEX vacancy_codes_current ON vacancy_codes (advert_id) WHERE is_current;
CREATE INDEX vacancy_codes_soc ON vacancy_codes (soc2020) WHERE is_current;

-- MinHash LSH index: an advert is listed under each of its band keys;
-- adverts sharing a key are compared. Rows older than the near-duplicate
-- window are no longer needed (storage_purge_raw drops them).
CREATE TABLE minhash_bands (
    band       int NOT NULL,
    first_seen timestamptz NOT NULL,
    advert_id  bigint NOT NULL
);
CREATE INDEX minhash_bands_band ON minhash_bands (band, first_seen);

-- How many positions two MinHash signatures agree on.
CREATE FUNCTION minhash_matches(a int[], b int[]) RETURNS int
    LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT count(*)::int FROM unnest(a, b) AS u(x, y) WHERE x = y $$;

-- Last live day of an advert: grace after it was last seen, cut short by
-- its closing date or by the day it went (404 / 410 / dropped from feed).
CREATE FUNCTION advert_live_end(last_seen timestamptz, closing date,
                                closed timestamptz, grace int) RETURNS date
    LANGUAGE sql IMMUTABLE AS $$
    SELECT least((last_seen AT TIME ZONE 'UTC')::date + grace, closing,
                 (closed AT TIME ZONE 'UTC')::date - 1) $$;

-- A cluster is the unit counted: its head is the advert first seen, which
-- gives its occupation, place and source.
CREATE TABLE clusters (
    id        bigint PRIMARY KEY,
    first_day date NOT NULL,
    live_end  date NOT NULL,
    members   int NOT NULL,
    source_id int NOT NULL,
    soc4      text NOT NULL,   -- '' uncoded
    lad       text NOT NULL,   -- '' unknown
    itl       text NOT NULL,
    region    text NOT NULL
);

-- The rollup counts are read from, maintained by every write: new on the
-- first day, live on each day first_day..live_end, closed the day after.
CREATE TABLE counts_daily (
    day       date NOT NULL,
    soc4      text NOT NULL,
    lad       text NOT NULL,
    itl       text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    new_n     int NOT NULL,
    live_n    int NOT NULL,
    closed_n  int NOT NULL,
    PRIMARY KEY (day, soc4, lad, itl, region, source_id)
);

