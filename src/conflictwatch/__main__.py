"""`python -m conflictwatch` runs the CLI."""

from conflictwatch.cli import main

main()
