"""CLI commands for the geo stage (placeholder until that stage lands)."""
