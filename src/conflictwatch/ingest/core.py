"""Ingest: inputs (files, folders, URLs) -> readers -> language -> the document store.

Good documents are committed in small batches, so an interrupted run leaves a consistent
database and a re-run stores nothing twice (content identity is the text's sha256).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.ingest.decode import sniff_binary
from conflictwatch.ingest.fetch import FetchError, fetch_url, make_client
from conflictwatch.ingest.language import detect_language
from conflictwatch.ingest.readers import (
    Item,
    read_feed,
    read_html,
    read_jsonl,
    read_jsonl_stream,
    read_text,
)
from conflictwatch.records import Document, IngestProblem
from conflictwatch.store import repo

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Documents per transaction. SQLite serialises writers, so large batches are safe and fast;
# on a server database, concurrent ingests holding many uncommitted rows can deadlock on the
# unique hash index, so each document commits alone there.
COMMIT_EVERY = {"sqlite": 200}
COMMIT_EVERY_DEFAULT = 1
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
              "application/rdf+xml"}
ENGLISH = "en"


@dataclass
class Outcome:
    """What became of one item: stored, duplicate, or a problem."""

    origin: str
    status: str  # stored | duplicate | error | warning
    document_id: str | None = None
    reason: str = ""


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[IngestProblem] = field(default_factory=list)
    run_id: int | None = None

    @property
    def errors(self) -> list[IngestProblem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass
class IngestOptions:
    published: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fetch_links: bool = True


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | IngestProblem]:
    """Files and URLs to read, folders walked recursively (hidden files skipped)."""
    for raw in inputs:
        if is_url(raw):
            yield raw
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in rel):
                    yield str(child)
        elif path.is_file():
            yield str(path)
        else:
            yield IngestProblem(raw, "no such file, folder or URL")


def read_input(source: str, options: IngestOptions,
               client: httpx.Client | None = None) -> Iterator[Item]:
    """All items from one file or URL; never raises for bad content."""
    if is_url(source):
        yield from _read_url(source, options, client)
    else:
        yield from _read_file(Path(source), options, client)


def _read_file(path: Path, options: IngestOptions, client: httpx.Client | None) -> Iterator[Item]:
    origin = str(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, options)
        return
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield IngestProblem(origin, f"too large: {_mb(size)} > cap {_mb(options.max_bytes)}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestProblem(origin, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield IngestProblem(origin, "empty file")
        return
    yield from _dispatch(data, origin, _kind_of(path.suffix.lower(), data), options, client)


def _read_url(url: str, options: IngestOptions, client: httpx.Client | None) -> Iterator[Item]:
    try:
        fetched = fetch_url(url, max_bytes=options.max_bytes, client=client)
    except FetchError as exc:
        yield IngestProblem(url, str(exc))
        return
    if not fetched.content.strip():
        yield IngestProblem(url, "empty response")
        return
    if fetched.content_type in FEED_TYPES or _looks_like_feed(fetched.content):
        kind = "feed"
    elif fetched.content_type in ("text/plain",):
        kind = "text"
    else:
        kind = "html"
    yield from _dispatch(fetched.content, url, kind, options, client, url=fetched.url,
                         charset=fetched.charset)


def _read_jsonl_file(path: Path, options: IngestOptions) -> Iterator[Item]:
    """A local JSON Lines corpus, streamed: never held whole, capped per document."""
    origin = str(path)
    try:
        with path.open("rb") as fh:
            kind = sniff_binary(fh.read(4096))
            if kind:  # one problem for a binary file, not one per "line"
                yield IngestProblem(origin, f"binary content ({kind}), not text")
                return
            fh.seek(0)
            items = 0
            for item in read_jsonl_stream(fh, origin, options.published, options.max_bytes):
                items += 1
                yield item
    except OSError as exc:
        yield IngestProblem(origin, f"cannot read: {exc.strerror or exc}")
        return
    if not items:
        yield IngestProblem(origin, "empty file")


def _dispatch(data: bytes, origin: str, kind: str, options: IngestOptions,
              client: httpx.Client | None, url: str | None = None,
              charset: str | None = None) -> Iterator[Item]:
    if kind == "html":
        yield from read_html(data, origin, url=url, published=options.published, charset=charset)
    elif kind == "feed":
        fetcher = _html_fetcher(options, client) if options.fetch_links else None
        yield from read_feed(data, origin, fetch_html=fetcher, published=options.published)
    elif kind == "jsonl":
        yield from read_jsonl(data, origin, published=options.published)
    else:
        yield from read_text(data, origin, published=options.published)


def _html_fetcher(options: IngestOptions,
                  client: httpx.Client | None) -> Callable[[str], tuple[bytes, str | None]]:
    def fetch(link: str) -> tuple[bytes, str | None]:
        fetched = fetch_url(link, max_bytes=options.max_bytes, client=client)
        return fetched.content, fetched.url

    return fetch


def _kind_of(suffix: str, data: bytes) -> str:
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if _looks_like_feed(data):
        return "feed"
    return "text"


def _looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and any(t in head for t in (b"<rss", b"<feed", b"<rdf"))


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


def annotate_language(doc: Document) -> IngestProblem | None:
    """Record the document's language; a non-English one is stored but flagged."""
    doc.language = doc.language or detect_language(doc.text)
    if doc.language and doc.language != ENGLISH:
        return IngestProblem(doc.origin or doc.id, f"non-English text ({doc.language}): stored, "
                             "extraction skips it", level="warning")
    return None


