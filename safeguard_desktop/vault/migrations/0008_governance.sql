-- Information governance: retention and lawful disposal, holds, subject access requests,
-- statements of disagreement, restriction, moving a misfiled record, and the disclosure log.
--
-- Dates a person chose (a review date, a deadline) are ISO dates; instants are ISO 8601 UTC.
-- `*_by` columns hold the practitioner as JSON, like `versions.author`: staff, never subjects.

-- The deliberate disposal step. 0001 made versions and attachment bytes undeletable; now a
-- row may be deleted only while its record (or 'blob:<sha256>') is listed here. The disposal
-- step fills this table and empties it again inside one transaction, so at rest it is empty
-- and every other path still meets the append-only triggers.
CREATE TABLE disposal_pending (
    record_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

DROP TRIGGER versions_no_delete;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
WHEN NOT EXISTS (SELECT 1 FROM disposal_pending WHERE record_id = OLD.record_id)
BEGIN SELECT RAISE(ABORT, 'record versions are append-only'); END;

DROP TRIGGER blobs_no_delete;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
WHEN NOT EXISTS (SELECT 1 FROM disposal_pending WHERE record_id = 'blob:' || OLD.sha256)
BEGIN SELECT RAISE(ABORT, 'attachments are never altered'); END;

-- An organisation's adjustments to the shipped retention rules. The newest row per rule wins;
-- rows are never changed, so the history of every adjustment stays.
CREATE TABLE retention_rule_changes (
    id         INTEGER PRIMARY KEY,
    rule_id    TEXT NOT NULL,
    settings   TEXT NOT NULL,               -- JSON: the rule's adjusted fields
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER retention_rule_changes_no_update BEFORE UPDATE ON retention_rule_changes
BEGIN SELECT RAISE(ABORT, 'retention rule changes are never altered'); END;
CREATE TRIGGER retention_rule_changes_no_delete BEFORE DELETE ON retention_rule_changes
BEGIN SELECT RAISE(ABORT, 'retention rule changes are never altered'); END;

-- Facts about a child's file that the rules need and the record does not hold.
CREATE TABLE retention_facts (
    child_id    TEXT PRIMARY KEY REFERENCES records (id),
    care_ended  TEXT,                       -- ISO date the service's involvement ended
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Review decisions to keep a file longer: the reason and the next review date.
CREATE TABLE retention_reviews (
    id          INTEGER PRIMARY KEY,
    child_id    TEXT NOT NULL REFERENCES records (id),
    decision    TEXT NOT NULL CHECK (decision IN ('keep')),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    next_review TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL
) STRICT;
CREATE INDEX retention_reviews_by_child ON retention_reviews (child_id, id);

-- Legal and practice holds. A file with a hold that is not lifted is never disposed of.
CREATE TABLE holds (
    id          INTEGER PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records (id),
    kind        TEXT NOT NULL CHECK (kind IN ('litigation', 'practice_review', 'police')),
    reference   TEXT NOT NULL CHECK (length(trim(reference)) > 0),
    placed_by   TEXT NOT NULL,
    placed_at   TEXT NOT NULL,
    lifted_at   TEXT,
    lifted_by   TEXT,
    lift_reason TEXT,
    CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
) STRICT;
CREATE INDEX holds_by_record ON holds (record_id);

-- What was disposed of: kinds and IDs, the rule, who and when. Never a name or any content.
CREATE TABLE destruction_log (
    id                  INTEGER PRIMARY KEY,
    disposed_at         TEXT NOT NULL,
    record_kind         TEXT NOT NULL,      -- the kind of the file's main record ('child')
    record_id           TEXT NOT NULL,
    rule_id             TEXT NOT NULL,
    rule_source         TEXT NOT NULL,
    decided_by          TEXT NOT NULL,
    records_removed     INTEGER NOT NULL,
    versions_removed    INTEGER NOT NULL,
    attachments_removed INTEGER NOT NULL,
    audit_seq           INTEGER NOT NULL,   -- the audit event that records the disposal
    backups             TEXT NOT NULL       -- JSON: backups made before it, which still hold the file
) STRICT;
CREATE TRIGGER destruction_log_no_update BEFORE UPDATE ON destruction_log
BEGIN SELECT RAISE(ABORT, 'the destruction log is append-only'); END;
CREATE TRIGGER destruction_log_no_delete BEFORE DELETE ON destruction_log
BEGIN SELECT RAISE(ABORT, 'the destruction log is append-only'); END;

CREATE TABLE destruction_items (
    destruction_id INTEGER NOT NULL REFERENCES destruction_log (id),
    record_id      TEXT NOT NULL,
    kind           TEXT NOT NULL,
    PRIMARY KEY (destruction_id, record_id)
) STRICT, WITHOUT ROWID;

-- Every backup this vault made, so a disposal can name the backups that still hold the file.
CREATE TABLE backups (
    id      INTEGER PRIMARY KEY,
    made_at TEXT NOT NULL,
    path    TEXT NOT NULL,
    sha256  TEXT NOT NULL
) STRICT;

-- The disclosure log: every export, print, PDF, CSV, packet and subject access bundle.
-- The audit chain holds the same event's digest; this row adds to whom and why.
CREATE TABLE disclosures (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    what         TEXT NOT NULL,             -- the export's name, e.g. 'chronology.pdf'
    record_id    TEXT,                      -- the child, referral or record it came from
    recipient    TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    disclosed_by TEXT NOT NULL,
    digest       TEXT NOT NULL,
    audit_seq    INTEGER NOT NULL
) STRICT;
CREATE INDEX disclosures_by_record ON disclosures (record_id);

-- Subject access requests and the reviewer's work on each bundle.
CREATE TABLE sar_requests (
    id               TEXT PRIMARY KEY,
    person_id        TEXT NOT NULL,
    person_kind      TEXT NOT NULL CHECK (person_kind IN ('child', 'adult')),
    requester        TEXT NOT NULL,
    received         TEXT NOT NULL,
    deadline         TEXT NOT NULL,
    extended_to      TEXT,
    extension_reason TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'withdrawn')),
    closed_on        TEXT,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL
) STRICT;

CREATE TABLE sar_bundles (
    request_id TEXT PRIMARY KEY REFERENCES sar_requests (id),
    payload    TEXT NOT NULL,               -- JSON: the records chosen and their redactions
    saved_at   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A person's statement that they disagree with a record. It travels with the record.
CREATE TABLE statements (
    id          TEXT PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records (id),
    made_by     TEXT NOT NULL,              -- who disagrees, as they want to be named
    received    TEXT NOT NULL,
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX statements_by_record ON statements (record_id);
CREATE TRIGGER statements_no_update BEFORE UPDATE ON statements
BEGIN SELECT RAISE(ABORT, 'statements are never altered'); END;
CREATE TRIGGER statements_no_delete BEFORE DELETE ON statements
WHEN NOT EXISTS (SELECT 1 FROM disposal_pending WHERE record_id = OLD.record_id)
BEGIN SELECT RAISE(ABORT, 'statements are never altered'); END;

-- Restriction while a dispute is open (UK GDPR article 18).
CREATE TABLE restrictions (
    id          INTEGER PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records (id),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    placed_by   TEXT NOT NULL,
    placed_at   TEXT NOT NULL,
    lifted_at   TEXT,
    lifted_by   TEXT,
    lift_reason TEXT
) STRICT;
CREATE INDEX restrictions_by_record ON restrictions (record_id);

-- Records moved from the child they were wrongly filed under.
CREATE TABLE moves (
    id         INTEGER PRIMARY KEY,
    record_id  TEXT NOT NULL REFERENCES records (id),
    from_child TEXT NOT NULL,
    to_child   TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    moved_by   TEXT NOT NULL,
    moved_at   TEXT NOT NULL
) STRICT;
CREATE INDEX moves_by_record ON moves (record_id);
