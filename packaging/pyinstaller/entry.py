"""The bundled program's entry point: the same `main` the `safeguard-desktop` script runs."""

import sys

from safeguard_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
