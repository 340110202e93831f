"""Harm figures: one report's figure per harm type, and an incident's reconciled range.

A report's figure for a type combines its groups: distinct groups add up ("3 civilians and
2 fighters" = 5), a generic total ("5 people") is not added to them, and subset groups
("including 2 children") are ignored when a broader group is stated. Several figures for one
group in one report ("7 killed"; "earlier figures put the dead at five") give that report a
range. Only new harm (`new`) counts: running totals are cumulative series, never incident harm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conflictwatch.records import Event, Harm, HarmRange
from conflictwatch.resolve.rules import rules

_NUMBER_WORD = re.compile(r"\d|\b(?:one|single|a|an)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """One report's figure of one harm type: `min`..`max` (max None = open, "at least")."""

    type: str
    min: int | None
    max: int | None
    unquantified: bool = False

    def upper(self) -> int | None:
        """The highest figure the report states (its minimum when open-ended)."""
        return self.max if self.max is not None else self.min


def is_unquantified(h: Harm) -> bool:
    """"People were killed", "many casualties": no figure, or the extractor's 1/None with no
    count in the text."""
    if h.min is None and h.max is None:
        return True
    return h.min == 1 and h.max is None and not _NUMBER_WORD.search(h.text or "")


def figure_of(h: Harm) -> Figure:
    """One harm mention as a figure."""
    return Figure(h.type, h.min, h.max, is_unquantified(h))


def _group_range(items: Sequence[Harm]) -> tuple[int | None, int | None]:
    mins = [h.min for h in items if h.min is not None]
    uppers = [h.max if h.max is not None else h.min for h in items]
    known = [u for u in uppers if u is not None]
    open_ended = all(h.max is None for h in items)
    low = min(mins) if mins else None
    high = None if open_ended and len(set(known)) <= 1 else (max(known) if known else None)
    return low, high


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def report_figure(harm: Iterable[Harm], harm_type: str) -> Figure | None:
    """The figure one report gives for `harm_type`, or None when it states none."""
    r = rules()
    items = [h for h in harm if h.type == harm_type and h.new]
    if not items:
        return None
    groups: dict[str, list[Harm]] = {}
    for h in items:
        groups.setdefault((h.group or "").strip().lower(), []).append(h)
    specific = [g for g in groups if g not in r.generic_groups and g not in r.subset_groups]
    generic = [g for g in groups if g in r.generic_groups]
    chosen = specific or generic or list(groups)
    low: int | None = 0
    high: int | None = 0
    for g in chosen:
        g_low, g_high = _group_range(groups[g])
        low, high = _add(low, g_low or 0), _add(high, g_high)
    for g in generic if specific else []:  # a stated total may exceed the named groups
        g_low, g_high = _group_range(groups[g])
        low = max(low or 0, g_low or 0)
        high = None if high is None or g_high is None else max(high, g_high)
    if all(h.min is None for h in items):
        low = None
    return Figure(harm_type, low, high, all(is_unquantified(h) for h in items))


def report_figures(event: Event) -> dict[str, Figure]:
    """Every harm type the event's report gives a figure for."""
    out = {}
    for t in rules().harm_types:
        fig = report_figure(event.harm, t)
        if fig is not None:
            out[t] = fig
    return out


def reconcile(figures: Sequence[Figure]) -> HarmRange:
    """Lowest minimum, highest stated figure, and ACLED's lowest-figure "best"."""
    mins = [f.min for f in figures if f.min is not None]
    uppers = [u for u in (f.upper() for f in figures) if u is not None]
    low = min(mins) if mins else None
    closed = any(f.max is not None for f in figures)
    return HarmRange(type=figures[0].type, min=low,
                     max=max(uppers) if uppers and closed else None,
                     best=low if low is not None else (min(uppers) if uppers else None),
                     unquantified=all(f.unquantified for f in figures))


def overlaps(a: Figure, b: Figure) -> bool:
    """Whether two reports' figures can both be true (open upper bounds reach anything higher)."""
    a_low, b_low = a.min or 0, b.min or 0
    a_high = a.max if a.max is not None else float("inf")
    b_high = b.max if b.max is not None else float("inf")
    return a_low <= b_high and b_low <= a_high


def describe(fig: Figure | HarmRange) -> str:
    """"5", "at least 5", "5-8", "up to 8", "unknown number"."""
    if fig.unquantified:
        return "unknown number"
    if fig.min is not None and fig.max is not None:
        return str(fig.min) if fig.min == fig.max else f"{fig.min}-{fig.max}"
    if fig.min is not None:
        return f"at least {fig.min}"
    return f"up to {fig.max}" if fig.max is not None else "unknown number"
