"""Building a child's chronology from every record kind, and exporting it."""
