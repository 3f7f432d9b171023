-- What a week at the counter asked for: ledger entries that came from an import are
-- marked (so a re-import adjusts them instead of adding a copy), every redemption
-- keeps who brought the customer and who served them and outlives its channel, and a
-- channel can be archived.

ALTER TABLE purchases ADD COLUMN imported INTEGER NOT NULL DEFAULT 0
    CHECK (imported = 0 OR imported = 1);
ALTER TABLE points_entries ADD COLUMN imported INTEGER NOT NULL DEFAULT 0
    CHECK (imported = 0 OR imported = 1);
-- Until now an import wrote exactly these texts; nothing else did.
UPDATE purchases SET imported = 1
 WHERE category = '导入' AND note IN ('导入的累计消费', '撤销');
UPDATE points_entries SET imported = 1 WHERE kind = 'award' AND reason = '导入的积分';
-- A voiding entry of an imported purchase is itself an import entry; the note test
-- above also caught reversals of counter purchases filed under 导入 by hand.
UPDATE purchases SET imported = 0
 WHERE imported = 1 AND reverses_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM purchases o WHERE o.id = purchases.reverses_id AND o.imported = 1);

-- The redemption log (核销记录). Rebuilt so that deleting a channel or its codes keeps
-- the history: the channel's name is copied, and the links no longer cascade.
CREATE TABLE invite_redemptions_new (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL,
    channel_id   INTEGER REFERENCES invite_channels(id) ON DELETE SET NULL,
    channel_name TEXT    NOT NULL,
    member_id    INTEGER REFERENCES members(id) ON DELETE SET NULL,
    new_member   INTEGER NOT NULL CHECK (new_member = 0 OR new_member = 1),
    gift         TEXT    NOT NULL DEFAULT '',
    -- Whose 老带新 code it was, when it was one.
    referrer_id  INTEGER REFERENCES members(id) ON DELETE SET NULL,
    -- Who was at the counter (a staff name as typed or picked; may be empty).
    staff        TEXT    NOT NULL DEFAULT '',
    redeemed_at  TEXT    NOT NULL
);
INSERT INTO invite_redemptions_new
       (id, code, channel_id, channel_name, member_id, new_member, gift, referrer_id, staff,
        redeemed_at)
SELECT r.id, r.code, r.channel_id, COALESCE(c.name, ''), r.member_id, r.new_member, r.gift,
       k.referrer_id, '', r.redeemed_at
  FROM invite_redemptions r
  LEFT JOIN invite_channels c ON c.id = r.channel_id
  LEFT JOIN invite_codes k ON k.code = r.code;
DROP TABLE invite_redemptions;
ALTER TABLE invite_redemptions_new RENAME TO invite_redemptions;
CREATE INDEX invite_redemptions_channel ON invite_redemptions(channel_id, redeemed_at);
CREATE INDEX invite_redemptions_member ON invite_redemptions(member_id);
CREATE INDEX invite_redemptions_at ON invite_redemptions(redeemed_at);
CREATE INDEX invite_redemptions_code ON invite_redemptions(code, member_id);

-- An archived channel leaves the lists and prints no more cards; its codes still
-- redeem, so no customer holding a card is turned away.
ALTER TABLE invite_channels ADD COLUMN archived INTEGER NOT NULL DEFAULT 0
    CHECK (archived = 0 OR archived = 1);

-- The day a member was marked as having left (reports count leavers per period).
ALTER TABLE members ADD COLUMN left_on TEXT;
UPDATE members SET left_on = substr(updated_at, 1, 10) WHERE status = 'left';
