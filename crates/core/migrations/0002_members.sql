-- The member book: members, their tags, and the ledgers every derived fact comes from.

-- Rules the member book reads (see shop::BusinessRules).
ALTER TABLE shop_profile ADD COLUMN high_value_fen INTEGER NOT NULL DEFAULT 1000000;
ALTER TABLE shop_profile ADD COLUMN points_expiry_months INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shop_profile ADD COLUMN referral_points_referrer INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shop_profile ADD COLUMN referral_points_referee INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shop_profile ADD COLUMN referral_points_on TEXT NOT NULL DEFAULT 'join'
    CHECK (referral_points_on IN ('join', 'first_purchase'));

CREATE TABLE members (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    -- Normalised 11-digit mobile; NULL once the member is deleted (personal data gone).
    phone            TEXT    UNIQUE,
    wechat           TEXT    NOT NULL DEFAULT '',
    gender           TEXT    NOT NULL DEFAULT 'unknown'
                             CHECK (gender IN ('unknown', 'male', 'female')),
    birthday_month   INTEGER CHECK (birthday_month BETWEEN 1 AND 12),
    birthday_day     INTEGER CHECK (birthday_day BETWEEN 1 AND 30 OR birthday_day = 31),
    birthday_year    INTEGER,
    birthday_lunar   INTEGER NOT NULL DEFAULT 0 CHECK (birthday_lunar IN (0, 1)),
    joined_on        TEXT    NOT NULL,
    source           TEXT    NOT NULL DEFAULT '',
    referrer_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    notes            TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'active'
                             CHECK (status IN ('active', 'left', 'deleted')),
    left_reason      TEXT    NOT NULL DEFAULT '',
    name_pinyin      TEXT    NOT NULL DEFAULT '',
    name_initials    TEXT    NOT NULL DEFAULT '',
    -- Caches of facts derived from the ledgers for `cache_state.refreshed_on`;
    -- members::refresh rebuilds them, and tests check they equal the ledgers.
    spend_12m_fen    INTEGER NOT NULL DEFAULT 0,
    points_balance   INTEGER NOT NULL DEFAULT 0,
    last_purchase_on TEXT,
    tier             TEXT    NOT NULL DEFAULT 'none',
    -- Solar dates of this year's birthday and of the next one on or after refreshed_on.
    birthday_this_year_on TEXT,
    birthday_next_on      TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
CREATE INDEX members_referrer ON members(referrer_id);
CREATE INDEX members_last4 ON members(substr(phone, 8));
CREATE INDEX members_spend ON members(spend_12m_fen);
-- The default order of the list: walked in order, a page stops after 50 rows.
CREATE INDEX members_joined ON members(joined_on);
-- Pinyin prefix search ("zs", "zhang") runs as range scans on these.
CREATE INDEX members_initials ON members(name_initials);
CREATE INDEX members_pinyin ON members(name_pinyin);

CREATE TABLE member_tags (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    tag       TEXT    NOT NULL,
    PRIMARY KEY (member_id, tag)
) WITHOUT ROWID;
CREATE INDEX member_tags_tag ON member_tags(tag);

-- Purchases are never edited: a mistake is voided by a reversing entry.
CREATE TABLE purchases (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen <> 0),
    occurred_on TEXT    NOT NULL,
    category    TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT '',
    reverses_id INTEGER UNIQUE REFERENCES purchases(id),
    created_at  TEXT    NOT NULL
);
CREATE INDEX purchases_member_date ON purchases(member_id, occurred_on);

-- The points balance is always this ledger's sum.
CREATE TABLE points_entries (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    kind        TEXT    NOT NULL
                CHECK (kind IN ('purchase', 'award', 'redeem', 'expire', 'referral', 'reversal')),
    reason      TEXT    NOT NULL DEFAULT '',
    purchase_id INTEGER REFERENCES purchases(id),
    occurred_on TEXT    NOT NULL,
    -- For earned points when expiry is on: the day they lapse.
    expires_on  TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX points_member_date ON points_entries(member_id, occurred_on);

CREATE TABLE tier_changes (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    from_tier  TEXT    NOT NULL,
    to_tier    TEXT    NOT NULL,
    changed_on TEXT    NOT NULL
);
CREATE INDEX tier_changes_member ON tier_changes(member_id, changed_on);

CREATE TABLE cache_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
