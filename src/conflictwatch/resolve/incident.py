"""An incident in memory: its member reports and the summary record made from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from conflictwatch.records import (
    Actor,
    Event,
    EventDate,
    HarmRange,
    Incident,
    IncidentReport,
    Location,
)
from conflictwatch.resolve.grading import ReportFacts, grade, source_groups
from conflictwatch.resolve.harm import Figure, reconcile, report_figures
from conflictwatch.resolve.matching import event_days, place_label, sides
from conflictwatch.resolve.notes import write_notes
from conflictwatch.resolve.rules import rules

ROLE_ORDER = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")


@dataclass
class Member:
    """One report (an event of one document) with what resolution needs about its document."""

    event: Event
    publisher: str
    sketch: tuple[int, ...] = ()
    title: str | None = None
    url: str | None = None
    published: date | None = None
    why: str = ""
    pinned: bool = False
    stored: bool = False  # already a row in incident_members
    _figures: dict[str, Figure] | None = field(default=None, repr=False, compare=False)

    def figures(self) -> dict[str, Figure]:
        """The report's figure per harm type (computed once)."""
        if self._figures is None:
            self._figures = report_figures(self.event)
        return self._figures


@dataclass
class IncidentState:
    """An incident being resolved: its id, type family and member reports."""

    id: int
    family: str
    members: list[Member] = field(default_factory=list)
    dirty: bool = True

    def documents(self) -> set[str]:
        return {m.event.document_id for m in self.members}

    def envelope(self) -> tuple[date, date] | None:
        """First and last day over the members' dates."""
        spans = [d for d in (event_days(m.event) for m in self.members) if d]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)

    def sides(self) -> tuple[frozenset[str], frozenset[str]]:
        first: frozenset[str] = frozenset()
        second: frozenset[str] = frozenset()
        for m in self.members:
            a, b = sides(m.event)
            first, second = first | a, second | b
        return first, second


def _mode(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _location(members: Sequence[Member]) -> Location | None:
    located = [m.event.location for m in members if m.event.location is not None]
    if not located:
        return None
    return min(located, key=lambda loc: loc.precision or 9)


def _date(members: Sequence[Member]) -> EventDate | None:
    spans = [d for d in (event_days(m.event) for m in members) if d]
    if not spans:
        return None
    precision = _mode(m.event.date.precision for m in members if m.event.date) or "day"
    return EventDate(min(s for s, _ in spans), max(e for _, e in spans), precision)  # type: ignore[arg-type]


def _actors(members: Sequence[Member]) -> list[Actor]:
    """Distinct actors per role, most reported first."""
    out: list[Actor] = []
    for role in ROLE_ORDER:
        counts = Counter(a.name for m in members for a in m.event.actors if a.role == role)
        out.extend(Actor(name, role) for name, _ in counts.most_common())
    return out


def _harm(members: Sequence[Member]) -> list[HarmRange]:
    per_type: dict[str, list[Figure]] = {}
    for m in members:
        for t, fig in m.figures().items():
            per_type.setdefault(t, []).append(fig)
    return [reconcile(per_type[t]) for t in rules().harm_types if t in per_type]


def _report(m: Member, group: int) -> IncidentReport:
    ev = m.event
    return IncidentReport(
        event_id=ev.id, document_id=ev.document_id, publisher=m.publisher, source_group=group,
        title=m.title, url=m.url, published=m.published,
        harm=[h for h in ev.harm if h.new], actors=list(ev.actors), sources=list(ev.sources),
        location=place_label(ev.location) if ev.location else None,
        date=ev.date.start.isoformat() if ev.date and ev.date.start else None,
        why=m.why, pinned=m.pinned,
    )


def summarise(state: IncidentState) -> Incident:
    """The incident record: reconciled figures, grade, reports and notes."""
    members = sorted(state.members, key=lambda m: (m.published or date.max,
                                                   m.event.document_id, m.event.id))
    facts = [ReportFacts(m.event, m.publisher, m.sketch, m.figures()) for m in members]
    groups = source_groups(facts)
    grade_name, count, reasons = grade(facts, groups)
    event_type = _mode(m.event.event_type for m in members)
    incident = Incident(
        id=state.id, event_type=event_type,
        sub_event_type=_mode(m.event.sub_event_type for m in members
                             if m.event.event_type == event_type),
        date=_date(members), location=_location(members), actors=_actors(members),
        harm=_harm(members), grade=grade_name, grade_reasons=reasons,
        sources=list(dict.fromkeys(m.publisher for m in members)), source_count=count,
        tags=list(dict.fromkeys(t for m in members for t in m.event.tags)),
        reports=[_report(m, g) for m, g in zip(members, groups, strict=True)],
    )
    incident.notes = write_notes(incident)
    return incident
