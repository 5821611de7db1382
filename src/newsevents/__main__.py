"""`python -m newsevents` runs the CLI."""

from .cli.main import main

main()
