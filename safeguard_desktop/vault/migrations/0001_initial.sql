-- The first schema. Records are append-only: every change is a new row in `versions`;
-- `records` holds what lists need to show and sort without decoding every payload.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE records (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    current_version TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'withdrawn')),
    title           TEXT NOT NULL,
    sort_key        TEXT NOT NULL
) STRICT;
CREATE INDEX records_by_kind ON records (kind, state, sort_key);

CREATE TABLE versions (
    id          TEXT PRIMARY KEY,
    record_id   TEXT NOT NULL REFERENCES records (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    replaces    TEXT REFERENCES versions (id),
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    digest      TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'amend', 'withdraw')),
    reason      TEXT,
    author      TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (record_id, seq),
    CHECK ((seq = 1) = (replaces IS NULL)),
    CHECK (action = 'create' OR length(trim(reason)) > 0)
) STRICT;

-- Which children and adults a record concerns, from its current version.
CREATE TABLE links (
    record_id   TEXT NOT NULL REFERENCES records (id),
    target_id   TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('child', 'adult')),
    PRIMARY KEY (record_id, target_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX links_by_target ON links (target_id);

-- Attachment bytes, stored once per content digest and never altered.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
) STRICT;

-- The audit chain holds IDs and digests only, so lawful disposal leaves it verifiable.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    record_id TEXT,
    version_id TEXT,
    digest    TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
) STRICT;

CREATE VIRTUAL TABLE search USING fts5 (
    record_id UNINDEXED,
    kind UNINDEXED,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- History is append-only at the database level too. A later, deliberate disposal step for
-- lawful erasure will replace these triggers in its own migration.
CREATE TRIGGER versions_no_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'record versions are append-only'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'record versions are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'attachments are never altered'); END;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
BEGIN SELECT RAISE(ABORT, 'attachments are never altered'); END;
