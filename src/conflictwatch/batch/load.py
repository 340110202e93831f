"""`batch --to-db`: load finished partitions into the store, one transaction per partition.

Documents are re-read from the inputs (partitions are deterministic, and a partition is loaded
only if its bytes still match the manifest's fingerprint) and stored with `repo.add_document`;
their records replace the document's machine records (`repo.replace_events`). Loading twice
therefore leaves the same rows: it is idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.batch.output import Output, decode
from conflictwatch.batch.partition import expand_inputs, iter_partitions
from conflictwatch.batch.worker import documents_of
from conflictwatch.records import Document, Event
from conflictwatch.store import repo


@dataclass
class LoadReport:
    partitions: int = 0
    documents: int = 0
    records: int = 0
    conflicts: list[str] = field(default_factory=list)  # ids stored under another id


def load_into_store(inputs: Sequence[str | Path], output: Output, sessions: sessionmaker[Session],
                    progress: Callable[[int], None] = lambda _n: None) -> LoadReport:
    """Store the documents and records of every finished partition."""
    files, _skipped = expand_inputs(inputs)
    finished = output.finished()
    report = LoadReport()
    with sessions() as session:
        run_id = repo.start_extraction_run(session)
        session.commit()
        status = "interrupted"
        try:
            for part in iter_partitions(files, output.partition_size):
                entry = finished.get(part.index)
                if entry is None or entry.fingerprint != part.fingerprint():
                    continue
                by_doc: dict[str, list[Event]] = defaultdict(list)
                for record in decode(output.root / entry.file):
                    by_doc[record["document_id"]].append(Event.from_dict(record))
                docs = [d for item in part.items for d in documents_of(item)
                        if isinstance(d, Document)]
                _load_partition(session, docs, by_doc, run_id, report)
                session.commit()
                report.partitions += 1
                progress(1)
            status = "done"
        finally:
            session.rollback()
            repo.finish_extraction_run(session, run_id, documents=report.documents,
                                       records=report.records, status=status)
    return report


def _load_partition(session: Session, docs: list[Document], by_doc: dict[str, list[Event]],
                    run_id: int, report: LoadReport) -> None:
    from conflictwatch.ingest.language import detect_language

    for doc in docs:
        doc.language = doc.language or detect_language(doc.text)
        stored = repo.add_document(session, doc)
        if stored.document_id != doc.id:
            # same text already stored under another id (or the id taken by other text):
            # its records would point at the wrong row, so leave them out and say so
            report.conflicts.append(f"{doc.id} -> {stored.document_id}")
            continue
        report.records += repo.replace_events(session, doc.id, by_doc.get(doc.id, []), run_id)
        report.documents += 1
