-- A MinHash band shared by many adverts of other boards is boilerplate (an
-- agency's or an employer's standard text under many different jobs), not
-- evidence that one advert copies another. Such adverts must not collapse
-- into one cluster (each is a vacancy), and pairing every one with every
-- other made the merge quadratic in them. The merge ignores a band more
-- adverts share than this, stored within the window or new in the batch
-- (merge.sql).
INSERT INTO settings VALUES
  ('near_dup_band_max', '32', 'a description band more adverts share than this (stored within the window, or new in one batch) is boilerplate and finds no near duplicate');
