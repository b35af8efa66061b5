-- Unsaved forms, kept when the vault locks mid-form so that nothing typed is lost. Drafts
-- are not records: they are replaced in place, not versioned, and not audited. They live
-- inside the encrypted database like everything else, never in a file beside it.

CREATE TABLE drafts (
    key      TEXT PRIMARY KEY,
    payload  TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;
