"""Incident resolution and incident export, on synthetic data in a fresh SQLite store.

    python -m benchmarks.bench_resolve resolve [--events 100000]
    python -m benchmarks.bench_resolve export [--incidents 1000000] [--format acled]

`resolve`: N stored events (one per document), about one incident per 2.5 reports, spread
over a year and 400 places; times `resolve_pending` (events/s). `export`: N stored incidents,
times a full streaming export to /dev/null. Both report peak memory (ru_maxrss of this
process, which includes building the synthetic data).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from conflictwatch.export.incidents import write
from conflictwatch.records import Actor, Event, EventDate, Harm, Location, to_jsonable
from conflictwatch.resolve.incident import IncidentState, Member, summarise
from conflictwatch.store.db import engine_for, open_store
from conflictwatch.store.incident_models import IncidentRow
from conflictwatch.store.incidents import IncidentFilter, iter_incidents, resolve_pending
from conflictwatch.store.models import DocumentRow, EventRow, ExtractionRunRow
from conflictwatch.store.repo import utcnow

OUT = Path(__file__).parent / "out"
DAY0 = date(2020, 1, 1)
OUTLETS = [f"Outlet {i}" for i in range(40)]


def _places(rng: random.Random) -> list[Location]:
    return [Location(name=f"Town {i}", text=f"Town {i}", country="SY", admin1="Idlib",
                     admin2=f"District {i % 20}", lat=35.0 + rng.random() * 2,
                     lon=36.0 + rng.random() * 2, precision=1) for i in range(400)]


def synthetic_events(n: int, seed: int = 1) -> Iterator[Event]:
    """Reports of incidents: each incident told by 1-4 outlets with varying figures."""
    rng = random.Random(seed)
    places, made, k = _places(rng), 0, 0
    while made < n:
        day = DAY0 + timedelta(days=rng.randrange(365))
        loc, dead = rng.choice(places), rng.randrange(0, 20)
        for _ in range(min(rng.randint(1, 4), n - made)):
            doc = f"d{made}"
            yield Event(id=f"{doc}#e1", document_id=doc, event_type="Explosions/Remote violence",
                        sub_event_type="Air/drone strike", date=EventDate(day, day, "day"),
                        location=loc, actors=[Actor("Military Forces of Russia (2000-)",
                                                    "actor1"), Actor("Civilians (Syria)",
                                                                     "actor2")],
                        harm=[Harm("killed", "civilians", dead + rng.randint(0, 3), None, True,
                                   f"{dead} killed")])
            made += 1
        k += 1


def _store_events(url: str, n: int) -> None:
    engine = engine_for(url)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(insert(ExtractionRunRow), [{"id": 1, "pipeline_version": "bench",
                                                 "started": now, "documents": n, "records": n,
                                                 "status": "done"}])
        docs: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for ev in synthetic_events(n):
            i = int(ev.document_id[1:])
            docs.append({"id": ev.document_id, "sha256": f"{i:064d}", "retrieved": now,
                         "publisher": OUTLETS[i % len(OUTLETS)], "published_inferred": False,
                         "text": f"Report {i}: a strike in {ev.location.name} "  # type: ignore[union-attr]
                                 f"killed people, outlet {i % len(OUTLETS)} wrote."})
            events.append({"id": ev.id, "document_id": ev.document_id, "run_id": 1,
                           "kind": "incident", "event_type": ev.event_type,
                           "date_start": ev.date.start, "data": ev.to_dict()})  # type: ignore[union-attr]
            if len(docs) >= 5000:
                conn.execute(insert(DocumentRow), docs)
                conn.execute(insert(EventRow), events)
                docs, events = [], []
        if docs:
            conn.execute(insert(DocumentRow), docs)
            conn.execute(insert(EventRow), events)


def bench_resolve(n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        _store_events(url, n)
        sessions = open_store(url)
        with sessions() as session:
            started, cpu = time.perf_counter(), time.process_time()
            report = resolve_pending(session)
            session.commit()
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"benchmark": "resolve", "events": n, "incidents_created": report.created,
            "joined": report.joined, "seconds": round(elapsed, 2), "cpu_seconds": round(cpu, 2),
            "events_per_s": round(n / elapsed, 1), "events_per_cpu_s": round(n / cpu, 1),
            "peak_rss_mb": _peak()}


def _incident_row(template: dict[str, Any], i: int) -> dict[str, Any]:
    data, day = dict(template, id=i), DAY0 + timedelta(days=i % 365)
    return {"id": i, "origin": "extracted", "family": "remote_violence",
            "event_type": data["event_type"], "sub_event_type": data["sub_event_type"],
            "date_start": day, "date_end": day,
            "country": "SY", "admin1": "Idlib", "location": "Town", "lat": 35.5, "lon": 36.5,
            "actors": "|Civilians (Syria)|Military Forces of Russia (2000-)|", "killed_min": 5,
            "killed_max": 8, "killed_best": 5, "grade": data["grade"], "source_count": 2,
            "report_count": 2, "updated": utcnow(), "data": data}


def bench_export(n: int, fmt: str) -> dict[str, object]:
    events = list(synthetic_events(2))
    template = to_jsonable(summarise(IncidentState(
        0, "remote_violence", [Member(e, OUTLETS[k]) for k, e in enumerate(events)])))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        open_store(url)
        with engine_for(url).begin() as conn:
            for start in range(1, n + 1, 10000):
                conn.execute(insert(IncidentRow), [_incident_row(template, i) for i in
                                                   range(start, min(n + 1, start + 10000))])
        sessions = open_store(url)
        with sessions() as session, open("/dev/null", "w", encoding="utf-8") as sink:
            started, cpu = time.perf_counter(), time.process_time()
            written = write(fmt, iter_incidents(session, IncidentFilter()), sink)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"benchmark": "export", "format": fmt, "incidents": written,
            "seconds": round(elapsed, 2), "cpu_seconds": round(cpu, 2),
            "incidents_per_s": round(written / elapsed, 1),
            "peak_rss_mb": _peak()}


def _peak() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("resolve")
    r.add_argument("--events", type=int, default=100_000)
    e = sub.add_parser("export")
    e.add_argument("--incidents", type=int, default=1_000_000)
    e.add_argument("--format", default="acled")
    args = parser.parse_args()
    result = bench_resolve(args.events) if args.what == "resolve" else \
        bench_export(args.incidents, args.format)
    OUT.mkdir(exist_ok=True)
    (OUT / f"bench_{args.what}.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
