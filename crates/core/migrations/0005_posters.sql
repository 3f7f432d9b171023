-- The picture library posters draw from, each picture with its source and licence,
-- and the poster designs a shop saves to reopen.

CREATE TABLE assets (
    id            INTEGER PRIMARY KEY,
    -- File name under the data folder's assets/library/.
    file          TEXT    NOT NULL UNIQUE,
    original_name TEXT    NOT NULL,
    -- own: the shop's own photo; licensed: bought, with where from; consent: a
    -- customer's photo used with their consent; web: found online, reference only.
    licence       TEXT    NOT NULL
                  CHECK (licence = 'own' OR licence = 'licensed' OR licence = 'consent'
                         OR licence = 'web'),
    source        TEXT    NOT NULL DEFAULT '',
    consent_name  TEXT    NOT NULL DEFAULT '',
    consent_on    TEXT,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    CHECK (licence <> 'consent' OR (consent_name <> '' AND consent_on IS NOT NULL)),
    CHECK (licence <> 'licensed' OR source <> '')
);

CREATE TABLE poster_designs (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    -- The PosterContent as JSON.
    content     TEXT    NOT NULL,
    photo_asset INTEGER REFERENCES assets(id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