def ingest(inputs: list[str], sessions: sessionmaker[Session], options: IngestOptions,
           on_outcome: Callable[[Outcome], None] = lambda _o: None,
           on_source_done: Callable[[str], None] = lambda _s: None) -> IngestReport:
    """Read every input and store what is good; report everything else. Never stops early.

    KeyboardInterrupt rolls back the current uncommitted batch, marks the run interrupted and
    re-raises: every document committed so far stays, and a re-run skips them as duplicates.
    """
    report = IngestReport()
    with sessions() as session, make_client() as client:
        report.run_id = repo.start_ingest_run(session, inputs)
        dialect = session.get_bind().dialect.name
        commit_every = COMMIT_EVERY.get(dialect, COMMIT_EVERY_DEFAULT)
        pending = 0
        try:
            for source in expand_inputs(inputs):
                items = [source] if isinstance(source, IngestProblem) else \
                    read_input(source, options, client)
                for item in items:
                    _store_item(session, item, report, on_outcome)
                    pending += 1
                    if pending >= commit_every:
                        session.commit()
                        pending = 0
                on_source_done(source.origin if isinstance(source, IngestProblem) else source)
            session.commit()
        except BaseException:
            session.rollback()
            repo.finish_ingest_run(session, report.run_id, stored=len(report.stored),
                                   duplicates=len(report.duplicates),
                                   errors=len(report.errors), status="interrupted")
            raise
        repo.finish_ingest_run(session, report.run_id, stored=len(report.stored),
                               duplicates=len(report.duplicates), errors=len(report.errors))
    return report


def _store_item(session: Session, item: Item, report: IngestReport,
                on_outcome: Callable[[Outcome], None]) -> None:
    if isinstance(item, IngestProblem):
        _record_problem(session, item, report, on_outcome)
        return
    caveat = annotate_language(item)
    result = repo.add_document(session, item, report.run_id)
    origin = item.origin or item.id
    if result.status == "duplicate":
        report.duplicates.append(result.document_id)
        on_outcome(Outcome(origin, "duplicate", result.document_id,
                           f"same content as {result.document_id}"))
        return
    report.stored.append(result.document_id)
    on_outcome(Outcome(origin, "stored", result.document_id))
    if caveat:
        _record_problem(session, caveat, report, on_outcome)


def _record_problem(session: Session, problem: IngestProblem, report: IngestReport,
                    on_outcome: Callable[[Outcome], None]) -> None:
    repo.add_problem(session, problem, report.run_id)
    report.problems.append(problem)
    on_outcome(Outcome(problem.origin, problem.level, None, problem.reason))
