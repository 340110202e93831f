"""Loading the YAML lexicons shipped under extract/lexicons/ and matching them fast.

`PhraseMatcher` is how every lexicon is matched: Python's regex engine tries the branches of a
big alternation one by one at every position, which is too slow for hundreds of phrases, so
patterns are bucketed by the characters they can start with and tried only at word starts.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

import yaml

P = TypeVar("P")
_ALL = frozenset(string.ascii_letters + string.digits + "'\"(")
_WORD_START = re.compile(r"(?<![\w-])[\w'\"(]")


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> Any:
    """Parse lexicons/NAME (YAML) from the package data."""
    text = resources.files("conflictwatch.extract").joinpath("lexicons", name).read_text("utf-8")
    return yaml.safe_load(text)


def alternation(patterns: Iterable[str]) -> str:
    """One non-capturing alternation, longest patterns first so regex picks the longest match."""
    return "(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")"


def _first_chars(seq: Any) -> tuple[set[str], bool]:
    """Characters a parsed pattern can start with, and whether it can match the empty string."""
    out: set[str] = set()
    for op, av in seq:
        name = str(op)
        if name == "LITERAL":
            out.add(chr(av))
            return out, False
        if name == "IN":
            chars: set[str] = set()
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    chars.add(chr(iav))
                elif iname == "RANGE":
                    chars.update(chr(c) for c in range(iav[0], iav[1] + 1) if c < 128)
                elif iname == "CATEGORY" and "DIGIT" in str(iav):
                    chars.update(string.digits)
                else:
                    return set(_ALL), False
            out |= chars
            return out, False
        if name == "SUBPATTERN":
            sub, nullable = _first_chars(av[3])
            out |= sub
            if not nullable:
                return out, False
            continue
        if name == "BRANCH":
            any_null = False
            for alt in av[1]:
                sub, nullable = _first_chars(alt)
                out |= sub
                any_null = any_null or nullable
            if not any_null:
                return out, False
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub, nullable = _first_chars(av[2])
            out |= sub
            if av[0] > 0 and not nullable:
                return out, False
            continue
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        return set(_ALL), False
    return out, True


def first_chars(pattern: str) -> set[str]:
    """Possible first characters of `pattern` (all word characters when unsure)."""
    chars, nullable = _first_chars(sre_parse.parse(pattern))
    return set(_ALL) if nullable else chars


class PhraseMatcher(Generic[P]):
    """Longest-match scanner for (regex, payload) entries, tried only at word starts.

    Case-insensitive matchers lower-case the text once and the patterns at build time.
    Matches never overlap: after a match the scan resumes at its end.
    """

    def __init__(self, entries: Sequence[tuple[str, P]], *, ignore_case: bool = True) -> None:
        self.ignore_case = ignore_case
        buckets: dict[str, list[tuple[str, int]]] = {}
        self.payloads: list[P] = []
        order = sorted(range(len(entries)), key=lambda i: len(entries[i][0]), reverse=True)
        for idx in order:
            pattern, payload = entries[idx]
            if ignore_case:
                pattern = _lower_pattern(pattern)
            self.payloads.append(payload)
            slot = len(self.payloads) - 1
            for ch in first_chars(pattern):
                buckets.setdefault(ch.lower() if ignore_case else ch, []).append((pattern, slot))
        self.buckets: dict[str, re.Pattern[str]] = {}
        for ch, items in buckets.items():
            body = "|".join(f"(?P<p{slot}>{pat})" for pat, slot in items)
            self.buckets[ch] = re.compile(r"(?:" + body + r")(?!\w)")

    def finditer(self, text: str) -> list[tuple[int, int, P]]:
        """All non-overlapping matches as (start, end, payload)."""
        hay = _lower(text) if self.ignore_case else text
        out: list[tuple[int, int, P]] = []
        pos_min = 0
        buckets = self.buckets
        for ws in _WORD_START.finditer(hay):
            pos = ws.start()
            if pos < pos_min:
                continue
            rx = buckets.get(hay[pos])
            if rx is None:
                continue
            m = rx.match(hay, pos)
            if m is None:
                continue
            slot = int((m.lastgroup or "p0")[1:])
            out.append((pos, m.end(), self.payloads[slot]))
            pos_min = m.end()
        return out


def _lower(text: str) -> str:
    """Lower-case without changing the length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_ESCAPE = re.compile(r"\\.|[^\\]+")


def _lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal text, leaving escapes (\\d, \\b, \\W...) intact."""
    return "".join(tok if tok.startswith("\\") else tok.lower() for tok in _ESCAPE.findall(pattern))


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open spans share a character."""
    return a[0] < b[1] and b[0] < a[1]
