-- Projections of each record's current version, kept in step by the repositories in the same
-- transaction as the version itself. They hold nothing that is not in `versions`, so they can
-- be rebuilt at any time (the app does so when a new build changes how a kind projects).

-- One row per chronology item: one child's view of one record.
CREATE TABLE timeline (
    record_id    TEXT NOT NULL REFERENCES records (id),
    item         INTEGER NOT NULL,
    child_id     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,   -- earliest UTC instant the date could mean, ISO 8601
    precision    INTEGER NOT NULL, -- 0 exact time … 3 year, so a vaguer date sorts after
    happened     TEXT NOT NULL,   -- the EventDate as JSON
    date_text    TEXT NOT NULL,
    categories   TEXT NOT NULL,   -- '|A|B|' so that one category can be matched exactly
    theme        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    significance TEXT NOT NULL,
    impact       TEXT NOT NULL,
    source       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    role         TEXT NOT NULL,
    PRIMARY KEY (record_id, item)
) STRICT;
CREATE INDEX timeline_by_child ON timeline (child_id, at, precision);

-- Reviews and actions that records ask for by a date.
CREATE TABLE due (
    record_id TEXT NOT NULL REFERENCES records (id),
    item      INTEGER NOT NULL,
    due       TEXT NOT NULL,      -- ISO date
    what      TEXT NOT NULL,
    child_id  TEXT,
    PRIMARY KEY (record_id, item)
) STRICT;
CREATE INDEX due_by_date ON due (due);
