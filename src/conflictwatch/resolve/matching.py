"""Whether an event can belong to an incident: type family, date, place, actors.

Each test returns (ok, reason) so the decision can be shown to an analyst
(`conflictwatch incident show ID`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from conflictwatch.records import Event, Location, haversine_km
from conflictwatch.resolve.rules import rules

PERPETRATOR_ROLES = frozenset({"actor1", "assoc_actor_1"})
TARGET_ROLES = frozenset({"actor2", "assoc_actor_2"})


@dataclass(frozen=True)
class Check:
    ok: bool
    reason: str
    distance_km: float | None = None
    day_gap: int = 0


@lru_cache(maxsize=65536)
def fold(text: str | None) -> str:
    """Case- and accent-free form of a name, for comparing place names."""
    if not text:
        return ""
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if c.isalnum()).lower()




def event_days(event: Event) -> tuple[date, date] | None:
    """The event's first and last day, or None when it has no usable date."""
    d = event.date
    if d is None or d.start is None:
        return None
    return d.start, d.end or d.start


def mergeable_date(event: Event) -> bool:
    """Only events dated to a day (or a night spanning two) are merged automatically."""
    days = event_days(event)
    return days is not None and (days[1] - days[0]).days <= rules().max_event_span_days


def check_dates(days: tuple[date, date], start: date, end: date) -> Check:
    """Dates overlap within `max_day_gap` days, and the incident would not grow longer than
    `max_incident_span_days` (so reports of daily strikes on one town do not chain up)."""
    gap = max((start - days[1]).days, (days[0] - end).days, 0)
    span = (max(end, days[1]) - min(start, days[0])).days
    word = "same day" if gap == 0 else f"{gap} day(s) apart"
    if span > rules().max_incident_span_days:
        return Check(False, f"dates {word} but the incident would span {span + 1} days "
                            f"({days[0]} vs {start}..{end})", day_gap=gap)
    return Check(gap <= rules().max_day_gap, f"dates {word} ({days[0]} vs {start}..{end})",
                 day_gap=gap)


def place_label(loc: Location | None) -> str:
    if loc is None:
        return "no place"
    name = loc.name or loc.text or "?"
    return f"{name} ({loc.admin1})" if loc.admin1 else name


def _has_coords(loc: Location) -> bool:
    return loc.lat is not None and loc.lon is not None and (loc.precision or 1) < 3


def _same_small_area(a: Location, b: Location) -> bool:
    limit = rules().small_area_max_precision
    return bool(a.admin2 and b.admin2 and fold(a.admin2) == fold(b.admin2)
                and (a.country or "") == (b.country or "")
                and (a.precision or 1) <= limit and (b.precision or 1) <= limit)


def check_place(a: Location | None, b: Location | None) -> Check:
    """Within `max_distance_km`, or the same small admin area, or the same place name."""
    if a is None or b is None:
        return Check(False, "a place is missing")
    if a.country and b.country and a.country != b.country:
        return Check(False, f"different countries ({a.country} vs {b.country})")
    if _has_coords(a) and _has_coords(b):
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        ok = km <= rules().max_distance_km
        return Check(ok, f"{km:.1f} km apart ({place_label(a)} / {place_label(b)})", km)
    if _same_small_area(a, b):
        return Check(True, f"same admin2 area {a.admin2}")
    name_a, name_b = fold(a.name or a.text), fold(b.name or b.text)
    if name_a and name_a == name_b and (a.precision or 1) < 3:
        return Check(True, f"same place name {a.name or a.text}")
    return Check(False, f"places differ ({place_label(a)} / {place_label(b)})")


def sides(event: Event) -> tuple[frozenset[str], frozenset[str]]:
    """Perpetrator-side and target-side actor names of an event."""
    first = frozenset(a.name for a in event.actors if a.role in PERPETRATOR_ROLES and a.name)
    second = frozenset(a.name for a in event.actors if a.role in TARGET_ROLES and a.name)
    return first, second


def check_actors(family: str, event: Event, first: frozenset[str],
                 second: frozenset[str]) -> Check:
    """Compatible actors: shared names, or one side unknown.

    In one-sided families (strikes, attacks on civilians) only the targets must agree;
    reports that blame different perpetrators stay one incident, graded contested."""
    ev_first, ev_second = sides(event)
    if family in rules().one_sided:
        if not ev_second or not second or ev_second & second:
            return Check(True, "targets compatible" + _named(ev_second & second))
        return Check(False, f"different targets ({_names(ev_second)} vs {_names(second)})")
    mine, theirs = ev_first | ev_second, first | second
    if not mine or not theirs or mine & theirs:
        return Check(True, "actors compatible" + _named(mine & theirs))
    return Check(False, f"no actor in common ({_names(mine)} vs {_names(theirs)})")


def _names(names: frozenset[str]) -> str:
    return ", ".join(sorted(names)) or "none"


def _named(names: frozenset[str]) -> str:
    return f" ({_names(names)})" if names else " (one side unnamed)"
