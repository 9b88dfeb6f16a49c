"""`python -m maeul …` — the command line (see maeul/cli.py)."""

from maeul.cli.main import main

raise SystemExit(main())
