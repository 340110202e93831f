import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sample_data import build, machine_killed

from conflictwatch.api.app import create_app
from conflictwatch.api.auth import create_token
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


def test_filters(client: TestClient) -> None:
    def ids(query: str) -> set[str]:
        body = client.get("/api/events?" + query)
        assert body.status_code == 200, body.text
        return {e["id"] for e in body.json()["items"]}

    assert ids("") == {"saraqib#e1", "baghdad-evil#e1", "ariha-ar#e1", "monguno#e1"}
    assert ids("country=SY") == {"saraqib#e1", "ariha-ar#e1"}
    assert ids("date_from=2019-12-17&date_to=2019-12-18") == {"baghdad-evil#e1", "ariha-ar#e1"}
    assert ids("bbox=35,34,38,37") == {"saraqib#e1", "ariha-ar#e1"}
    assert ids("event_type=Battles") == {"monguno#e1"}
    assert ids("actor=boko") == {"monguno#e1"}
    assert ids("q=vegetable market") == {"saraqib#e1"}
    assert ids("q=100%25") == set()
    assert ids("min_killed=5") == {"saraqib#e1", "monguno#e1"}
    assert ids("kind=cumulative") == {"idlib-total#e1", "idlib-total-2#e1"}
    assert ids("admin1=Borno") == {"monguno#e1"}
    top = client.get("/api/events?sort=killed&order=desc&limit=1").json()
    assert top["total"] == 4 and top["items"][0]["id"] == "saraqib#e1"


def test_validation_errors_are_clear(client: TestClient) -> None:
    bad = client.get("/api/events?date_from=2019-13-01")
    assert bad.status_code == 422 and "date_from" in bad.json()["message"]
    assert "before" in client.get("/api/events?date_from=2019-12-10&date_to=2019-12-01"
                                  ).json()["detail"]
    assert client.get("/api/events?bbox=1,2,3").status_code == 422
    assert client.get("/api/events?limit=501").status_code == 422
    assert client.get("/api/events?sort=nope").status_code == 422


def test_one_event_with_report_evidence_and_aggregates(client: TestClient) -> None:
    one = client.get("/api/events/saraqib%23e1").json()
    text = one["reports"][0]["text"]
    spans = {e["field"]: text[e["start"]:e["end"]] for e in one["evidence"]}
    assert spans["harm[0]"] == "killing 9 civilians" and one["history"] == []
    assert client.get("/api/events/none%23e9").status_code == 404
    days = client.get("/api/stats/timeline").json()["items"]
    assert days[0] == {"period": "2019-12-10", "events": 1, "killed": 5} and len(days) == 10
    weeks = client.get("/api/stats/timeline?interval=week").json()["items"]
    assert [w["events"] for w in weeks] == [1, 3] and sum(w["killed"] for w in weeks) == 19
    areas = client.get("/api/stats/areas?level=admin1").json()["items"]
    assert areas[0] == {"country": "SY", "admin1": "Idlib", "events": 2, "killed": 12}
    series = client.get("/api/cumulative").json()["items"]
    assert series == [{"place": "Idlib", "type": "killed", "group": "civilians",
                       "points": [["2019-12-19", 40], ["2019-12-20", 55]]}]
    points = client.get("/api/map?country=NG").json()
    assert points["items"] == [["monguno#e1", 12.6706, 13.6108, "Battles", 5, "2019-12-10",
                                "Monguno"]]


