"""Neglect screenings after GCP2: the structure as a pack, the screening as a record."""
