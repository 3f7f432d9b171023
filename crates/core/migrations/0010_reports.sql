-- 报表. A report reads a period's counted purchases in date order: this index holds
-- exactly the rows it reads (reversing entries are left out; the few voided
-- originals are skipped by id), so a month of a three-year book reads a month of
-- index and never the table (`reverses_id`, always NULL here, is a column too so
-- that SQLite sees the query covered).
CREATE INDEX purchases_counted_by_day
    ON purchases(occurred_on, member_id, amount_fen, reverses_id)
    WHERE reverses_id IS NULL;
-- Points issued, redeemed and expired in a period, and the balance at its end, are
-- sums over a date range of this index alone.
CREATE INDEX points_by_day ON points_entries(occurred_on, kind, delta, purchase_id);
-- What 100 points are worth in fen when redeemed (积分负债 in the reports):
-- 100 means 100 points = ¥1.00.
ALTER TABLE shop_profile ADD COLUMN point_value_fen_per_100 INTEGER NOT NULL DEFAULT 100
    CHECK (point_value_fen_per_100 BETWEEN 0 AND 100000);
