-- Fold the staged batch into adverts, vacancies, codes and clusters, and
-- leave the counts rollups' deltas for fold.sql. Runs inside the writer's transaction after the COPY, so a
-- batch lands whole or not at all, and running it twice changes nothing
-- twice: adverts are found by (source, key) and the rollup is adjusted by
-- the difference between each touched cluster's old and new state.

-- One merge at a time: cluster assignment reads what earlier batches wrote.
SELECT pg_advisory_xact_lock(7301);

CREATE TEMP TABLE cfg ON COMMIT DROP AS
SELECT setting_int('live_grace_days') AS grace,
       make_interval(days => setting_int('exact_dup_window_days')) AS exact_window,
       make_interval(days => setting_int('near_dup_window_days')) AS near_window,
       setting_int('near_dup_min_matches') AS near_matches,
       setting_int('near_dup_band_max') AS band_max;

INSERT INTO sources (name)
SELECT source FROM stage UNION SELECT source FROM stage_pages
ON CONFLICT (name) DO NOTHING;

INSERT INTO pages (source_id, url, canonical_url, status, etag, last_modified,
                   content_hash, fetched_at, raw_z, raw_len, keep_until)
SELECT src.id, p.url, p.canonical_url, p.status, p.etag, p.last_modified, p.content_hash,
       p.fetched_at, p.raw_z, p.raw_len,
       CASE WHEN p.raw_z IS NOT NULL THEN p.fetched_at + make_interval(days => p.keep_days) END
FROM stage_pages p JOIN sources src ON src.name = p.source;

-- The latest row per advert and kind wins; first_seen is its earliest
-- sighting in the batch. Only what the merge decides on is copied: the
-- advert's text stays in stage (found by seq) until its version is written.
CREATE TEMP TABLE s ON COMMIT DROP AS
SELECT DISTINCT ON (st.source, st.advert_key, st.kind)
       st.kind, st.seq, st.source, st.advert_key, st.seen_at, st.reason, st.closing_date,
       st.lad_code, st.itl_code, st.region_code, st.soc2020, st.soc2010, st.isco08,
       st.confidence, st.method, st.index_version, st.model_version, st.content_hash,
       st.fingerprint, st.minhash, st.bands, src.id AS source_id,
       min(st.seen_at) OVER (PARTITION BY st.source, st.advert_key) AS first_seen_batch,
       a.id AS advert_id, a.content_hash AS old_hash, a.version AS old_version,
       a.cluster_id AS old_cluster, a.first_seen AS old_first_seen, a.last_seen AS old_last_seen
FROM stage st
JOIN sources src ON src.name = st.source
LEFT JOIN adverts a ON a.source_id = src.id AND a.advert_key = st.advert_key
ORDER BY st.source, st.advert_key, st.kind, st.seen_at DESC, st.seq DESC;
-- Temporary tables get no statistics unless asked: without them the
-- planner guesses, and self-joins turn quadratic.
ANALYZE s (seq, source, advert_key, kind, advert_id, old_cluster);

-- Rows for adverts already stored, apart: in a batch of new adverts it is
-- empty, and statements on it then never plan a scan of the big tables.
CREATE TEMP TABLE again ON COMMIT DROP AS SELECT * FROM s WHERE advert_id IS NOT NULL;
ANALYZE again (kind, advert_id);

-- New adverts, and the cluster each joins.
-- Narrow: it is updated several times, and the advert's fields stay in s
-- (found by seq).
CREATE TEMP TABLE n ON COMMIT DROP AS
SELECT nextval('adverts_id_seq') AS id, s.seq, s.source_id, s.advert_key, s.first_seen_batch,
       s.seen_at, s.closing_date, s.content_hash, s.fingerprint, s.minhash, s.bands,
       NULL::bigint AS cluster_id, 'none'::text AS dup_kind
FROM s WHERE s.kind = 'seen' AND s.advert_id IS NULL;
ANALYZE n (id, fingerprint, cluster_id, source_id);

