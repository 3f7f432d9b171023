-- The shop profile: exactly one row (id = 1). Money is integer fen.
CREATE TABLE shop_profile (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    name              TEXT    NOT NULL DEFAULT '',
    slogan            TEXT    NOT NULL DEFAULT '',
    address           TEXT    NOT NULL DEFAULT '',
    phone             TEXT    NOT NULL DEFAULT '',
    link              TEXT    NOT NULL DEFAULT '',
    logo_file         TEXT,
    primary_color     TEXT    NOT NULL DEFAULT '#1F7A6D',
    accent_color      TEXT    NOT NULL DEFAULT '#F29F3D',
    tier_bronze_fen   INTEGER NOT NULL DEFAULT 500000,
    tier_silver_fen   INTEGER NOT NULL DEFAULT 2000000,
    tier_gold_fen     INTEGER NOT NULL DEFAULT 5000000,
    tier_diamond_fen  INTEGER NOT NULL DEFAULT 10000000,
    dormant_days      INTEGER NOT NULL DEFAULT 60,
    points_per_yuan   INTEGER NOT NULL DEFAULT 1,
    updated_at        TEXT
);

INSERT INTO shop_profile (id) VALUES (1);
