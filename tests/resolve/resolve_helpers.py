"""Building stored documents and events directly from the record types (no extractor)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from conflictwatch.records import Actor, Document, Event, EventDate, Harm, Location, Source
from conflictwatch.store import repo
from conflictwatch.store.incidents import ResolveReport, resolve_document

KAFR_NABL = (35.6136, 36.5614)


def place(name: str = "Kafr Nabl", lat: float = KAFR_NABL[0], lon: float = KAFR_NABL[1],
          admin1: str = "Idlib", admin2: str | None = "Maarrat an Nu'man",
          precision: int = 1) -> Location:
    return Location(text=name, name=name, country="SY", admin1=admin1, admin2=admin2,
                    lat=lat, lon=lon, precision=precision)


def strike(doc_id: str, day: date, killed: tuple[int | None, int | None] | None,
           *, n: int = 1, loc: Location | None = None, perpetrator: str | None =
           "Military Forces of Russia (2000-)", target: str | None = "Civilians (Syria)",
           text: str = "", kind: str = "incident", event_type: str =
           "Explosions/Remote violence", sources: list[Source] | None = None,
           harm: list[Harm] | None = None) -> Event:
    actors = []
    if perpetrator:
        actors.append(Actor(perpetrator, "actor1"))
    if target:
        actors.append(Actor(target, "actor2"))
    if harm is None:
        harm = [] if killed is None else [Harm("killed", "civilians", killed[0], killed[1],
                                               True, text)]
    return Event(id=f"{doc_id}#e{n}", document_id=doc_id, kind=kind,  # type: ignore[arg-type]
                 event_type=event_type, sub_event_type="Air/drone strike",
                 date=EventDate(day, day, "day"), location=loc or place(), actors=actors,
                 harm=harm, sources=sources or [])


def store(session: Session, doc_id: str, publisher: str | None, text: str,
          events: list[Event]) -> ResolveReport:
    """Store a document and its events as the pipeline does, then resolve the document."""
    result = repo.add_document(session, Document(id=doc_id, text=text, publisher=publisher,
                                                 published=date(2020, 1, 28)))
    assert result.document_id == doc_id
    run = repo.start_extraction_run(session)
    repo.replace_events(session, doc_id, events, run)
    report = resolve_document(session, doc_id)
    session.commit()
    return report
