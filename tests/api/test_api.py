from pathlib import Path

from fastapi.testclient import TestClient

from conflictwatch.api.app import create_app
from conflictwatch.ingest.core import IngestOptions, ingest
from conflictwatch.store.db import open_store

FIX = Path(__file__).parents[1] / "fixtures" / "ingest"


def test_api_lists_documents_and_serves_page(db_url: str) -> None:
    ingest([str(FIX / "good.txt"), str(FIX / "docs.jsonl")], open_store(db_url), IngestOptions())
    client = TestClient(create_app(db_url))
    listing = client.get("/api/documents").json()
    assert listing["total"] == 3
    doc_id = listing["items"][0]["id"]
    one = client.get(f"/api/documents/{doc_id}").json()
    assert one["text"] and one["events"] == []
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/documents?limit=100000").status_code == 422
    assert client.get("/api/events").json()["total"] == 0
    assert client.get("/api/ingest-errors").json()["items"][0]["reason"].startswith("invalid")
    page = client.get("/")
    assert page.status_code == 200 and "fx-1" in page.text
    assert client.get("/openapi.json").json()["info"]["title"] == "conflictwatch"


def test_page_escapes_untrusted_text(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text(
        '{"id": "evil", "title": "<script>alert(1)</script>", "text": "Shelling."}\n')
    ingest([str(tmp_path / "x.jsonl")], open_store(db_url), IngestOptions())
    page = TestClient(create_app(db_url)).get("/").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
