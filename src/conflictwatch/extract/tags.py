"""Tags: tactics ("double tap"), targeted groups and weapons, where the text states them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from conflictwatch.extract.lexicon_files import PhraseMatcher, load_lexicon

# Tags that describe a tactic or weapon of the whole day's attacks, not one target.
TACTIC_TAGS = frozenset(
    {
        "double tap",
        "barrel bombs",
        "cluster munitions",
        "incendiary weapons",
        "chemical weapons",
        "thermobaric weapons",
    }
)


@dataclass(frozen=True)
class TagMention:
    start: int
    end: int
    text: str
    tag: str


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher[str]:
    entries = [
        (p, tag) for tag, patterns in load_lexicon("tags.yaml")["tags"].items() for p in patterns
    ]
    return PhraseMatcher(entries, shared=True)


def find_tags(text: str) -> list[TagMention]:
    """Every tag phrase in `text`."""
    return [TagMention(s, e, text[s:e], tag) for s, e, tag in _matcher().finditer(text)]
