"""What runs on a worker: turn one partition's raw items into an encoded partition file.

The extractor and the geoparser (whose gazetteer index is large and slow to load) are loaded
once per worker process and kept in a module-level cache; `plugin.ExtractorPlugin` warms that
cache when a Dask worker starts, so no task pays the load and no worker loads it twice.
"""

from __future__ import annotations

import importlib
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from conflictwatch.batch.output import encode, record_row
from conflictwatch.batch.partition import Item, Partition
from conflictwatch.ingest.readers import make_document, read_html, read_text
from conflictwatch.records import Document, Event, IngestProblem

DEFAULT_EXTRACTOR = "conflictwatch.extract.pipeline:extract_document"
DEFAULT_GEOPARSER = "conflictwatch.geo:geoparse"
ENGLISH_OR_UNKNOWN = {None, "en"}

Extractor = Callable[..., list[Event]]
Geoparser = Callable[..., Any]


@dataclass(frozen=True)
class ExtractorSpec:
    """Which extractor and geoparser to run, by import path (so it can travel to workers)."""

    extractor: str = DEFAULT_EXTRACTOR
    geoparser: str | None = DEFAULT_GEOPARSER
    english_only: bool = True


@dataclass
class PartitionResult:
    """A worker's answer for one partition: the encoded file and its counts."""

    index: int
    data: bytes
    items: int
    documents: int = 0
    records: int = 0
    words: int = 0
    skipped: int = 0
    seconds: float = 0.0
    worker: str = ""
    failed: list[list[str]] = field(default_factory=list)
    problems: list[list[str]] = field(default_factory=list)


_CACHE: dict[ExtractorSpec, tuple[Extractor, Geoparser | None]] = {}
_LOADS: list[ExtractorSpec] = []


def import_callable(spec: str) -> Callable[..., Any]:
    """`module:name` -> the object."""
    module_name, _, attr = spec.partition(":")
    if not attr:
        raise ValueError(f"{spec!r} is not MODULE:NAME")
    obj: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    return obj


def load_extractor(spec: ExtractorSpec) -> tuple[Extractor, Geoparser | None]:
    """The extractor and geoparser of `spec`, loaded once per process."""
    if spec not in _CACHE:
        extractor = import_callable(spec.extractor)
        geoparser = import_callable(spec.geoparser) if spec.geoparser else None
        if geoparser is not None:
            with _machine_lock():  # one worker builds a missing index, the others then load it
                geoparser("Aleppo")  # loads the gazetteer index now, not in the first task
        if spec.english_only:
            from conflictwatch.ingest.language import detect_language

            detect_language("Warm-up text so the language model loads before the first task.")
        _CACHE[spec] = (extractor, geoparser)
        _LOADS.append(spec)
    return _CACHE[spec]


@contextmanager
def _machine_lock() -> Iterator[None]:
    """Serialise gazetteer warm-ups of the workers on one machine (an exclusive file lock)."""
    import fcntl
    import tempfile

    path = os.path.join(tempfile.gettempdir(), "conflictwatch-batch-warmup.lock")
    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def load_count() -> int:
    """How many times this process loaded an extractor (1 per spec is the contract)."""
    return len(_LOADS)


def documents_of(item: Item) -> Iterator[Document | IngestProblem]:
    """The document(s) of one raw item, or the problem that stopped it."""
    if item.kind == "text":
        yield from read_text(item.data, item.origin)
    elif item.kind == "html":
        yield from read_html(item.data, item.origin)
    else:
        yield json_document(item)


def json_document(item: Item) -> Document | IngestProblem:
    """One JSONL line {"id", "text", "published"?, "url"?, "title"?} as a Document."""
    from datetime import date

    try:
        record = json.loads(item.data)
    except (ValueError, UnicodeDecodeError) as exc:
        return IngestProblem(item.origin, f"invalid JSON line: {exc}")
    text = record.get("text") if isinstance(record, dict) else None
    if not isinstance(text, str) or not text.strip():
        return IngestProblem(item.origin, 'not an object with a non-empty "text"')
    published = None
    if record.get("published"):
        try:
            published = date.fromisoformat(str(record["published"])[:10])
        except ValueError:
            published = None
    doc_id = record.get("id")
    return make_document(text, item.origin, published=published,
                         doc_id=str(doc_id) if doc_id not in (None, "") else None,
                         url=record.get("url"), title=record.get("title"))


def is_wanted(doc: Document, spec: ExtractorSpec) -> bool:
    """English or undetermined documents only, like `pipeline.extract_and_store`."""
    if not spec.english_only:
        return True
    if doc.language is None:
        from conflictwatch.ingest.language import detect_language

        doc.language = detect_language(doc.text)
    return doc.language in ENGLISH_OR_UNKNOWN


def _wanted_documents(partition: Partition, spec: ExtractorSpec,
                      result: PartitionResult) -> Iterator[Document]:
    """The partition's documents to extract; problems and skipped ones are counted in
    `result` as they are met."""
    for item in partition.items:
        for doc in documents_of(item):
            if isinstance(doc, IngestProblem):
                result.problems.append([doc.origin, doc.reason])
            elif not is_wanted(doc, spec):
                result.skipped += 1
            else:
                yield doc


def extract_partition(partition: Partition, spec: ExtractorSpec, fmt: str) -> PartitionResult:
    """Extract every document of a partition; one document's failure does not stop the rest."""
    started = time.perf_counter()
    from conflictwatch.extract.pipeline import extract_document, with_places_ahead

    extract, geoparse = load_extractor(spec)
    result = PartitionResult(index=partition.index, data=b"", items=len(partition.items))
    rows: list[dict[str, Any]] = []
    docs = _wanted_documents(partition, spec, result)
    # the default extractor's places are found a batch of documents ahead (see
    # geoparse_ahead); another extractor may not geoparse the text it is given
    pairs = with_places_ahead(docs, geoparse) if extract is extract_document else \
        ((doc, geoparse) for doc in docs)
    for doc, places in pairs:
        result.documents += 1
        result.words += len(doc.text.split())
        try:
            events = extract(doc, geoparse=places)
        except Exception as exc:  # one bad document must not lose the partition
            result.failed.append([doc.id, f"{type(exc).__name__}: {exc}"])
            continue
        rows.extend(record_row(event) for event in events)
    result.records = len(rows)
    result.data = encode(rows, fmt)
    result.seconds = round(time.perf_counter() - started, 4)
    result.worker = f"{socket.gethostname()}:{os.getpid()}"
    return result