-- Exact duplicates of earlier adverts (any source), within the window.
UPDATE n SET cluster_id = (
    SELECT a.cluster_id FROM adverts a
    WHERE a.fingerprint = n.fingerprint
      AND a.first_seen >= n.first_seen_batch - (SELECT exact_window FROM cfg)
    ORDER BY a.first_seen DESC LIMIT 1);
UPDATE n SET dup_kind = 'exact' WHERE cluster_id IS NOT NULL;

-- Exact duplicates within the batch join the first of them.
UPDATE n SET cluster_id = f.head, dup_kind = 'exact'
FROM (SELECT fingerprint, min(id) AS head FROM n WHERE cluster_id IS NULL
      GROUP BY fingerprint HAVING count(*) > 1) f
WHERE n.cluster_id IS NULL AND n.fingerprint = f.fingerprint AND n.id <> f.head;

-- Near duplicates from other sources: a MinHash band in common, then
-- enough agreeing hashes; the most similar, then earliest, wins. Every
-- new advert is indexed; only those still without a cluster look.
CREATE TEMP TABLE nb ON COMMIT DROP AS
SELECT n.id, n.source_id, n.minhash, n.first_seen_batch, n.cluster_id IS NULL AS open,
       unnest(n.bands) AS band
FROM n WHERE n.minhash IS NOT NULL;
ANALYZE nb (id, band, source_id);

-- The adverts of other sources sharing a band with an open new one, each
-- pair once, are listed before any advert is read: the planner cannot
-- estimate the band join (the partitioned parent has no statistics of its
-- own), and taking it for millions of rows it hashed the whole adverts
-- table each batch (2 s at 2M adverts) instead of reading the pairs'
-- adverts by key. Each band is looked up once; one more adverts share
-- than band_max is boilerplate and pairs nothing (0008_crowded_bands.sql),
-- so a board's standard text cannot pair every new advert with every
-- stored one.
CREATE TEMP TABLE band_hits ON COMMIT DROP AS
SELECT b.band, b.advert_id, b.source_id, b.first_seen
FROM (SELECT DISTINCT band FROM nb WHERE open) q
JOIN minhash_bands b ON b.band = q.band
     -- (the same bound for the whole batch, so only the months of the
     -- window are read: 0007_bands_by_month)
     AND b.first_seen >= (SELECT min(first_seen_batch) FROM n) - (SELECT near_window FROM cfg);
ANALYZE band_hits;
CREATE TEMP TABLE pairs ON COMMIT DROP AS
SELECT DISTINCT nb.id, h.advert_id
FROM nb JOIN band_hits h ON h.band = nb.band AND h.source_id <> nb.source_id
     AND h.first_seen >= nb.first_seen_batch - (SELECT near_window FROM cfg)
WHERE nb.open AND nb.band NOT IN (SELECT band FROM band_hits GROUP BY band
                                  HAVING count(*) > (SELECT band_max FROM cfg));
ANALYZE pairs;

UPDATE n SET cluster_id = m.cluster_id, dup_kind = 'near'
FROM (SELECT DISTINCT ON (p.id) p.id, a.cluster_id
      FROM pairs p
      JOIN n x ON x.id = p.id
      JOIN adverts a ON a.id = p.advert_id
      WHERE minhash_matches(a.minhash, x.minhash) >= (SELECT near_matches FROM cfg)
      ORDER BY p.id, minhash_matches(a.minhash, x.minhash) DESC, a.first_seen) m
WHERE n.id = m.id;

