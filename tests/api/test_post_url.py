"""POST /api/documents with a URL: fetched like `conflictwatch ingest URL` (127.0.0.1 only)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conflictwatch.api.app import create_app
from conflictwatch.api.auth import create_token
from conflictwatch.store.db import open_store

ARTICLE = (Path(__file__).parents[1] / "fixtures" / "ingest" / "good.html").read_bytes()


@pytest.fixture
def site() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path != "/report.html":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(ARTICLE)))
            self.end_headers()
            self.wfile.write(ARTICLE)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_post_url_fetches_stores_and_reports_failures(db_url: str, site: str) -> None:
    client = TestClient(create_app(db_url))
    with open_store(db_url)() as session:
        auth = {"Authorization": f"Bearer {create_token(session, 'desk')}"}
    body = {"url": f"{site}/report.html", "published": "2019-12-20", "extract": False}
    assert client.post("/api/documents", json=body).status_code == 401  # writes need a token
    made = client.post("/api/documents", json=body, headers=auth)
    assert made.status_code == 201, made.text
    (doc_id,) = made.json()["stored"]
    stored = client.get(f"/api/documents/{doc_id}").json()
    assert stored["url"] == f"{site}/report.html" and stored["published"] == "2019-12-20"
    again = client.post("/api/documents", json=body, headers=auth).json()
    assert again["stored"] == [] and again["duplicates"] == [doc_id]
    gone = client.post("/api/documents", json={"url": f"{site}/missing"}, headers=auth)
    assert gone.status_code == 422 and "404" in gone.json()["detail"]
    bad = client.post("/api/documents", json={"url": "not a url"}, headers=auth)
    assert bad.status_code == 422
