-- Content a partnership issues as a signed pack (threshold guide editions now, screening
-- structures later), kept in the vault so that every edition that ever informed a decision
-- stays readable. Rows are never changed or removed: a newer edition is a new row.
--
-- `digest` is the SHA-256 of the content's canonical JSON, the digest a decision cites.
-- `payload` is the exact signed text, so its signature can be checked again at any time;
-- `payload_sha256` is its own digest (the same as `digest` for packs made by our tool).

CREATE TABLE content_editions (
    digest             TEXT PRIMARY KEY CHECK (length(digest) = 64),
    kind               TEXT NOT NULL,          -- e.g. 'threshold_guide'
    content_id         TEXT NOT NULL,          -- the guide's ID: a pack replaces only its own
    edition            TEXT NOT NULL,          -- as the publisher names it, e.g. 'July 2021'
    published          TEXT NOT NULL,          -- ISO date
    revision           INTEGER NOT NULL CHECK (revision >= 1),
    payload            TEXT NOT NULL,
    payload_sha256     TEXT NOT NULL CHECK (length(payload_sha256) = 64),
    signature          BLOB NOT NULL CHECK (length(signature) = 64),
    signer_key         BLOB NOT NULL CHECK (length(signer_key) = 32),
    signer_fingerprint TEXT NOT NULL,
    installed_at       TEXT NOT NULL,
    installed_by       TEXT NOT NULL           -- the practitioner, as JSON, like versions.author
) STRICT;
CREATE INDEX content_editions_by_kind ON content_editions (kind, content_id, published, revision);

CREATE TRIGGER content_editions_no_update BEFORE UPDATE ON content_editions
BEGIN SELECT RAISE(ABORT, 'installed content editions are never altered'); END;
CREATE TRIGGER content_editions_no_delete BEFORE DELETE ON content_editions
BEGIN SELECT RAISE(ABORT, 'installed content editions are never altered'); END;
