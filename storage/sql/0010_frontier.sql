-- 0010_frontier: the daemon's crawl frontier and per source x host
-- counters. Numbered 0010 so storage's own migrations never collide.

-- One row per URL a source wants fetched, once per schedule.
CREATE TABLE frontier (
    id            bigserial PRIMARY KEY,
    source        text NOT NULL,
    url           text NOT NULL,
    canonical_url text NOT NULL,
    host          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('feed', 'sitemap', 'advert', 'listing', 'jsonapi')),
    -- queued: waiting for next_fetch; claimed: held by a running daemon
    -- (released on restart); gone: closed advert; failed: gave up
    state         text NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'claimed', 'gone', 'failed')),
    next_fetch    timestamptz NOT NULL DEFAULT now(),
    etag          text,
    last_modified text,
    attempts      int NOT NULL DEFAULT 0,
    last_status   int,
    last_error    text,
    fetched_at    timestamptz,
    last_success  timestamptz,
    parent_id     bigint,          -- the feed, sitemap or listing that named it
    listed_at     timestamptz,     -- when the parent last named it
    advert_key    text,            -- the storage key once stored
    UNIQUE (source, canonical_url)
);
CREATE INDEX frontier_due ON frontier (next_fetch) WHERE state = 'queued';
CREATE INDEX frontier_parent ON frontier (parent_id) WHERE parent_id IS NOT NULL;

-- Counters the daemon adds to: fetched, not_modified, parsed, coded,
-- stored, gone, error:<kind>, http:<status>.
CREATE TABLE crawl_stats (
    source  text NOT NULL,
    host    text NOT NULL,
    counter text NOT NULL,
    n       bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (source, host, counter)
);