def test_writes_need_a_token(client: TestClient, token: str) -> None:
    body = {"action": "correct", "figures": {"killed": {"min": 11, "max": 11}}}
    assert client.patch("/api/events/saraqib%23e1", json=body).status_code == 401
    bad = client.patch("/api/events/saraqib%23e1", json=body,
                       headers={"Authorization": "Bearer cw_wrong"})
    assert bad.status_code == 401
    assert client.post("/api/documents", json={"text": "x"}).status_code == 401
    ok = client.patch("/api/events/saraqib%23e1", json=body,
                      headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200, ok.text


def test_reads_can_require_a_token(sample_url: str, token: str, monkeypatch) -> None:
    monkeypatch.setenv("CONFLICTWATCH_READ_TOKEN_REQUIRED", "1")
    client = TestClient(create_app(sample_url))
    assert client.get("/api/events").status_code == 401
    assert client.get("/").status_code == 401
    assert client.get("/api/events", headers={"X-API-Token": token}).json()["total"] == 4


def test_corrections_history_survive_reextraction_and_reach_exports(sample_url: str,
                                                                    token: str) -> None:
    client = TestClient(create_app(sample_url))
    auth = {"Authorization": f"Bearer {token}"}
    fix = {"action": "correct", "note": "hospital list", "date": "2019-12-18",
           "location": {"name": "Sarmin", "lat": 35.9, "lon": 36.72},
           "figures": {"killed": {"min": 12, "max": 14}}}
    done = client.patch("/api/events/saraqib%23e1", json=fix, headers=auth).json()
    assert done["correction"]["before"]["figures"]["killed"] == {"min": 9, "max": 9,
                                                                 "group": "civilians"}
    assert done["correction"]["author"] == "tester"
    event = done["event"]
    assert event["review"]["status"] == "corrected" and event["location"]["name"] == "Sarmin"
    assert machine_killed(open_store(sample_url), "saraqib#e1") == 12  # filter column synced
    assert {e["id"] for e in client.get("/api/events?date_from=2019-12-18&date_to=2019-12-18"
                                        ).json()["items"]} == {"saraqib#e1", "ariha-ar#e1"}
    # re-extraction replaces the machine rows; the correction is re-applied on open
    build(sample_url)
    assert machine_killed(open_store(sample_url), "saraqib#e1") == 9
    again = TestClient(create_app(sample_url))
    assert again.get("/api/events/saraqib%23e1").json()["event"]["harm"][-1]["min"] == 12
    assert machine_killed(open_store(sample_url), "saraqib#e1") == 12
    csv = again.get("/api/export/acled?country=SY").text.splitlines()
    row = next(line for line in csv if line.startswith("saraqib#e1"))
    assert ",Sarmin,35.9,36.72," in row and row.endswith(",12,saraqib,corrected")
    # reject hides it everywhere (listings, exports) but the history keeps everything
    assert again.patch("/api/events/saraqib%23e1", json={"action": "reject"},
                       headers=auth).status_code == 200
    assert "saraqib#e1" not in again.get("/api/export/jsonl").text
    assert again.get("/api/events?review=rejected").json()["items"][0]["id"] == "saraqib#e1"
    history = again.get("/api/events/saraqib%23e1/history").json()["items"]
    assert [h["action"] for h in history] == ["correct", "reject"]
    bad = again.patch("/api/events/saraqib%23e1", headers=auth,
                      json={"figures": {"eaten": {"min": 1}}})
    assert bad.status_code == 422 and "unknown harm type" in bad.json()["message"]
    assert again.patch("/api/events/saraqib%23e1", headers=auth,
                       json={"action": "correct"}).status_code == 422


def test_exports_stream_every_format(client: TestClient) -> None:
    geo = client.get("/api/export/geojson?country=SY").json()
    assert {f["id"] for f in geo["features"]} == {"saraqib#e1", "ariha-ar#e1"}
    hxl = client.get("/api/export/hxl").text.splitlines()
    assert hxl[1].startswith("#event+id") and len(hxl) == 6
    lines = client.get("/api/export/jsonl?kind=").text.splitlines()
    assert len(lines) == 6
    assert client.get("/api/export/xlsx").status_code == 422


def test_post_document_ingests_text(client: TestClient, token: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    body = {"text": "Gunmen killed 4 villagers in Djibo on Monday.", "id": "api-1",
            "published": "2019-12-20", "extract": False}
    made = client.post("/api/documents", json=body, headers=auth)
    assert made.status_code == 201 and made.json()["stored"] == ["api-1"]
    again = client.post("/api/documents", json=body, headers=auth).json()
    assert again["duplicates"] == ["api-1"] and again["stored"] == []
    assert client.get("/api/documents/api-1").json()["published"] == "2019-12-20"
    both = client.post("/api/documents", json={"text": "a", "url": "http://x.test/"},
                       headers=auth)
    assert both.status_code == 422 and "exactly one" in both.json()["message"]
    huge = client.post("/api/documents", content=b"x" * 1_100_000, headers={
        **auth, "content-type": "application/json"})
    assert huge.status_code == 413
    # a chunked body (no content-length) is counted as it is read, and replayed when small
    chunked = client.post("/api/documents", content=iter([b"x" * 600_000] * 2), headers={
        **auth, "content-type": "application/json"})
    assert chunked.status_code == 413
    small = json.dumps({"text": "Gunmen killed 2 farmers in Djibo.", "id": "api-2",
                        "extract": False}).encode()
    replayed = client.post("/api/documents", content=iter([small[:20], small[20:]]),
                           headers={**auth, "content-type": "application/json"})
    assert replayed.status_code == 201 and replayed.json()["stored"] == ["api-2"]


def test_token_cli(run_cli, db_url: str) -> None:
    result = run_cli("token", "create", "--name", "amal")
    token = result.stdout.strip()
    assert token.startswith("cw_")
    with open_store(db_url)() as session:
        from conflictwatch.api.auth import token_owner
        assert token_owner(session, token) == "amal"
        assert create_token(session, "other") != token
    assert "revoked 1" in run_cli("token", "revoke", "amal").stdout
    with open_store(db_url)() as session:
        assert token_owner(session, token) is None


def test_dashboard_login_cookie_and_no_open_redirect(client: TestClient, token: str) -> None:
    bad = client.post("/login", data={"token": "cw_nope", "next": "/"}, follow_redirects=False)
    assert bad.status_code == 303 and "unknown+token" in bad.headers["location"]
    for target in ("//evil.test/x", "/\\evil.test", "https://evil.test/"):
        ok = client.post("/login", data={"token": token, "next": target},
                         follow_redirects=False)
        assert ok.headers["location"] == "/"
    ok = client.post("/login", data={"token": token, "next": "/events/saraqib%23e1"},
                     follow_redirects=False)
    assert ok.headers["location"] == "/events/saraqib%23e1"
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    anonymous = TestClient(client.app)
    form = anonymous.post("/events/saraqib%23e1/review", data={"action": "reject"},
                          follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"].startswith("/login?")
    signed = client.post("/events/saraqib%23e1/review", data={"action": "confirm"},
                         follow_redirects=False)
    assert signed.headers["location"] == "/events/saraqib%23e1"
    assert client.get("/api/events/saraqib%23e1").json()["event"]["review"]["status"] == \
        "confirmed"


def test_places_for_map_labels(client: TestClient, tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    monkeypatch.setenv("CONFLICTWATCH_GAZETTEER", str(tmp_path / "absent.sqlite"))
    assert client.get("/api/places?bbox=0,0,10,10").json() == {"items": [],
                                                              "gazetteer": False}
    path = tmp_path / "gaz.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE places (name TEXT, fclass TEXT, population INTEGER, lat REAL, "
                "lon REAL)")
    con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?)", [
        ("Big", "P", 900000, 5, 5), ("Mid", "P", 40000, 6, 6), ("Tiny", "P", 100, 5, 5),
        ("Far", "P", 90000, 50, 50), ("Hill", "T", 90000, 5, 5)])
    con.commit()
    con.close()
    monkeypatch.setenv("CONFLICTWATCH_GAZETTEER", str(path))
    body = client.get("/api/places?bbox=0,0,10,10&limit=5").json()
    assert [p[0] for p in body["items"]] == ["Big", "Mid"]
    assert client.get("/api/places?bbox=0,0,10").status_code == 422


