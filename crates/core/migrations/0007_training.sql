-- Training and SOP (培训与SOP): the staff roster, checklist templates and the runs
-- started from them, course progress, exam attempts and the level criteria.

CREATE TABLE staff (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE CHECK (name <> ''),
    role        TEXT    NOT NULL CHECK (role <> ''),
    level       TEXT    NOT NULL CHECK (level <> ''),
    started_on  TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE checklist_templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE CHECK (name <> ''),
    -- daily_sop, group_setup, cold_start, launch_day, member_day, festival, custom
    kind        TEXT    NOT NULL CHECK (kind <> ''),
    -- 1: item dates count from an event date (launch day, member day, festival)
    -- rather than from the day the run starts.
    event_based INTEGER NOT NULL DEFAULT 0 CHECK (event_based = 0 OR event_based = 1),
    description TEXT    NOT NULL DEFAULT '',
    -- Set on the templates we ship.
    default_key TEXT    UNIQUE,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE TABLE template_items (
    id           INTEGER PRIMARY KEY,
    template_id  INTEGER NOT NULL REFERENCES checklist_templates (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    section      TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL CHECK (text <> ''),
    -- Days after the start (or before/after the event); NULL: no date.
    day_offset   INTEGER,
    -- 'HH:MM' on the item's day; both or neither.
    window_start TEXT,
    window_end   TEXT,
    UNIQUE (template_id, position)
);

-- A checklist started for one staff member: its items are copied in, so editing the
-- template later never changes a run already started.
CREATE TABLE checklist_runs (
    id            INTEGER PRIMARY KEY,
    template_id   INTEGER REFERENCES checklist_templates (id) ON DELETE SET NULL,
    template_name TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    staff_id      INTEGER NOT NULL REFERENCES staff (id),
    start_on      TEXT    NOT NULL,
    event_on      TEXT,
    created_at    TEXT    NOT NULL
);

CREATE INDEX checklist_runs_by_date ON checklist_runs (start_on);
-- One daily SOP per staff member per day (the app starts it itself).
CREATE UNIQUE INDEX one_daily_sop ON checklist_runs (staff_id, start_on) WHERE kind = 'daily_sop';

CREATE TABLE run_items (
    run_id       INTEGER NOT NULL REFERENCES checklist_runs (id) ON DELETE CASCADE,
    no           INTEGER NOT NULL,
    section      TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL,
    due_on       TEXT,
    window_start TEXT,
    window_end   TEXT,
    done_at      TEXT,
    done_by      INTEGER REFERENCES staff (id),
    note         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (run_id, no)
);

-- The week report reads items by their day.
CREATE INDEX run_items_by_due ON run_items (due_on);

CREATE TABLE course_progress (
    staff_id    INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    module_key  TEXT    NOT NULL,
    started_on  TEXT    NOT NULL,
    done_on     TEXT,
    PRIMARY KEY (staff_id, module_key)
);

CREATE TABLE exam_attempts (
    id           INTEGER PRIMARY KEY,
    staff_id     INTEGER NOT NULL REFERENCES staff (id),
    -- The staff member's level when the exam was taken (printed on the certificate).
    level        TEXT    NOT NULL,
    started_at   TEXT    NOT NULL,
    submitted_at TEXT,
    score        INTEGER,
    passed       INTEGER CHECK (passed IS NULL OR passed = 0 OR passed = 1)
);

-- Each drawn question is copied in whole, so a later question bank never changes an
-- attempt's result.
CREATE TABLE exam_attempt_questions (
    attempt_id  INTEGER NOT NULL REFERENCES exam_attempts (id) ON DELETE CASCADE,
    no          INTEGER NOT NULL,
    question_id INTEGER NOT NULL,
    module_key  TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    -- JSON array of strings.
    options     TEXT    NOT NULL,
    -- The right letters, e.g. 'AC'.
    correct     TEXT    NOT NULL,
    multiple    INTEGER NOT NULL CHECK (multiple = 0 OR multiple = 1),
    explanation TEXT    NOT NULL,
    -- The letters given ('' for left blank); NULL until submitted.
    answer      TEXT,
    PRIMARY KEY (attempt_id, no),
    UNIQUE (attempt_id, question_id)
);

-- What a staff member needs to be suggested for a level (editable by the owner).
CREATE TABLE level_criteria (
    level          TEXT    PRIMARY KEY,
    min_exam_score INTEGER NOT NULL CHECK (min_exam_score BETWEEN 0 AND 100),
    min_sop_days   INTEGER NOT NULL CHECK (min_sop_days >= 0),
    course_done    INTEGER NOT NULL CHECK (course_done = 0 OR course_done = 1),
    min_months     INTEGER NOT NULL CHECK (min_months >= 0)
);

-- One row once the shipped templates were loaded (first run).
CREATE TABLE training_library (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    defaults_loaded_at TEXT    NOT NULL
);
