"""Readers: one input's content (text, HTML, feed, JSONL) -> Documents or problems.

Each reader is a plain function over content already in memory; finding and fetching inputs
is `ingest.core`'s job. Readers yield `Document`s and `IngestProblem`s and never raise for bad
content, so one bad item never stops a batch.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

import feedparser
import trafilatura

from conflictwatch.extract.dates import infer_publication_date  # shared dateline finder
from conflictwatch.ingest.decode import UnreadableInput, decode_bytes
from conflictwatch.records import Document, IngestProblem, normalise_text

Item = Document | IngestProblem
HtmlFetcher = Callable[[str], tuple[bytes, str | None]]  # url -> (html bytes, final url)
MIN_FEED_CONTENT = 200  # a shorter summary (no full content) is a teaser: fetch the link


def make_document(text: str, origin: str, *, doc_id: str | None = None,
                  published: date | None = None, **meta: Any) -> Document:
    """A Document with normalised text, its id, and an inferred date when none is given."""
    text = normalise_text(text)
    doc = Document(id="", text=text, origin=origin, published=published, **meta)
    doc.id = doc_id or f"doc-{doc.sha256[:12]}"
    if doc.published is None:
        inferred = infer_publication_date(text)
        if inferred:
            doc.published, doc.published_inferred = inferred, True
    return doc


def read_text(data: bytes, origin: str, published: date | None = None) -> Iterator[Item]:
    """A plain-text report."""
    try:
        text, _enc = decode_bytes(data)
    except UnreadableInput as exc:
        yield IngestProblem(origin, str(exc))
        return
    if not text.strip():
        yield IngestProblem(origin, "empty: no text")
        return
    yield make_document(text, origin, published=published)


def read_html(data: bytes | str, origin: str, *, url: str | None = None,
              published: date | None = None, charset: str | None = None) -> Iterator[Item]:
    """An HTML page: main text, title, date, author and site name via trafilatura."""
    try:
        html = data if isinstance(data, str) else decode_bytes(data, charset)[0]
    except UnreadableInput as exc:
        yield IngestProblem(origin, str(exc))
        return
    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception as exc:  # trafilatura/lxml raise many kinds on hostile markup
        yield IngestProblem(origin, "malformed HTML: could not parse", repr(exc))
        return
    if extracted is None:
        meta: dict[str, Any] = {}
    else:
        meta = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = meta.get("text") or ""
    if not text.strip():
        yield IngestProblem(origin, "no main text found in HTML")
        return
    page_date = _iso_date(meta.get("date"))
    yield make_document(
        text, origin, published=published or page_date, url=url or meta.get("url"),
        title=meta.get("title"), author=meta.get("author"),
        publisher=meta.get("sitename") or _host(url),
    )


def read_feed(data: bytes, origin: str, *, fetch_html: HtmlFetcher | None = None,
              published: date | None = None) -> Iterator[Item]:
    """An RSS/Atom feed: each item's full content, or its linked page when content is short."""
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        reason = str(parsed.get("bozo_exception") or "unparseable")
        yield IngestProblem(origin, f"malformed feed: {reason}")
        return
    if parsed.get("bozo"):
        yield IngestProblem(origin, "feed is not well-formed; items read anyway",
                            str(parsed.get("bozo_exception")), level="warning")
    publisher = (parsed.get("feed") or {}).get("title")
    if not entries:
        yield IngestProblem(origin, "feed has no items", level="warning")
    for n, entry in enumerate(entries, start=1):
        yield from _read_entry(entry, f"{origin}#item{n}", publisher, fetch_html, published)


def _read_entry(entry: Any, origin: str, publisher: str | None, fetch_html: HtmlFetcher | None,
                published: date | None) -> Iterator[Item]:
    link = entry.get("link")
    content, is_full = _entry_content(entry)
    entry_date = published or _struct_date(entry.get("published_parsed") or
                                           entry.get("updated_parsed"))
    meta = {"url": link, "title": entry.get("title"), "author": entry.get("author"),
            "publisher": publisher or _host(link)}
    if not is_full and len(content) < MIN_FEED_CONTENT and link and fetch_html is not None:
        try:
            html, final_url = fetch_html(link)
        except Exception as exc:  # the fetcher reports its own reason
            if not content:
                yield IngestProblem(origin, f"item link {link}: {exc}")
                return
            yield IngestProblem(origin, f"item link {link}: {exc}; kept the feed's summary",
                                level="warning")
        else:
            for item in read_html(html, origin, url=final_url or link, published=entry_date):
                if isinstance(item, Document):
                    item.title = item.title or meta["title"]
                    item.publisher = meta["publisher"] or item.publisher
                yield item
            return
    if not content:
        yield IngestProblem(origin, "feed item has neither content nor a fetchable link")
        return
    text = _html_to_text(content)
    if not text.strip():
        yield IngestProblem(origin, "feed item content is empty")
        return
    yield make_document(text, origin, published=entry_date, **meta)


def read_jsonl(data: bytes, origin: str, published: date | None = None) -> Iterator[Item]:
    """JSON Lines of {"id", "text", "published"?, "url"?, "title"?}; bad lines are reported."""
    try:
        content, _enc = decode_bytes(data)
    except UnreadableInput as exc:
        yield IngestProblem(origin, str(exc))
        return
    for lineno, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield _read_json_line(line, f"{origin}:{lineno}", published)


def read_jsonl_stream(lines: Iterable[bytes], origin: str, published: date | None = None,
                      max_line_bytes: int | None = None) -> Iterator[Item]:
    """JSON Lines read one line at a time (a corpus file of any size: the size cap applies to
    each document's line, not to the file); bad or oversized lines are reported as file:line."""
    for lineno, raw in enumerate(lines, start=1):
        where = f"{origin}:{lineno}"
        if max_line_bytes is not None and len(raw) > max_line_bytes:
            yield IngestProblem(where, f"line too large: {len(raw)} bytes > cap {max_line_bytes}")
            continue
        if not raw.strip():
            continue
        try:
            line, _enc = decode_bytes(raw)
        except UnreadableInput as exc:
            yield IngestProblem(where, str(exc))
            continue
        yield _read_json_line(line, where, published)


def _read_json_line(line: str, origin: str, published: date | None) -> Item:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestProblem(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(record, dict):
        return IngestProblem(origin, "JSON line is not an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return IngestProblem(origin, 'missing or empty "text"')
    doc_date = published
    if record.get("published") and doc_date is None:
        doc_date = _iso_date(str(record["published"]))
    doc_id = record.get("id")
    return make_document(
        text, origin, doc_id=str(doc_id) if doc_id not in (None, "") else None,
        published=doc_date, url=record.get("url"), title=record.get("title"),
        publisher=record.get("publisher") or _host(record.get("url")),
    )


def _entry_content(entry: Any) -> tuple[str, bool]:
    """The item's text and whether it is full content (not just a summary/teaser)."""
    for block in entry.get("content") or []:
        if block.get("value"):
            return str(block["value"]), True
    return str(entry.get("summary") or entry.get("description") or ""), False


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    text = trafilatura.extract(f"<html><body><article>{fragment}</article></body></html>",
                               favor_recall=True)
    if text:
        return str(text)
    import lxml.html  # fallback for fragments trafilatura finds too short

    return str(lxml.html.fromstring(fragment).text_content())


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()[:10]).date()
    except ValueError:
        return None


def _struct_date(value: time.struct_time | None) -> date | None:
    return date(value.tm_year, value.tm_mon, value.tm_mday) if value else None


def _host(url: str | None) -> str | None:
    return urlparse(url).hostname if url else None
