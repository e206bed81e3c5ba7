-- 0002_reference: SOC structures and crosswalk, geography, courses and
-- course -> occupation mappings. Filled by `vacancyctl db load-reference`;
-- no foreign keys point here, so a reload can replace everything.

CREATE TABLE soc2020_groups (
    code   text PRIMARY KEY,  -- 1 (major) .. 4 (unit group) digits
    level  int NOT NULL CHECK (level BETWEEN 1 AND 4),
    title  text NOT NULL,
    parent text
);

CREATE TABLE soc2010_groups (
    code  text PRIMARY KEY,   -- unit groups
    title text NOT NULL
);

-- basis 'ons_relationship': share of people (LFS / Census dual coding);
-- basis 'index_pairs': share of coding-index titles.
CREATE TABLE soc2010_soc2020 (
    soc2010 text NOT NULL,
    soc2020 text NOT NULL,
    basis   text NOT NULL,
    share   float8,
    PRIMARY KEY (soc2010, soc2020, basis)
);

CREATE TABLE geo_region (     -- English regions, and the other nations
    code text PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE geo_lad (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    current     text NOT NULL,  -- the LAD it is today (boundary changes)
    region_code text NOT NULL,  -- region, or the nation outside England
    itl3        text
);

-- Common Aggregation Hierarchy and HECoS subjects.
CREATE TABLE cah (
    code   text PRIMARY KEY,
    level  int NOT NULL,
    name   text NOT NULL,
    parent text
);
CREATE TABLE hecos (
    code  text PRIMARY KEY,
    label text NOT NULL,
    cah3  text NOT NULL
);

CREATE TABLE standards (
    lars_code          text PRIMARY KEY,
    title              text NOT NULL,
    level              int,
    route              text,
    keywords           jsonb,
    typical_job_titles jsonb,
    job_roles          jsonb,
    overview           text,
    url                text
);

-- Discover Uni: Graduate Outcomes salaries (go) and LEO earnings 3 and 5
-- years on, UK figures, by CAH subject x mode x level.
CREATE TABLE course_earnings (
    subject text NOT NULL,
    measure text NOT NULL CHECK (measure IN ('go', 'leo3', 'leo5')),
    mode    text NOT NULL,
    level   text NOT NULL,
    lq      int,
    median  int,
    uq      int,
    pop     int,
    PRIMARY KEY (subject, measure, mode, level)
);

-- Course -> occupation: official tables (HESA, Discover Uni) when a
-- deployment has them, and mappings the project derives with its coder.
CREATE TABLE course_soc (
    kind       text NOT NULL CHECK (kind IN ('subject', 'standard')),
    code       text NOT NULL,
    soc2020    text NOT NULL,
    method     text NOT NULL CHECK (method IN ('official', 'derived')),
    origin     text NOT NULL,   -- file imported, or the coder's version
    share      float8,
    confidence smallint,        -- derived only
    evidence   text,            -- derived: the titles coded
    loaded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, code, soc2020, method, origin)
);
CREATE INDEX course_soc_soc ON course_soc (soc2020);
