-- The shop's groups (社群), invite channels, one-time invite codes and who redeemed them.

CREATE TABLE groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    -- 活动群/服务群/销售群/核心群, or the shop's own word
    kind        TEXT    NOT NULL,
    platform    TEXT    NOT NULL DEFAULT 'wechat'
                CHECK (platform = 'wechat' OR platform = 'wecom'),
    capacity    INTEGER NOT NULL DEFAULT 500 CHECK (capacity > 0),
    size        INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
    owner       TEXT    NOT NULL DEFAULT '',
    admins      TEXT    NOT NULL DEFAULT '',
    stage       TEXT    NOT NULL DEFAULT 'build'
                CHECK (stage = 'build' OR stage = 'active' OR stage = 'fission'
                       OR stage = 'convert' OR stage = 'maintain'),
    entry_rule  TEXT    NOT NULL DEFAULT 'free'
                CHECK (entry_rule = 'free' OR entry_rule = 'approval' OR entry_rule = 'paid'
                       OR entry_rule = 'task'),
    link        TEXT    NOT NULL DEFAULT '',
    -- The day the group's QR code was made: WeChat expires it 7 days later.
    qr_made_on  TEXT,
    notes       TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE member_groups (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    group_id  INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    joined_on TEXT    NOT NULL,
    PRIMARY KEY (member_id, group_id)
) WITHOUT ROWID;
CREATE INDEX member_groups_group ON member_groups(group_id);

CREATE TABLE invite_channels (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL
                CHECK (kind = 'counter' OR kind = 'receipt' OR kind = 'bag' OR kind = 'partner'
                       OR kind = 'referral' OR kind = 'online'),
    link        TEXT    NOT NULL,
    -- When set, the channel's link is that group's join link (and its QR expiry applies).
    group_id    INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    headline    TEXT    NOT NULL DEFAULT '',
    gift        TEXT    NOT NULL DEFAULT '',
    partner     TEXT    NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    -- Codes of this channel are accepted up to and including this day.
    valid_until TEXT,
    created_at  TEXT    NOT NULL
);

CREATE TABLE invite_codes (
    code        TEXT    PRIMARY KEY,
    channel_id  INTEGER NOT NULL REFERENCES invite_channels(id) ON DELETE CASCADE,
    -- A member's personal 老带新 code: reusable, and its redeemers are referred by them.
    referrer_id INTEGER REFERENCES members(id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    printed_at  TEXT,
    used_at     TEXT,
    used_by     INTEGER REFERENCES members(id) ON DELETE SET NULL
) WITHOUT ROWID;
CREATE INDEX invite_codes_channel ON invite_codes(channel_id, printed_at);
CREATE UNIQUE INDEX invite_codes_referrer ON invite_codes(referrer_id) WHERE referrer_id IS NOT NULL;

CREATE TABLE invite_redemptions (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL REFERENCES invite_codes(code) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL REFERENCES invite_channels(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id) ON DELETE SET NULL,
    new_member  INTEGER NOT NULL CHECK (new_member = 0 OR new_member = 1),
    gift        TEXT    NOT NULL DEFAULT '',
    redeemed_at TEXT    NOT NULL
);
CREATE INDEX invite_redemptions_channel ON invite_redemptions(channel_id, redeemed_at);
CREATE INDEX invite_redemptions_member ON invite_redemptions(member_id);
