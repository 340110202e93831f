"""Stage orchestration over the store: stored documents -> extract (+geo) -> stored records.

This is the only module that wires stages together; each stage stays usable on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.extract.lexicon_files import LexiconError
from conflictwatch.records import Document, Event, PlaceMention
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


def extract_records(doc: Document, *, geocode: bool = True) -> list[Event]:
    """Records of one document, geocoded with the default gazetteer when `geocode`."""
    from conflictwatch.extract.pipeline import extract_document

    return extract_document(doc, geoparse=default_geoparser() if geocode else None)


def extract_and_store(sessions: sessionmaker[Session], documents: Iterable[Document],
                      *, geocode: bool = True,
                      on_document: Callable[[Document], None] = lambda _d: None) -> ExtractReport:
    """Extract each document and replace its machine records; non-English ones are skipped.

    Each document's records are committed with it, so an interruption loses at most the
    records of the document in progress (and the places found ahead for its batch: see
    `extract.pipeline.geoparse_ahead`) and a re-run picks up where it stopped.
    """
    from conflictwatch.extract.pipeline import extract_document, geoparse_ahead, in_batches

    report = ExtractReport(failed=[])
    geoparse = default_geoparser() if geocode else None
    with sessions() as session:
        report.run_id = repo.start_extraction_run(session)
        status = "interrupted"
        try:
            for batch in in_batches(documents):
                wanted = [d for d in batch if d.language in ENGLISH_OR_UNKNOWN]
                # the batch's places first, then its records: faster than turn about
                geo = geoparse_ahead(wanted, geoparse) if geoparse and wanted else geoparse
                for doc in batch:
                    on_document(doc)
                    if doc.language not in ENGLISH_OR_UNKNOWN:
                        report.skipped += 1
                        continue
                    try:
                        events = extract_document(doc, geoparse=geo)
                    except LexiconError:
                        raise  # the user's lexicon, not the document: stop and say so
                    except Exception as exc:  # one document's failure must not stop the batch
                        assert report.failed is not None
                        report.failed.append((doc.id, f"{type(exc).__name__}: {exc}"))
                        continue
                    report.records += repo.replace_events(session, doc.id, events,
                                                          report.run_id)
                    resolve_document(session, doc.id)  # file the records into incidents
                    report.documents += 1
                    session.commit()
            status = "done"
        finally:
            session.rollback()
            repo.finish_extraction_run(session, report.run_id, documents=report.documents,
                                       records=report.records, status=status)
    return report
