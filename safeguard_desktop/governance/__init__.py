"""Information governance: retention and disposal, subject access, rectification, disclosures."""
