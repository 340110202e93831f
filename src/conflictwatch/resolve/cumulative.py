"""Running totals ("more than 1,100 civilians killed since late April") as series.

A cumulative record's harm figures are points of a series keyed by harm type, group, area and
start date; the latest point is the series' current value. They are never added to incidents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from conflictwatch.records import CumulativePoint, Event, Harm, Location
from conflictwatch.resolve.matching import fold
from conflictwatch.resolve.rules import rules


@dataclass(frozen=True)
class SeriesKey:
    """What makes two running totals one series (start dates may differ by a few days)."""

    harm_type: str
    group: str
    country: str | None
    admin1: str | None
    area: str
    since: date | None

    def label(self) -> str:
        since = f"since {self.since:%d %B %Y}" if self.since else "(period not stated)"
        where = ", ".join(p for p in (self.area, self.country) if p)
        return f"{self.group or 'people'} {self.harm_type} {since} — {where or 'area unknown'}"

    def matches(self, other: SeriesKey) -> bool:
        if (self.harm_type, fold(self.group), self.country, fold(self.admin1 or self.area)) != \
                (other.harm_type, fold(other.group), other.country,
                 fold(other.admin1 or other.area)):
            return False
        if self.since is None or other.since is None:
            return self.since is other.since
        return abs((self.since - other.since).days) <= rules().cumulative_since_tolerance_days


def totals(event: Event) -> Iterator[tuple[int, Harm]]:
    """The running-total figures of a record (index in `event.harm`, harm)."""
    for i, h in enumerate(event.harm):
        if event.kind == "cumulative" or not h.new:
            yield i, h


def series_key(event: Event, harm: Harm, area: Location | None = None) -> SeriesKey:
    """The series of a running total. `area` stands in when the record has no place (the
    document's main area); with no area at all the series stays the document's own, so
    unplaced totals of unrelated reports are never joined."""
    loc = event.location if event.location and event.location.country else area
    since = event.date.start if event.date else None
    group = (harm.group or "").lower()
    if loc is None or not loc.country:
        return SeriesKey(harm.type, group, None, None, f"document {event.document_id}", since)
    name = loc.admin1 or loc.name or loc.text or ""
    return SeriesKey(harm.type, group, loc.country, loc.admin1, name, since)


def document_area(events: Iterable[Event]) -> dict[str, Location]:
    """Each document's most reported admin1 area (country, admin1) among its placed records."""
    counts: dict[str, Counter[tuple[str, str | None]]] = {}
    for ev in events:
        loc = ev.location
        if loc is not None and loc.country:
            counts.setdefault(ev.document_id, Counter())[(loc.country, loc.admin1)] += 1
    return {doc: Location(country=c.most_common(1)[0][0][0], admin1=c.most_common(1)[0][0][1])
            for doc, c in counts.items()}


def point(event: Event, harm: Harm) -> CumulativePoint:
    as_of = (event.date.end or event.date.start) if event.date else None
    return CumulativePoint(event.id, event.document_id, as_of, harm.min, harm.max, harm.text)


def later(a: CumulativePoint, b: CumulativePoint | None) -> bool:
    """Whether `a` is a newer value of its series than `b` (later date, then higher figure)."""
    if b is None:
        return True
    return (a.as_of or date.min, a.min or 0) > (b.as_of or date.min, b.min or 0)
