-- The practitioner's signing identity, and the certificates of the teams packets go to.
--
-- `signing_identity` holds the key pair that signs every packet's manifest: made with the
-- vault (self-signed), or imported from the organisation (PKCS#12). The private key is kept
-- here only, as PKCS#8 DER, inside the encrypted vault. The newest row is the one in use;
-- older rows stay, so that a packet signed last year can still be matched to its certificate.
--
-- `destination_certificates` holds, per destination ('mash', 'lcss_named', ...), the RSA
-- certificate packets are encrypted to. The newest row for a destination wins; a row with no
-- certificate means it was removed. Rows in both tables are never changed or removed.
-- `fingerprint` is the SHA-256 of the certificate's DER, as lower-case hex.

CREATE TABLE signing_identity (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,              -- the practitioner, as JSON, like versions.author
    source      TEXT NOT NULL CHECK (source IN ('self-signed', 'pkcs12')),
    private_key BLOB NOT NULL,              -- PKCS#8 DER, unencrypted inside the encrypted vault
    certificate BLOB NOT NULL,              -- X.509 DER
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64)
) STRICT;

CREATE TRIGGER signing_identity_no_update BEFORE UPDATE ON signing_identity
BEGIN SELECT RAISE(ABORT, 'signing identities are never altered'); END;
CREATE TRIGGER signing_identity_no_delete BEFORE DELETE ON signing_identity
BEGIN SELECT RAISE(ABORT, 'signing identities are never altered'); END;

CREATE TABLE destination_certificates (
    id          INTEGER PRIMARY KEY,
    destination TEXT NOT NULL,
    certificate BLOB,                       -- X.509 DER; NULL when the certificate was removed
    fingerprint TEXT CHECK (fingerprint IS NULL OR length(fingerprint) = 64),
    subject     TEXT,
    not_after   TEXT,                       -- ISO date-time, UTC
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,              -- the practitioner, as JSON
    CHECK ((certificate IS NULL) = (fingerprint IS NULL))
) STRICT;
CREATE INDEX destination_certificates_by_destination ON destination_certificates (destination, id);

CREATE TRIGGER destination_certificates_no_update BEFORE UPDATE ON destination_certificates
BEGIN SELECT RAISE(ABORT, 'destination certificates are never altered'); END;
CREATE TRIGGER destination_certificates_no_delete BEFORE DELETE ON destination_certificates
BEGIN SELECT RAISE(ABORT, 'destination certificates are never altered'); END;
