"""Reading and writing the store through the record types (the only way other stages touch it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from conflictwatch.records import PIPELINE_VERSION, Document, Event, IngestProblem
from conflictwatch.store.models import (
    DocumentRow,
    EventRow,
    ExtractionRunRow,
    IngestErrorRow,
    IngestRunRow,
)


def utcnow() -> datetime:
    """Naive UTC timestamp (portable across SQLite and PostgreSQL DateTime columns)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class AddResult:
    status: Literal["stored", "duplicate"]
    document_id: str


def add_document(session: Session, doc: Document, run_id: int | None = None) -> AddResult:
    """Store `doc` unless its content is already there; ids never collide with other content."""
    existing = session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == doc.sha256))
    if existing is not None:
        return AddResult("duplicate", existing)
    doc_id = doc.id
    if session.get(DocumentRow, doc_id) is not None:
        doc_id = f"{doc.id}~{doc.sha256[:8]}"
    row = DocumentRow(
        id=doc_id, sha256=doc.sha256, url=doc.url, title=doc.title, publisher=doc.publisher,
        author=doc.author, published=doc.published, published_inferred=doc.published_inferred,
        language=doc.language, origin=doc.origin, retrieved=doc.retrieved or utcnow(),
        text=doc.text, ingest_run_id=run_id,
    )
    try:
        with session.begin_nested():  # a concurrent writer may store the same text first
            session.add(row)
    except IntegrityError:
        existing = session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == doc.sha256))
        if existing is None:
            raise
        return AddResult("duplicate", existing)
    return AddResult("stored", doc_id)


def row_to_document(row: DocumentRow) -> Document:
    return Document(
        id=row.id, text=row.text, url=row.url, title=row.title, publisher=row.publisher,
        author=row.author, published=row.published, published_inferred=row.published_inferred,
        language=row.language, origin=row.origin, retrieved=row.retrieved, sha256=row.sha256,
    )


def add_problem(session: Session, problem: IngestProblem, run_id: int | None = None) -> None:
    session.add(
        IngestErrorRow(
            ingest_run_id=run_id, origin=problem.origin, level=problem.level,
            reason=problem.reason, detail=problem.detail or None, created=utcnow(),
        )
    )


def start_ingest_run(session: Session, inputs: Sequence[str]) -> int:
    run = IngestRunRow(started=utcnow(), inputs=list(inputs), stored=0, duplicates=0, errors=0,
                       status="running")
    session.add(run)
    session.commit()
    return run.id


def finish_ingest_run(session: Session, run_id: int, *, stored: int, duplicates: int,
                      errors: int, status: str = "done") -> None:
    run = session.get(IngestRunRow, run_id)
    if run is None:
        return
    run.finished, run.status = utcnow(), status
    run.stored, run.duplicates, run.errors = stored, duplicates, errors
    session.commit()


def start_extraction_run(session: Session) -> int:
    run = ExtractionRunRow(pipeline_version=PIPELINE_VERSION, started=utcnow(), documents=0,
                           records=0, status="running")
    session.add(run)
    session.commit()
    return run.id


def finish_extraction_run(session: Session, run_id: int, *, documents: int, records: int,
                          status: str = "done") -> None:
    run = session.get(ExtractionRunRow, run_id)
    if run is None:
        return
    run.finished, run.status, run.documents, run.records = utcnow(), status, documents, records
    session.commit()


def _killed(event: Event) -> int | None:
    figures = [h.min for h in event.harm if h.type == "killed" and h.new and h.min is not None]
    return sum(figures) if figures else None


def replace_events(session: Session, document_id: str, events: Iterable[Event], run_id: int) -> int:
    """Swap a document's machine records for a new run's records (re-extraction)."""
    session.execute(delete(EventRow).where(EventRow.document_id == document_id))
    count = 0
    for ev in events:
        loc, dt = ev.location, ev.date
        session.add(
            EventRow(
                id=ev.id, document_id=document_id, run_id=run_id, kind=ev.kind,
                event_type=ev.event_type, sub_event_type=ev.sub_event_type,
                date_start=dt.start if dt else None, date_end=dt.end if dt else None,
                country=loc.country if loc else None, admin1=loc.admin1 if loc else None,
                location=(loc.name or loc.text) if loc else None,
                lat=loc.lat if loc else None, lon=loc.lon if loc else None,
                killed=_killed(ev), data=ev.to_dict(),
            )
        )
        count += 1
    return count


def documents_without_events(session: Session) -> list[Document]:
    """Documents no extraction run has produced records for yet (English or unknown language)."""
    has_events = select(EventRow.document_id).distinct()
    rows = session.scalars(
        select(DocumentRow).where(DocumentRow.id.not_in(has_events)).order_by(DocumentRow.id)
    )
    return [row_to_document(r) for r in rows]


def count_rows(session: Session) -> dict[str, int]:
    """Row counts per table, for status output."""
    tables = {"documents": DocumentRow, "ingest_errors": IngestErrorRow, "events": EventRow}
    return {name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in tables.items()}
