"""Stage orchestration over the store: stored documents -> extract (+geo) -> stored records.

This is the only module that wires stages together; each stage stays usable on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.extract.lexicon_files import LexiconError
from conflictwatch.records import Document, PlaceMention
from conflictwatch.store import repo
from conflictwatch.store.incidents import resolve_document

ENGLISH_OR_UNKNOWN = {None, "en"}


@dataclass
class ExtractReport:
    documents: int = 0
    records: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] | None = None
    run_id: int | None = None


def default_geoparser() -> Callable[[str], list[PlaceMention]] | None:
    """The offline gazetteer's geoparser, or None when the geo stage is unavailable."""
    try:
        from conflictwatch.geo import geoparse
    except ImportError:
        return None
    return geoparse


def _english_or_unknown(doc: Document) -> bool:
    return doc.language in ENGLISH_OR_UNKNOWN


def extract_and_store(sessions: sessionmaker[Session], documents: Iterable[Document],
                      *, geocode: bool = True,
                      on_document: Callable[[Document], None] = lambda _d: None) -> ExtractReport:
    """Extract each document and replace its machine records; non-English ones are skipped.

    Each document's records are committed with it, so an interruption loses at most the
    records of the document in progress (and the places found ahead for its batch: see
    `extract.pipeline.geoparse_ahead`) and a re-run picks up where it stopped.
    """
    from conflictwatch.extract.pipeline import extract_document, with_places_ahead

    report = ExtractReport(failed=[])
    geoparse = default_geoparser() if geocode else None
    with sessions() as session:
        report.run_id = repo.start_extraction_run(session)
        status = "interrupted"
        try:
            # a batch's places first, then its records: faster than turn about
            for doc, places in with_places_ahead(documents, geoparse, _english_or_unknown):
                on_document(doc)
                if not _english_or_unknown(doc):
                    report.skipped += 1
                    continue
                try:
                    events = extract_document(doc, geoparse=places)
                except LexiconError:
                    raise  # the user's lexicon, not the document: stop and say so
                except Exception as exc:  # one document's failure must not stop the batch
                    assert report.failed is not None
                    report.failed.append((doc.id, f"{type(exc).__name__}: {exc}"))
                    continue
                report.records += repo.replace_events(session, doc.id, events, report.run_id)
                resolve_document(session, doc.id)  # file the records into incidents and series
                report.documents += 1
                session.commit()
            status = "done"
        finally:
            session.rollback()
            repo.finish_extraction_run(session, report.run_id, documents=report.documents,
                                       records=report.records, status=status)
    return report
