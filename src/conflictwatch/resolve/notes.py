"""ACLED-style `notes` written from an incident's evidence: what, where, who, the figures
each report gives, and the grade."""

from __future__ import annotations

from conflictwatch.records import Incident
from conflictwatch.resolve.harm import describe, figure_of


def _what(inc: Incident) -> str:
    what = inc.sub_event_type or inc.event_type or "Event"
    loc = inc.location
    where = ""
    if loc is not None:
        name = loc.name or loc.text
        where = f" in {name}" + (f" ({loc.admin1})" if loc.admin1 and loc.admin1 != name else "")
    when = f"On {inc.date.start:%d %B %Y}, " if inc.date and inc.date.start else ""
    return f"{when}{what.lower() if when else what}{where}"


def _who(inc: Incident) -> str:
    first = [a.name for a in inc.actors if a.role == "actor1"]
    second = [a.name for a in inc.actors if a.role == "actor2"]
    parts = []
    if first:
        parts.append("attributed to " + " or ".join(first))
    if second:
        parts.append("against " + ", ".join(second))
    return (", " + "; ".join(parts)) if parts else ""


def _figures(inc: Incident) -> list[str]:
    out = []
    for h in inc.harm:
        per_report = []
        for r in inc.reports:
            figs = [x for x in r.harm if x.type == h.type]
            if figs:
                per_report.append(f"{r.publisher}: " + "; ".join(
                    sorted({describe(figure_of(x)) for x in figs})))
        detail = f" ({' | '.join(per_report)})" if len(inc.reports) > 1 and per_report else ""
        out.append(f"{h.type.capitalize()}: {describe(h)}{detail}.")
    return out


def _evidence(inc: Incident) -> str:
    for r in inc.reports:
        for h in r.harm:
            if h.text:
                return f' Evidence: "{h.text.strip()}" ({r.publisher}).'
    return ""


def write_notes(inc: Incident) -> str:
    """One paragraph; every figure is traceable to a named report."""
    sentence = _what(inc) + _who(inc) + "."
    figures = " ".join(_figures(inc))
    sources = f" {len(inc.reports)} report(s), {inc.source_count} independent source(s): " \
              f"{inc.grade}."
    return (sentence + (" " + figures if figures else "") + _evidence(inc) + sources).strip()
