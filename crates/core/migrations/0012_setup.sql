-- 开店向导: when the owner finished (or skipped) the first start's guided setup.
-- NULL on a new data file; a shop already in use is told apart by its name and
-- members (see setup.rs), so nothing is filled in here.
ALTER TABLE shop_profile ADD COLUMN setup_done_at TEXT;
