from safeguard_desktop.cli import main

raise SystemExit(main())