def _event_page(db_url: str, location: Any) -> str:
    """The record page of a sample event stored with `location`."""
    from datetime import date

    from sample_data import SPECS, event_of

    from conflictwatch.ingest.readers import make_document
    from conflictwatch.store import repo

    spec = SPECS[0]
    event = event_of(spec)
    event.location = location
    with open_store(db_url)() as session:
        run_id = repo.start_extraction_run(session)
        repo.add_document(session, make_document(spec.text, "test:x", doc_id=spec.doc_id,
                                                 published=date(2019, 12, 20)))
        repo.replace_events(session, spec.doc_id, [event], run_id)
        session.commit()
    page = TestClient(create_app(db_url)).get(f"/events/{spec.doc_id}%23e1")
    assert page.status_code == 200
    return page.text


def test_event_page_says_a_place_has_no_point(db_url: str) -> None:
    """A place the gazetteer lacks, kept with its country and no point, says so on its page
    (it is not on the map)."""
    from conflictwatch.records import Location

    note = "'Bolotenovo' not in gazetteer and no admin area named nearby: country UA"
    text = _event_page(db_url, Location(text="Bolotenovo", country="UA", note=note))
    assert "Bolotenovo" in text and "UA · no point on the map" in text
    assert "not in gazetteer" in text


def test_event_page_shows_the_gazetteer_id_and_why_the_point(db_url: str) -> None:
    """An analyst checks a coded place against the gazetteer: the record page gives its id (a
    GeoNames id links to geonames.org) and the geoparser's note, also for a place with a
    point."""
    from conflictwatch.records import Location

    text = _event_page(db_url, Location(
        text="Idlib province", name="Idlib", country="SY", admin1="Idlib", lat=35.93, lon=36.63,
        precision=3, gazetteer_id="geonames:169387",
        note="at Idlib, the town the area is named after"))
    assert 'href="https://www.geonames.org/169387"' in text
    assert "precision 3: at Idlib, the town the area is named after" in text
