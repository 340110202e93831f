"""Benchmarks: synthetic corpus and timing harnesses (see benchmarks/README or each module)."""
