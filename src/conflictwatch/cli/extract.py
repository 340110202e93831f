"""CLI commands for the extract stage (placeholder until that stage lands)."""
