-- 报表: points issued, redeemed and expired in a period are sums over days. Summing
-- the ledger itself costs what the period holds (a million entries over three years
-- took a third of a report's time); these per-day, per-kind totals cost what the
-- period's days hold. Kept by triggers, so that every path that writes the ledger
-- (the counter, imports, expiry, a cascade from a removed member) keeps them true.
CREATE TABLE points_daily (
    occurred_on TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    delta       INTEGER NOT NULL,
    -- Entries summed; a day and kind whose entries are all gone is removed.
    entries     INTEGER NOT NULL CHECK (entries > 0),
    PRIMARY KEY (occurred_on, kind)
) WITHOUT ROWID;

INSERT INTO points_daily (occurred_on, kind, delta, entries)
SELECT occurred_on, kind, SUM(delta), COUNT(*)
  FROM points_entries GROUP BY occurred_on, kind;

CREATE TRIGGER points_daily_insert AFTER INSERT ON points_entries BEGIN
    INSERT INTO points_daily (occurred_on, kind, delta, entries)
    VALUES (NEW.occurred_on, NEW.kind, NEW.delta, 1)
    ON CONFLICT (occurred_on, kind)
    DO UPDATE SET delta = delta + excluded.delta, entries = entries + 1;
END;

CREATE TRIGGER points_daily_delete AFTER DELETE ON points_entries BEGIN
    DELETE FROM points_daily
     WHERE occurred_on = OLD.occurred_on AND kind = OLD.kind AND entries = 1;
    UPDATE points_daily SET delta = delta - OLD.delta, entries = entries - 1
     WHERE occurred_on = OLD.occurred_on AND kind = OLD.kind;
END;

CREATE TRIGGER points_daily_update AFTER UPDATE OF occurred_on, kind, delta ON points_entries
BEGIN
    DELETE FROM points_daily
     WHERE occurred_on = OLD.occurred_on AND kind = OLD.kind AND entries = 1;
    UPDATE points_daily SET delta = delta - OLD.delta, entries = entries - 1
     WHERE occurred_on = OLD.occurred_on AND kind = OLD.kind;
    INSERT INTO points_daily (occurred_on, kind, delta, entries)
    VALUES (NEW.occurred_on, NEW.kind, NEW.delta, 1)
    ON CONFLICT (occurred_on, kind)
    DO UPDATE SET delta = delta + excluded.delta, entries = entries + 1;
END;

-- The date index of 0010 served only the sums these totals now give; every other
-- read of the ledger goes by member. Dropped: one index less to write per entry.
DROP INDEX points_by_day;
