-- Adverts read again from their kept pages (storage_writer_reread), before
-- the merge: each counts as seen when it was last seen, or when its page
-- was fetched if that is later (a new advert), so merge.sql takes the
-- reading as current, a changed one as the next version, and moves no
-- date: a closed advert stays closed, live counts stay as they were.
UPDATE stage st SET seen_at = greatest(st.seen_at, a.last_seen)
FROM sources src, adverts a
WHERE st.kind = 'reread' AND src.name = st.source
  AND a.source_id = src.id AND a.advert_key = st.advert_key;
UPDATE stage SET kind = 'seen' WHERE kind = 'reread';