-- Within the batch, the same bound: a band more of its new adverts share
-- than band_max pairs none of them.
CREATE TEMP TABLE crowded ON COMMIT DROP AS
SELECT band FROM nb GROUP BY band HAVING count(*) > (SELECT band_max FROM cfg);
UPDATE n SET cluster_id = m.other, dup_kind = 'near'
FROM (SELECT DISTINCT ON (x.id) x.id, y.id AS other
      FROM nb x JOIN nb y ON y.band = x.band AND y.id < x.id AND y.source_id <> x.source_id
      WHERE x.open AND x.band NOT IN (SELECT band FROM crowded)
        AND minhash_matches(x.minhash, y.minhash) >= (SELECT near_matches FROM cfg)
      ORDER BY x.id, minhash_matches(x.minhash, y.minhash) DESC, y.id) m
WHERE n.id = m.id AND n.cluster_id IS NULL;

-- Heads of new clusters; then members that pointed at a batch row which
-- itself joined a cluster follow it there (twice covers chains of three).
UPDATE n SET cluster_id = id WHERE cluster_id IS NULL;
UPDATE n SET cluster_id = h.cluster_id FROM n h
WHERE n.cluster_id = h.id AND n.id <> h.id AND h.cluster_id <> h.id;
UPDATE n SET cluster_id = h.cluster_id FROM n h
WHERE n.cluster_id = h.id AND n.id <> h.id AND h.cluster_id <> h.id;

-- Clusters this batch touches, as they were before it.
CREATE TEMP TABLE touched ON COMMIT DROP AS
SELECT old_cluster AS id FROM again
UNION SELECT cluster_id FROM n;
ANALYZE touched;
CREATE TEMP TABLE old_c ON COMMIT DROP AS
SELECT c.* FROM clusters c JOIN touched t USING (id);

-- Write the new adverts.
SELECT month_partitions('vacancies', min(first_seen_batch), max(first_seen_batch)),
       month_partitions('minhash_bands', min(first_seen_batch), max(first_seen_batch))
FROM n;

INSERT INTO adverts (id, source_id, advert_key, first_seen, last_seen, closing_date, live_end,
                     version, content_hash, fingerprint, minhash, cluster_id, dup_kind)
SELECT id, source_id, advert_key, first_seen_batch, seen_at, closing_date,
       advert_live_end(seen_at, closing_date, NULL, (SELECT grace FROM cfg)),
       1, content_hash, fingerprint, minhash, cluster_id, dup_kind
FROM n;

INSERT INTO minhash_bands (band, first_seen, advert_id, source_id)
SELECT band, first_seen_batch, id, source_id FROM nb;

-- Re-seen adverts: last seen moves on, a reappearance reopens, a change
-- of content makes a new version.
UPDATE adverts a SET
    last_seen = greatest(a.last_seen, s.seen_at),
    closed_at = CASE WHEN s.seen_at > a.closed_at THEN NULL ELSE a.closed_at END,
    close_reason = CASE WHEN s.seen_at > a.closed_at THEN NULL ELSE a.close_reason END,
    closing_date = CASE WHEN s.seen_at >= a.last_seen THEN s.closing_date ELSE a.closing_date END,
    version = a.version + (s.seen_at >= a.last_seen AND s.content_hash <> a.content_hash)::int,
    content_hash = CASE WHEN s.seen_at >= a.last_seen THEN s.content_hash ELSE a.content_hash END,
    fingerprint = CASE WHEN s.seen_at >= a.last_seen THEN s.fingerprint ELSE a.fingerprint END,
    minhash = CASE WHEN s.seen_at >= a.last_seen THEN s.minhash ELSE a.minhash END,
    live_end = advert_live_end(greatest(a.last_seen, s.seen_at),
                               CASE WHEN s.seen_at >= a.last_seen THEN s.closing_date ELSE a.closing_date END,
                               CASE WHEN s.seen_at > a.closed_at THEN NULL ELSE a.closed_at END,
                               (SELECT grace FROM cfg))
FROM again s WHERE s.kind = 'seen' AND a.id = s.advert_id;

