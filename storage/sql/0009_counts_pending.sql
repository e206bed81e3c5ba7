-- 0009_counts_pending: the merge hands its rollup deltas over instead of
-- folding them itself. Folding a batch's deltas into the rollups (counts
-- by LAD, the region rollups by day, week and month at three SOC levels
-- with and without source, and the weekly live snapshots) was half of the
-- merge's time, all on the one backend that holds the merge lock. Written
-- here in the merge's transaction, the deltas are folded by a second
-- connection (queries/fold.sql) while the next batch merges, so a write
-- keeps both cores busy and no delta is lost or counted twice: a fold
-- deletes what it folds in its own transaction, and one that fails leaves
-- them for the next.
CREATE TABLE counts_pending (
    day       date NOT NULL,
    soc4      text NOT NULL,
    lad       text NOT NULL,
    itl       text NOT NULL,
    region    text NOT NULL,
    source_id int NOT NULL,
    dn        int NOT NULL,
    dc        int NOT NULL
);
