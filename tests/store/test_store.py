from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from conflictwatch.records import Actor, Document, Event, EventDate, Harm, Location
from conflictwatch.store import repo
from conflictwatch.store.db import StoreError, default_url, engine_for, migrate, open_store


def test_schema_has_the_issue_tables_and_wal(db_url: str) -> None:
    engine = engine_for(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "ingest_errors", "ingest_runs", "extraction_runs", "events",
            "alembic_version"} <= tables
    columns = {c["name"] for c in inspect(engine).get_columns("documents")}
    assert {"sha256", "url", "title", "publisher", "published", "published_inferred",
            "language", "retrieved"} <= columns
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    migrate(engine)  # idempotent


def test_default_url_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CONFLICTWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path}/conflictwatch/conflictwatch.db"
    monkeypatch.setenv("CONFLICTWATCH_DB", "sqlite:///elsewhere.db")
    assert default_url() == "sqlite:///elsewhere.db"


def test_bad_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        open_store("not a url")


def test_document_roundtrip_and_id_collision(db_url: str) -> None:
    sessions = open_store(db_url)
    with sessions() as session:
        first = repo.add_document(session, Document(id="x", text="One report.",
                                                    published=date(2020, 5, 7)))
        other = repo.add_document(session, Document(id="x", text="Another report."))
        dup = repo.add_document(session, Document(id="y", text="One report.\n"))
        session.commit()
    assert first.document_id == "x" and other.document_id.startswith("x~")
    assert dup.status == "duplicate" and dup.document_id == "x"


def test_replace_events_swaps_a_documents_records(db_url: str) -> None:
    sessions = open_store(db_url)
    event = Event(id="x#e1", document_id="x", event_type="Battles",
                  date=EventDate(date(2020, 5, 7), date(2020, 5, 7)),
                  location=Location(text="Taiz", country="YE", lat=13.6, lon=44.0),
                  actors=[Actor("Military Forces of Yemen", "actor1")],
                  harm=[Harm("killed", "combatants", 4, 4), Harm("killed", "people", 50, None,
                                                                  new=False)])
    with sessions() as session:
        repo.add_document(session, Document(id="x", text="Clashes in Taiz."))
        run = repo.start_extraction_run(session)
        assert repo.replace_events(session, "x", [event], run) == 1
        session.commit()
        assert repo.count_rows(session)["events"] == 1
        run2 = repo.start_extraction_run(session)
        repo.replace_events(session, "x", [event, Event(id="x#e2", document_id="x")], run2)
        session.commit()
        assert repo.count_rows(session)["events"] == 2
        from conflictwatch.store.models import EventRow

        row = session.get(EventRow, "x#e1")
        assert row is not None and row.killed == 4 and row.run_id == run2
        assert Event.from_dict(row.data) == event
