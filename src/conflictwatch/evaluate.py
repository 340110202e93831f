"""Measure extraction against human-coded rows (ACLED and PITF dev files read at run time).

Each row's text is extracted as one document (ACLED: `notes`, published = `event_date`;
PITF: `description`, published = `start_date`). The row's *main record* is the first incident
or context record. Scores, each with its count:

- ACLED: event type, sub-event type, date exact, actor1, fatalities exact (all rows; and rows
  whose notes say nothing of "coded as" or "split", ACLED's conventions that no text states),
  location country (all rows; a record kept with its country but no point counts), location
  within 10 km / 50 km (rows whose main record has coordinates);
- PITF: deaths exact and injured exact (rows where the coders gave a number).

Fatalities of a row = the sum over its incident records of new deaths (lowest figure per event).
Nothing from the files is stored; `errors_path` optionally writes mismatches for inspection.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from conflictwatch.export.acled import iso2_of
from conflictwatch.extract.pipeline import Geoparse, extract_document, incident_count
from conflictwatch.records import Document, Event, haversine_km


@dataclass
class Score:
    """correct / total for one measure."""

    name: str
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "percent": round(self.percent, 1)}


@dataclass
class Report:
    """All scores of one evaluation run, in display order."""

    scores: dict[str, Score] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score(name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "seconds": round(self.seconds, 2),
            "scores": {k: v.as_dict() for k, v in self.scores.items()},
        }


def parse_acled_date(value: str) -> date | None:
    """ACLED's "9-May-20" / "09 May 2020" / ISO dates."""
    for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d-%B-%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _read_rows(path: str | Path, limit: int | None) -> Iterator[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if limit is not None and i >= limit:
                return
            yield row


def main_record(events: list[Event]) -> Event | None:
    """The record a one-event text is compared on: its first incident or context record."""
    return next((e for e in events if e.kind in ("incident", "context")), None)


def row_total(events: list[Event], harm_type: str, text: str | None = None) -> int:
    """Sum over incident records of new harm of one type (each reconciled as a coder would)."""
    return sum(incident_count(e, harm_type, text) for e in events if e.kind == "incident")




def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _score_location(
    report: Report, prefix: str, rec: Event | None, row: dict[str, str]
) -> tuple[str, float | None] | None:
    """Score the main record's country and point; return the miss (label, km or None) for
    --errors. The country counts for a place the gazetteer lacks, kept without a point."""
    lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
    loc = rec.location if rec else None
    gold_country = iso2_of({"iso3": row.get("iso3") or row.get("country_iso3") or "",
                            "iso": row.get("iso") or "", "country": row.get("country") or ""})
    if gold_country:
        report.score(f"{prefix} location country").add(
            loc is not None and (loc.country or "").upper() == gold_country)
    if lat is None or lon is None:
        return None
    if loc is None or loc.lat is None or loc.lon is None:
        report.score(f"{prefix} location has coordinates").add(False)
        return f"{prefix} location has coordinates", None
    report.score(f"{prefix} location has coordinates").add(True)
    km = haversine_km(lat, lon, loc.lat, loc.lon)
    report.score(f"{prefix} location within 10 km").add(km <= 10)
    report.score(f"{prefix} location within 50 km").add(km <= 50)
    return None if km <= 10 else (f"{prefix} location within 10 km", round(km, 1))


Progress = Callable[[Iterator[dict[str, str]], str], Iterator[dict[str, str]]]


def _extracted_rows(
    path: str | Path, limit: int | None, progress: Progress | None, label: str, text_col: str,
    date_col: str, geoparse: Geoparse | None,
) -> Iterator[tuple[int, dict[str, str], Document, list[Event]]]:
    """Each dev row (numbered from 1) with its document and extracted records."""
    rows = _read_rows(path, limit)
    if progress is not None:
        rows = progress(rows, label)
    for n, row in enumerate(rows, start=1):
        doc_id = f"{label.lower()}-{row.get('data_id') or n}"
        doc = Document(id=doc_id, text=row.get(text_col, ""),
                       published=parse_acled_date(row.get(date_col, "")))
        yield n, row, doc, extract_document(doc, geoparse=geoparse)


def evaluate_acled(
    path: str | Path,
    report: Report,
    *,
    limit: int | None = None,
    geoparse: Geoparse | None = None,
    errors: TextIO | None = None,
    progress: Callable[[Iterator[dict[str, str]], str], Iterator[dict[str, str]]] | None = None,
) -> None:
    """Score extraction on ACLED rows (text = notes, published = event_date)."""
    n = 0
    for n, row, doc, events in _extracted_rows(  # noqa: B007 (n: rows seen, used below)
            path, limit, progress, "ACLED", "notes", "event_date", geoparse):
        published, notes = doc.published, doc.text
        rec = main_record(events)
        got_type = rec.event_type if rec else None
        got_sub = rec.sub_event_type if rec else None
        got_date = rec.date.start if rec and rec.date else None
        actor1 = next((a.name for a in rec.actors if a.role == "actor1"), None) if rec else None
        killed = row_total(events, "killed", notes)
        try:
            gold_fat = int(row.get("fatalities") or 0)
        except ValueError:
            gold_fat = 0
        checks = {
            "ACLED event type": got_type == row.get("event_type"),
            "ACLED sub-event type": got_sub == row.get("sub_event_type"),
            "ACLED date exact": got_date is not None and got_date == published,
            "ACLED actor1": (actor1 or "").strip().lower() == row.get("actor1", "").strip().lower(),
            "ACLED fatalities exact (all rows)": killed == gold_fat,
        }
        low = notes.lower()
        if "coded as" not in low and "split" not in low:
            checks["ACLED fatalities exact (no 'coded as'/'split')"] = killed == gold_fat
        for name, ok in checks.items():
            report.score(name).add(ok)
        miss = None
        if geoparse is not None:  # records carry coordinates only when places are geoparsed
            miss = _score_location(report, "ACLED", rec, row)
        if errors is not None and (miss or not all(checks.values())):
            errors.write(
                json.dumps(
                    {
                        "set": "acled",
                        "id": row.get("data_id"),
                        "notes": notes,
                        "gold": {
                            k: row.get(k)
                            for k in (
                                "event_type",
                                "sub_event_type",
                                "event_date",
                                "actor1",
                                "actor2",
                                "fatalities",
                            )
                        },
                        "got": {
                            "event_type": got_type,
                            "sub_event_type": got_sub,
                            "date": str(got_date),
                            "actor1": actor1,
                            "fatalities": killed,
                            "location": rec.location.name if rec and rec.location else None,
                        },
                        "failed": [k for k, v in checks.items() if not v]
                        + ([f"{miss[0]} ({miss[1]} km)"] if miss else []),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    report.rows["acled"] = n


def evaluate_pitf(
    path: str | Path,
    report: Report,
    *,
    limit: int | None = None,
    geoparse: Geoparse | None = None,
    errors: TextIO | None = None,
    progress: Callable[[Iterator[dict[str, str]], str], Iterator[dict[str, str]]] | None = None,
) -> None:
    """Score deaths/injured on PITF rows (text = description, published = start_date)."""
    n = 0
    for n, row, doc, events in _extracted_rows(path, limit, progress, "PITF", "description",
                                               "start_date", geoparse):
        text = doc.text
        failed: list[tuple[str, Any, Any]] = []
        for field_name, harm_type, label in (
            ("deaths_number", "killed", "PITF deaths exact"),
            ("injured_number", "injured", "PITF injured exact"),
        ):
            gold = _float(row.get(field_name))
            if gold is None:
                continue
            got = row_total(events, harm_type, text)
            ok = got == int(gold)
            report.score(label).add(ok)
            if not ok:
                failed.append((label, int(gold), got))
        if geoparse is not None:
            rec = main_record(events)
            miss = _score_location(report, "PITF", rec, row)
            if miss:
                place = rec.location.name if rec and rec.location else None
                failed.append((miss[0], place, miss[1]))
        if errors is not None and failed:
            errors.write(
                json.dumps(
                    {"set": "pitf", "row": n, "text": text, "failed": failed}, ensure_ascii=False
                )
                + "\n"
            )
    report.rows["pitf"] = n
