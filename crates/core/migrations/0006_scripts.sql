-- The phrase library (话术库) staff paste into group chats, and the keyword reply
-- table (关键词 → 回复).

CREATE TABLE scripts (
    id            INTEGER PRIMARY KEY,
    title         TEXT    NOT NULL CHECK (title <> ''),
    category      TEXT    NOT NULL CHECK (category <> ''),
    body          TEXT    NOT NULL CHECK (body <> ''),
    -- JSON array of strings.
    tags          TEXT    NOT NULL DEFAULT '[]',
    favorite      INTEGER NOT NULL DEFAULT 0 CHECK (favorite = 0 OR favorite = 1),
    uses          INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    last_used_at  TEXT,
    -- Search keys of the title: full pinyin and initials (a cache of the title).
    title_pinyin  TEXT    NOT NULL DEFAULT '',
    title_initials TEXT   NOT NULL DEFAULT '',
    -- Set on the phrases we ship, so "restore defaults" knows which are missing.
    default_key   TEXT    UNIQUE,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (category, title)
);

CREATE INDEX scripts_rank ON scripts (favorite DESC, uses DESC, id);

CREATE TABLE keyword_rules (
    id          INTEGER PRIMARY KEY,
    -- JSON array of keywords; a message containing any of them fires the rule.
    keywords    TEXT    NOT NULL CHECK (keywords <> '[]'),
    reply       TEXT    NOT NULL CHECK (reply <> ''),
    -- 1: fires only when the whole message is one of the keywords.
    whole       INTEGER NOT NULL DEFAULT 0 CHECK (whole = 0 OR whole = 1),
    priority    INTEGER NOT NULL DEFAULT 0,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled = 0 OR enabled = 1),
    default_key TEXT    UNIQUE,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- One row once the shipped phrases were loaded (first run), so deleting them all
-- does not bring them back on the next start.
CREATE TABLE script_library (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    defaults_loaded_at TEXT    NOT NULL
);
