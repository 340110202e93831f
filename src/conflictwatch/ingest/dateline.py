"""Publication dates for documents that carry no metadata: datelines and photo captions.

Only the top of the document is searched (a caption or dateline comes first); the date found
is marked as inferred by the caller.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)\b"
_PATTERNS = [
    re.compile(_MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
    re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
]
HEAD_CHARS = 400


def infer_publication_date(text: str) -> date | None:
    """The first full date (day, month, year) in the first lines of `text`, if any."""
    head = text[:HEAD_CHARS]
    found: list[tuple[int, date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(head):
            parsed = _to_date(match)
            if parsed:
                found.append((match.start(), parsed))
                break
    return min(found)[1] if found else None


def _to_date(match: re.Match[str]) -> date | None:
    parts = match.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS[parts["month"].lower()]
    try:
        return date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