INSERT INTO vacancies
SELECT coalesce(n.id, s.advert_id), CASE WHEN n.id IS NULL THEN s.old_version + 1 ELSE 1 END,
       coalesce(n.first_seen_batch, s.old_first_seen), s.seen_at, v.url, v.canonical_url,
       v.site_id, v.title, v.employer, v.description, v.industry, v.employment_type, v.pay_min,
       v.pay_max, v.pay_currency, v.pay_period, v.pay_annual_min, v.pay_annual_max,
       v.pay_flags, v.pay_scale, v.pay_raw, v.location_raw, v.postcode, v.lad_code,
       v.lad_name, v.region_code, v.region_name, v.itl_code, v.country, v.location_flags,
       v.resolved_by, v.date_posted, v.closing_date, v.hours, v.contract, v.origins,
       v.content_hash
FROM s JOIN stage v ON v.seq = s.seq LEFT JOIN n ON n.seq = s.seq
WHERE s.kind = 'seen' AND (n.id IS NOT NULL OR (s.advert_id IS NOT NULL
      AND s.seen_at >= s.old_last_seen AND s.content_hash <> s.old_hash));

-- Seen again unchanged (HTTP 304): last seen moves on, a reappearance
-- reopens; no new version. Found by key, so a touch of an advert first
-- stored in this batch counts too.
UPDATE adverts a SET
    last_seen = greatest(a.last_seen, s.seen_at),
    closed_at = CASE WHEN s.seen_at > a.closed_at THEN NULL ELSE a.closed_at END,
    close_reason = CASE WHEN s.seen_at > a.closed_at THEN NULL ELSE a.close_reason END,
    live_end = advert_live_end(greatest(a.last_seen, s.seen_at), a.closing_date,
                               CASE WHEN s.seen_at > a.closed_at THEN NULL ELSE a.closed_at END,
                               (SELECT grace FROM cfg))
FROM s WHERE s.kind = 'touch' AND a.source_id = s.source_id AND a.advert_key = s.advert_key;

-- Codes: a different code (or index / model version) becomes current and
-- the old one stays as history.
CREATE TEMP TABLE newcodes ON COMMIT DROP AS
SELECT n.id AS advert_id, s.seen_at AS coded_at, s.soc2020, s.soc2010, s.isco08, s.confidence,
       s.method, s.index_version, s.model_version
FROM n JOIN s ON s.seq = n.seq WHERE s.soc2020 IS NOT NULL
UNION ALL
(SELECT DISTINCT ON (s.advert_id) s.advert_id, CASE WHEN s.kind = 'code' THEN now() ELSE s.seen_at END,
        s.soc2020, s.soc2010, s.isco08, s.confidence, s.method, s.index_version, s.model_version
 FROM again s LEFT JOIN vacancy_codes c ON c.advert_id = s.advert_id AND c.is_current
 WHERE s.kind IN ('seen', 'code') AND s.soc2020 IS NOT NULL
   AND (c.advert_id IS NULL
        OR (c.soc2020, c.soc2010, c.isco08, c.confidence, c.method, c.index_version, c.model_version)
           IS DISTINCT FROM
           (s.soc2020, s.soc2010, s.isco08, s.confidence, s.method, s.index_version, s.model_version))
 ORDER BY s.advert_id, s.kind DESC);

UPDATE vacancy_codes c SET is_current = false
FROM newcodes x JOIN again s ON s.advert_id = x.advert_id
WHERE c.advert_id = x.advert_id AND c.is_current;
INSERT INTO vacancy_codes (advert_id, coded_at, soc2020, soc2010, isco08, confidence, method,
                           index_version, model_version, is_current)
SELECT advert_id, coded_at, soc2020, soc2010, isco08, confidence, method, index_version,
       model_version, true
FROM newcodes;

-- Gone: the page answered 404 / 410 or the advert left its feed.
UPDATE adverts a SET closed_at = s.seen_at, close_reason = s.reason,
    live_end = advert_live_end(a.last_seen, a.closing_date, s.seen_at, (SELECT grace FROM cfg))
FROM again s WHERE s.kind = 'gone' AND a.id = s.advert_id AND a.closed_at IS NULL
  AND s.seen_at >= a.last_seen;

