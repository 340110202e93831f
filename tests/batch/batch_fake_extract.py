"""Tiny deterministic stand-in extractors for the batch tests (imported by Dask workers too).

One record per "<N> people were killed in <Town>" sentence, so records depend on the text only.
"""

from __future__ import annotations

import os
import re
import time
from typing import Any

from conflictwatch.records import Document, Event, EventDate, Harm, Location

_KILLED = re.compile(r"(\d+) people were killed in ([A-Z][a-z]+)")


def extract(doc: Document, geoparse: Any = None) -> list[Event]:
    """Records of `doc`: one per killing sentence, numbered in text order."""
    if "EXPLODE" in doc.text:
        raise RuntimeError("stand-in failure")
    events = []
    for n, match in enumerate(_KILLED.finditer(doc.text), start=1):
        count = int(match.group(1))
        events.append(Event(
            id=f"{doc.id}#e{n}", document_id=doc.id, event_type="Violence against civilians",
            sub_event_type="Attack", date=EventDate(doc.published, doc.published),
            location=Location(text=match.group(2), start=match.start(2), end=match.end(2)),
            harm=[Harm("killed", "civilians", count, count, True, match.group(0))],
            confidence=0.5 + (count % 5) / 10))
    return events


def slow_extract(doc: Document, geoparse: Any = None) -> list[Event]:
    """`extract`, slowed down (BATCH_FAKE_DELAY seconds per document) so a run can be killed."""
    time.sleep(float(os.environ.get("BATCH_FAKE_DELAY", "0.05")))
    return extract(doc, geoparse)
