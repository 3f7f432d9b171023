-- 活动与日历.

-- The member day (会员日): this day of every month, the month's last day when it
-- has fewer; NULL when the shop keeps none.
ALTER TABLE shop_profile ADD COLUMN member_day INTEGER
    CHECK (member_day IS NULL OR member_day BETWEEN 1 AND 31);

-- The weekday content calendar (周一 … 周日), editable by the owner.
CREATE TABLE weekday_themes (
    weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
    theme   TEXT    NOT NULL
);
INSERT INTO weekday_themes (weekday, theme) VALUES
    (1, '产品知识：新品和用法讲透'),
    (2, '顾客故事：晒单和好评'),
    (3, '福利日：签到、抽奖、小游戏'),
    (4, '答疑：把大家常问的集中回复'),
    (5, '热点：聊聊这周大家关心的事'),
    (6, '促销日：本周优惠集中发'),
    (7, '回顾与预告：这周亮点、下周安排');

-- Days the owner adds to the calendar: statutory days off and working weekends
-- published after the app's own table ends, or the shop's own days.
CREATE TABLE calendar_days (
    id         INTEGER PRIMARY KEY,
    day        TEXT    NOT NULL,
    name       TEXT    NOT NULL CHECK (length(name) > 0),
    -- A working day (调休上班) rather than a day off.
    work       INTEGER NOT NULL DEFAULT 0 CHECK (work IN (0, 1)),
    created_at TEXT    NOT NULL
);
CREATE INDEX calendar_days_day ON calendar_days(day);

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) > 0),
    kind        TEXT    NOT NULL
                CHECK (kind IN ('festival', 'member_day', 'launch', 'flash_sale', 'live',
                                'referral', 'other')),
    -- The festival it was planned for, as the calendar names it ('' for none).
    festival    TEXT    NOT NULL DEFAULT '',
    start_on    TEXT    NOT NULL,
    end_on      TEXT    NOT NULL CHECK (end_on >= start_on),
    -- 核心诱饵 and 活动规则, as the owner writes them.
    lure        TEXT    NOT NULL DEFAULT '',
    rules       TEXT    NOT NULL DEFAULT '',
    goal_metric TEXT    NOT NULL
                CHECK (goal_metric IN ('sales', 'new_members', 'redemptions', 'referrals',
                                       'buyers')),
    -- In fen for sales, a count otherwise.
    goal_target INTEGER NOT NULL CHECK (goal_target > 0),
    checklist_run_id INTEGER REFERENCES checklist_runs(id) ON DELETE SET NULL,
    -- 复盘: written after the end; the figures are frozen then (JSON of the goal's
    -- figures as they stood), and shown from here on.
    review_worked TEXT  NOT NULL DEFAULT '',
    review_missed TEXT  NOT NULL DEFAULT '',
    review_figures TEXT,
    reviewed_at TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX campaigns_dates ON campaigns(start_on, end_on);

CREATE TABLE campaign_channels (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    channel_id  INTEGER NOT NULL REFERENCES invite_channels(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, channel_id)
) WITHOUT ROWID;

CREATE TABLE campaign_posters (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    design_id   INTEGER NOT NULL REFERENCES poster_designs(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, design_id)
) WITHOUT ROWID;

CREATE TABLE campaign_phrases (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    phrase_id   INTEGER NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, phrase_id)
) WITHOUT ROWID;