-- The touched clusters as they are now: live while any member is, placed
-- and coded by their head. A head written in this batch is placed by its
-- staged row, one the batch left alone keeps its stored place; only heads
-- re-seen or recoded here are read back from vacancies and codes (a probe
-- of every monthly partition per cluster was the merge's costliest step).
CREATE TEMP TABLE m ON COMMIT DROP AS
SELECT a.cluster_id AS id, min(a.first_seen) AS first_seen, max(a.live_end) AS live_end,
       count(*)::int AS members
FROM touched t JOIN adverts a ON a.cluster_id = t.id GROUP BY a.cluster_id;
ANALYZE m;
CREATE TEMP TABLE new_c ON COMMIT DROP AS
SELECT m.id, (m.first_seen AT TIME ZONE 'UTC')::date AS first_day, m.live_end, m.members,
       s.source_id, coalesce(s.soc2020, '') AS soc4, coalesce(s.lad_code, '') AS lad,
       coalesce(s.itl_code, g.itl3, '') AS itl, coalesce(s.region_code, g.region_code, '') AS region
FROM m JOIN n ON n.id = m.id JOIN s ON s.seq = n.seq
LEFT JOIN geo_lad g ON g.code = s.lad_code
UNION ALL
SELECT m.id, (m.first_seen AT TIME ZONE 'UTC')::date, m.live_end, m.members,
       o.source_id, o.soc4, o.lad, o.itl, o.region
FROM m JOIN old_c o ON o.id = m.id
WHERE NOT EXISTS (SELECT 1 FROM again x WHERE x.advert_id = m.id)
UNION ALL
SELECT m.id, (m.first_seen AT TIME ZONE 'UTC')::date, m.live_end, m.members,
       h.source_id, coalesce(c.soc2020, ''), coalesce(v.lad_code, ''),
       coalesce(v.itl_code, g.itl3, ''), coalesce(v.region_code, g.region_code, '')
FROM m
JOIN adverts h ON h.id = m.id AND h.id IN (SELECT advert_id FROM again)
JOIN vacancies v ON v.advert_id = h.id AND v.version = h.version AND v.first_seen = h.first_seen
LEFT JOIN vacancy_codes c ON c.advert_id = h.id AND c.is_current
LEFT JOIN geo_lad g ON g.code = v.lad_code;

-- The rollups' deltas: subtract each touched cluster's old contribution,
-- add its new one; unchanged days cancel in the sum. Left in
-- counts_pending for queries/fold.sql, which the writer runs on a second
-- connection while the next batch merges (0009_counts_pending.sql). A cluster is new on its first
-- day and closed the day after its last live day: live is the running sum
-- of new - closed (0005_live_deltas.sql).
INSERT INTO counts_pending (day, soc4, lad, itl, region, source_id, dn, dc)
WITH c AS (SELECT *, -1 AS sgn FROM old_c UNION ALL SELECT *, 1 FROM new_c),
d AS (SELECT first_day AS day, soc4, lad, itl, region, source_id, sgn AS dn, 0 AS dc FROM c
      UNION ALL
      SELECT greatest(live_end + 1, first_day), soc4, lad, itl, region, source_id, 0, sgn FROM c)
SELECT day, soc4, lad, itl, region, source_id, sum(dn)::int AS dn, sum(dc)::int AS dc
FROM d GROUP BY day, soc4, lad, itl, region, source_id
HAVING sum(dn) <> 0 OR sum(dc) <> 0;

INSERT INTO clusters AS t SELECT * FROM new_c
ON CONFLICT (id) DO UPDATE SET first_day = EXCLUDED.first_day, live_end = EXCLUDED.live_end,
    members = EXCLUDED.members, source_id = EXCLUDED.source_id, soc4 = EXCLUDED.soc4,
    lad = EXCLUDED.lad, itl = EXCLUDED.itl, region = EXCLUDED.region;
