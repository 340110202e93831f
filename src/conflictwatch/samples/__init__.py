"""Bundled sample reports written for the project (CC0), loaded by `ingest --samples`.

They are short, invented-wording reports about real kinds of events in real, gazetteer-findable
places, so a fresh install has something to extract, geocode and show on the map.
"""

from __future__ import annotations

from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent

#: File suffixes that hold reports (README.md and this module are not samples).
SAMPLE_SUFFIXES = (".txt", ".html", ".xml")


def sample_paths() -> list[Path]:
    """Every bundled sample file (text, HTML page, RSS feed), sorted by name for a stable order."""
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file() and p.suffix in SAMPLE_SUFFIXES)


__all__ = ["SAMPLES_DIR", "SAMPLE_SUFFIXES", "sample_paths"]
