"""Ingest by URL from a local server on 127.0.0.1 (no other network is touched)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conflictwatch.ingest.core import IngestOptions, ingest
from conflictwatch.store.db import open_store

FIX = Path(__file__).parents[1] / "fixtures" / "ingest"


def _routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    teaser_feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>
<item><title>Teaser</title><link>{base}/article.html</link>
<description>Short teaser only.</description></item>
<item><title>Gone</title><link>{base}/missing</link></item>
</channel></rss>""".encode()
    return {
        "/article.html": (200, "text/html; charset=utf-8", (FIX / "good.html").read_bytes()),
        "/feed.xml": (200, "application/rss+xml", (FIX / "feed.xml").read_bytes()),
        "/teaser.xml": (200, "application/rss+xml", teaser_feed),
        "/plain": (200, "text/plain", (FIX / "french.txt").read_bytes()),
        "/big": (200, "text/plain", b"x" * 200_000),
        "/image": (200, "image/png", (FIX / "image.txt").read_bytes()),
    }


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.end_headers()
                return
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            status, ctype, body = route
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    routes = _routes(base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_pages_and_feeds_by_url(server: str, db_url: str) -> None:
    urls = [f"{server}/article.html", f"{server}/feed.xml", f"{server}/teaser.xml",
            f"{server}/plain"]
    report = ingest(urls, open_store(db_url), IngestOptions(max_bytes=100_000))
    # article; 2 feed items; the teaser item's linked page is the article again (duplicate);
    # the plain-text page
    assert len(report.stored) == 4
    assert len(report.duplicates) == 1
    [gone] = report.errors
    assert "missing" in gone.reason and "404" in gone.reason


def test_bad_urls_are_reported_with_reasons(server: str, db_url: str) -> None:
    urls = [f"{server}/nothing", f"{server}/loop", f"{server}/big", f"{server}/image",
            "http://127.0.0.1:9/unreachable"]
    report = ingest(urls, open_store(db_url), IngestOptions(max_bytes=100_000))
    assert report.stored == []
    reasons = {p.origin.removeprefix(server): p.reason for p in report.errors}
    assert "404" in reasons["/nothing"]
    assert "redirects" in reasons["/loop"]
    assert "too large" in reasons["/big"]
    assert "binary" in reasons["/image"]
    assert "unreachable" in reasons["http://127.0.0.1:9/unreachable"]


def test_url_document_metadata(server: str, db_url: str) -> None:
    report = ingest([f"{server}/article.html"], open_store(db_url), IngestOptions())
    from conflictwatch.store.models import DocumentRow

    with open_store(db_url)() as session:
        row = session.get(DocumentRow, report.stored[0])
        assert row is not None
        assert row.url == f"{server}/article.html" and row.author == "Jane Example"
        assert row.language == "en" and row.retrieved is not None
