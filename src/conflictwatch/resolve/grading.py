"""Independent sources and the incident's grade (after Airwars).

Sources are publishers; copies of one text (syndication, a wire story reprinted) count once:
each report's text gets a bottom-k sketch of hashed word shingles, and two reports whose
estimated Jaccard similarity reaches the threshold are one source.

Grades, strongest first: `acknowledged` (a party to the attack claims or acknowledges it),
`contested` (reports blame different perpetrators, or give counts that cannot both be true),
`multiple sources` (two or more independent sources), `single source`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from conflictwatch.records import Event, IncidentGrade
from conflictwatch.resolve.harm import Figure, describe, overlaps
from conflictwatch.resolve.matching import fold, sides
from conflictwatch.resolve.rules import rules

_WORD = re.compile(r"\w+")
_DATELINE = re.compile(r"^[^\n]{0,120}?\(([A-Z][\w .&'-]{1,60})\)\s*[-–—]", re.UNICODE)


def sketch(text: str) -> tuple[int, ...]:
    """Bottom-k sketch of the text's word shingles (sorted smallest hashes)."""
    r = rules()
    words = [w.lower() for w in _WORD.findall(text)]
    n = r.shingle_words
    grams = {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}
    hashes = sorted({zlib.crc32(g.encode("utf-8")) for g in grams if g})
    return tuple(hashes[: r.sketch_size])


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    k = min(len(a), len(b))
    union = sorted(set(a) | set(b))[:k]
    sa, sb = set(a), set(b)
    return sum(1 for h in union if h in sa and h in sb) / len(union)


def dateline_publisher(text: str) -> str | None:
    """The agency in a dateline such as "IDLIB, Syria, Jan. 28 (Levant Wire) -"."""
    m = _DATELINE.match(text.lstrip())
    return m.group(1).strip() if m else None


@dataclass
class ReportFacts:
    """What grading needs from one report."""

    event: Event
    publisher: str
    sketch: tuple[int, ...]
    figures: dict[str, Figure] = field(default_factory=dict)


def source_groups(reports: Sequence[ReportFacts]) -> list[int]:
    """A group number per report: same publisher or near-identical text -> same group."""
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    threshold = rules().syndication_threshold
    outlets = [fold(r.publisher) for r in reports]
    for i, a in enumerate(reports):
        for j in range(i):
            if outlets[i] == outlets[j] or similarity(a.sketch, reports[j].sketch) >= threshold:
                parent[find(i)] = find(j)
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots) + 1) for i in range(len(reports))]


def acknowledgement(event: Event) -> str | None:
    """Why the event counts as acknowledged by a party, or None."""
    cue = rules().acknowledgement
    for text in [*event.hedges, *event.tags, *(s.text for s in event.sources)]:
        if text and cue.search(text):
            return f"acknowledged: {text!r}"
    perpetrators = {fold(n) for n in sides(event)[0]}
    for s in event.sources:
        if fold(s.name) and fold(s.name) in perpetrators:
            return f"acknowledged: the perpetrator {s.name} is a source"
    return None


def _perpetrator_conflict(reports: Sequence[ReportFacts], groups: Sequence[int]) -> str | None:
    blamed: dict[int, frozenset[str]] = {}
    for rep, g in zip(reports, groups, strict=True):
        first = sides(rep.event)[0]
        if first:
            blamed[g] = blamed.get(g, frozenset()) | first
    items = sorted(blamed.items())
    for i, (_, a) in enumerate(items):
        for _, b in items[:i]:
            if not a & b:
                return f"contested: perpetrators differ ({', '.join(sorted(b))} vs " \
                       f"{', '.join(sorted(a))})"
    return None


def _count_conflict(reports: Sequence[ReportFacts], groups: Sequence[int]) -> str | None:
    """Death tolls of different sources that cannot both be true (one outlet's updates are
    not; injured counts are too often partial, "a man injured in the leg", to compare)."""
    for harm_type in ("killed",):
        figs = [(g, r.publisher, r.figures[harm_type])
                for r, g in zip(reports, groups, strict=True) if harm_type in r.figures]
        for i, (ga, pa, a) in enumerate(figs):
            for gb, pb, b in figs[:i]:
                if ga != gb and not overlaps(a, b):
                    return f"contested: {harm_type} counts do not overlap " \
                           f"({pb}: {describe(b)}; {pa}: {describe(a)})"
    return None


def grade(reports: Sequence[ReportFacts],
          groups: Sequence[int]) -> tuple[IncidentGrade, int, list[str]]:
    """The grade, the number of independent sources, and the reasons for the grade."""
    count = len(set(groups))
    reasons = [f"{count} independent source(s) among {len(reports)} report(s)"]
    acks = [a for a in (acknowledgement(r.event) for r in reports) if a]
    conflicts = [c for c in (_perpetrator_conflict(reports, groups),
                             _count_conflict(reports, groups)) if c]
    reasons.extend(acks + conflicts)
    if acks:
        return "acknowledged", count, reasons
    if conflicts:
        return "contested", count, reasons
    return ("multiple sources" if count > 1 else "single source"), count, reasons
