"""A4 PDFs built in the core: shared page furniture, fonts and safe text."""
