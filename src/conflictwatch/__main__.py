"""`python -m conflictwatch` runs the CLI."""

from conflictwatch.cli import main

if __name__ == "__main__":
    main()
