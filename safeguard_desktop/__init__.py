"""safeguard-desktop: offline-first safeguarding records for UK practitioners."""

__version__ = "0.1.0"
