"""Incremental resolution in memory: each new report joins the best matching incident or
starts one. Deterministic: the same incidents and reports in the same order give the same
result (ties go to the lowest incident id).

Candidates are found through an index keyed by (family, day, area key), where area keys are
0.1-degree grid cells, the admin2 area and the folded place name, so a report is compared only
with incidents of its family that are near it in time and space.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from conflictwatch.records import Event, Location
from conflictwatch.resolve.incident import IncidentState, Member
from conflictwatch.resolve.matching import (
    Check,
    check_actors,
    check_dates,
    check_place,
    event_days,
    fold,
    mergeable_date,
)
from conflictwatch.resolve.rules import rules

CELL_DEG = 0.1
Key = tuple[str, date, str]


@dataclass(frozen=True)
class Decision:
    """Why a report may join an incident (or why not)."""

    ok: bool
    checks: tuple[Check, ...]
    matched_event: str | None = None

    def score(self) -> tuple[float, int]:
        place = next((c.distance_km for c in self.checks if c.distance_km is not None), None)
        days = max(c.day_gap for c in self.checks)
        return (place if place is not None else rules().max_distance_km, days)

    def why(self) -> str:
        return "; ".join(c.reason for c in self.checks)


def area_keys(loc: Location | None) -> list[str]:
    """The index keys a place is filed under (grid cell, admin2 area, place name)."""
    if loc is None:
        return []
    keys = []
    if loc.lat is not None and loc.lon is not None and (loc.precision or 1) < 3:
        keys.append(f"c:{math.floor(loc.lat / CELL_DEG)}:{math.floor(loc.lon / CELL_DEG)}")
    if loc.admin2:
        keys.append(f"a:{loc.country or ''}:{fold(loc.admin2)}")
    name = fold(loc.name or loc.text)
    if name:
        keys.append(f"n:{loc.country or ''}:{name}")
    return keys


def _probe_keys(loc: Location | None) -> list[str]:
    """Keys to look up for a place: its grid cell's neighbours within the distance limit."""
    keys = [k for k in area_keys(loc) if not k.startswith("c:")]
    if loc is not None and loc.lat is not None and loc.lon is not None \
            and (loc.precision or 1) < 3:
        km = rules().max_distance_km
        dlat = math.ceil(km / (111.0 * CELL_DEG))
        dlon = math.ceil(km / (111.0 * CELL_DEG * max(0.05, math.cos(math.radians(loc.lat)))))
        row, col = math.floor(loc.lat / CELL_DEG), math.floor(loc.lon / CELL_DEG)
        keys.extend(f"c:{row + i}:{col + j}" for i in range(-dlat, dlat + 1)
                    for j in range(-dlon, dlon + 1))
    return keys


def _days(start: date, end: date) -> Iterator[date]:
    for n in range((end - start).days + 1):
        yield start + timedelta(days=n)


def decide(state: IncidentState, event: Event) -> Decision:
    """Whether `event` may join `state`, with the checks that decided it."""
    family = rules().family(event.event_type)
    if family != state.family:
        return Decision(False, (Check(False, f"different type family ({family})"),))
    if event.document_id in state.documents():
        return Decision(False, (Check(False, "its document is already in the incident"),))
    days, envelope = event_days(event), state.envelope()
    if days is None or envelope is None or not mergeable_date(event):
        return Decision(False, (Check(False, "no day-precise date"),))
    date_check = check_dates(days, *envelope)
    if not date_check.ok:
        return Decision(False, (date_check,))
    place_checks = [(check_place(event.location, m.event.location), m.event.id)
                    for m in state.members]
    good = [(c, eid) for c, eid in place_checks if c.ok]
    if not good:
        return Decision(False, (date_check, place_checks[0][0]))
    place, matched = min(good, key=lambda x: (x[0].distance_km or 0.0, x[1]))
    actors = check_actors(family, event, *state.sides())
    checks = (Check(True, f"same type family ({family})"), date_check, place, actors,
              Check(True, "from a document not yet in the incident"))
    return Decision(actors.ok, checks, matched)


class Resolver:
    """Incidents near in time and space, indexed; `add` files one report."""

    def __init__(self, states: Iterable[IncidentState], next_id: int) -> None:
        self.states: dict[int, IncidentState] = {}
        self.index: dict[Key, list[IncidentState]] = {}
        self.next_id = next_id
        for s in sorted(states, key=lambda s: s.id):
            self.states[s.id] = s
            for m in s.members:
                self._file(s, m.event)

    def _file(self, state: IncidentState, event: Event) -> None:
        days = event_days(event)
        if days is None or not mergeable_date(event):
            return
        for day in _days(*days):
            for key in area_keys(event.location):
                bucket = self.index.setdefault((state.family, day, key), [])
                if state not in bucket:
                    bucket.append(state)

    def candidates(self, event: Event) -> list[IncidentState]:
        """Incidents of the event's family filed near its days and place, by id."""
        days = event_days(event)
        if days is None or not mergeable_date(event):
            return []
        family, gap = rules().family(event.event_type), timedelta(days=rules().max_day_gap)
        found: dict[int, IncidentState] = {}
        probes = _probe_keys(event.location)
        for day in _days(days[0] - gap, days[1] + gap):
            for key in probes:
                for s in self.index.get((family, day, key), ()):
                    found[s.id] = s
        return [found[i] for i in sorted(found)]

    def best(self, event: Event) -> tuple[IncidentState, Decision] | None:
        """The closest incident the event may join (nearest place, then date, then id)."""
        options = [(s, d) for s in self.candidates(event) if (d := decide(s, event)).ok]
        if not options:
            return None
        return min(options, key=lambda x: (*x[1].score(), x[0].id))

    def add(self, member: Member) -> IncidentState:
        """File a report: join the best incident or start a new one; sets `member.why`."""
        event = member.event
        found = self.best(event)
        if found is not None:
            state, decision = found
            member.why = f"joined incident {state.id} (matched report {decision.matched_event}): " \
                         f"{decision.why()}"
        else:
            state = IncidentState(self.next_id, rules().family(event.event_type))
            self.next_id += 1
            self.states[state.id] = state
            member.why = "first report of this incident: no incident of its type family within " \
                         f"{rules().max_day_gap} day and {rules().max_distance_km:g} km " \
                         "with compatible actors"
        state.members.append(member)
        state.dirty = True
        self._file(state, event)
        return state
