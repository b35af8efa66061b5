-- Screening packs an organisation imported (its licensed GCP2 descriptors, or the county's
-- newer screening tool), kept in the vault so that every pack a screening used stays readable.
-- Packs are not signed: the organisation loads its own. Rows are never changed or removed: a
-- newer pack is a new row, and the newest import of a pack_id is the one new screenings use.
--
-- `digest` is the SHA-256 of `payload`, the pack's canonical JSON: the digest a screening's
-- PackRef cites. Packs hold no personal data; the audit chain records the digest only.

CREATE TABLE screening_packs (
    digest      TEXT PRIMARY KEY CHECK (length(digest) = 64),
    pack_id     TEXT NOT NULL,          -- a pack replaces only a pack with this ID
    edition     TEXT NOT NULL,          -- as the pack names it, e.g. '2027.1'
    title       TEXT NOT NULL,
    payload     TEXT NOT NULL,          -- canonical JSON
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL           -- the practitioner, as JSON, like versions.author
) STRICT;
CREATE INDEX screening_packs_by_id ON screening_packs (pack_id, imported_at);

CREATE TRIGGER screening_packs_no_update BEFORE UPDATE ON screening_packs
BEGIN SELECT RAISE(ABORT, 'imported screening packs are never altered'); END;
CREATE TRIGGER screening_packs_no_delete BEFORE DELETE ON screening_packs
BEGIN SELECT RAISE(ABORT, 'imported screening packs are never altered'); END;
