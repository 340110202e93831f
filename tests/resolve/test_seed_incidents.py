"""The seed article end to end: running totals become series and never inflate incidents.

Needs the extraction engine and ../shared/seed (skipped when absent)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from conflictwatch.pipeline import extract_and_store
from conflictwatch.records import Document
from conflictwatch.store import repo
from conflictwatch.store.db import open_store
from conflictwatch.store.incidents import list_incidents, list_series


def test_seed_totals_are_series_and_incidents_sum_to_16(db_url: str, seed_text: str) -> None:
    sessions = open_store(db_url)
    with sessions() as session:
        repo.add_document(session, Document(id="seed", text=seed_text,
                                             published=date(2019, 12, 20)))
        session.commit()
    report = extract_and_store(sessions, [Document(id="seed", text=seed_text,
                                                   published=date(2019, 12, 20))],
                               geocode=False)
    assert report.documents == 1, report.failed
    with sessions() as session:
        incidents = list_incidents(session)
        series = list_series(session)
    killed = [h for i in incidents for h in i.harm if h.type == "killed" and not h.unquantified]
    assert sum(h.best or 0 for h in killed) == 16
    latest = {(s.harm_type, s.latest.min) for s in series if s.latest}
    assert ("killed", 51) in latest  # more than 50 since Monday
    assert ("killed", 1101) in latest  # more than 1,100 since late April
    assert ("displaced", 500001) in latest


def test_ingest_of_two_reports_of_one_strike_gives_one_incident(
        run_cli: Callable[..., object], db_url: str) -> None:
    from conflictwatch.samples import sample_paths

    paths = [str(p) for p in sample_paths() if p.name.startswith(("01-", "02-"))]
    assert len(paths) == 2
    result = run_cli("ingest", *paths, "--no-geocode")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    with open_store(db_url)() as session:
        both = [i for i in list_incidents(session)
                if {r.publisher for r in i.reports} == {"Conflict Monitor", "Levant Wire"}]
    assert len(both) == 1  # the market strike, told by both outlets
    (inc,) = both
    assert inc.event_type == "Explosions/Remote violence" and inc.source_count == 2
    # "multiple sources" unless the extractor names disjoint perpetrators for the two texts
    assert inc.grade in ("multiple sources", "contested")
    killed = inc.killed()
    assert killed is not None and killed.best == 5 and killed.max == 7
