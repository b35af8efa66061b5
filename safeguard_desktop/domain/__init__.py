"""The core domain: records, identifiers and UK dates, with no Qt and no storage."""
