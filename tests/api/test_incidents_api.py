import csv
import io
import json

from fastapi.testclient import TestClient
from sample_data import build

from conflictwatch.api.app import create_app
from conflictwatch.api.auth import create_token
from conflictwatch.store.db import open_store


def incident_client(db_url: str) -> tuple[TestClient, dict[str, str]]:
    build(db_url, incidents=True)
    with open_store(db_url)() as session:
        token = create_token(session, "analyst")
    return TestClient(create_app(db_url)), {"Authorization": f"Bearer {token}"}


def saraqib_id(client: TestClient) -> int:
    items = client.get("/api/incidents?q=Saraqib").json()["items"]
    assert len(items) == 1
    return int(items[0]["id"])


def test_incidents_list_detail_map_and_aggregates(db_url: str) -> None:
    client, _ = incident_client(db_url)
    listing = client.get("/api/incidents?country=SY&sort=killed").json()
    assert listing["total"] == 2
    top = listing["items"][0]
    assert top["location"]["name"] == "Saraqib" and len(top["reports"]) == 2
    assert client.get("/api/incidents?grade=contested").json()["total"] == 1
    detail = client.get(f"/api/incidents/{top['id']}").json()
    spans = {r["event_id"]: [r["text"][e["start"]:e["end"]] for e in r["evidence"]]
             for r in detail["reports"]}
    assert "At least 11 people died" in spans["saraqib-wire#e1"]
    assert "killing 9 civilians" in spans["saraqib#e1"]
    points = client.get("/api/incidents-map?country=NG").json()["items"]
    assert [p[3:7] for p in points] == [["Battles", 5, "2019-12-10", "Monguno"]]
    days = client.get("/api/stats/incidents/timeline").json()["items"]
    assert sum(d["events"] for d in days) == 4 and sum(d["killed"] for d in days) == 19
    assert client.get("/api/incidents/99999").status_code == 404
    assert client.get("/api/incidents?sort=bogus").status_code == 422


def test_incident_correction_reaches_every_export_format(db_url: str) -> None:
    client, auth = incident_client(db_url)
    inc = saraqib_id(client)
    fix = {"figures": {"killed": {"min": 10, "max": 12}}, "location": {"admin2": "Idlib"},
           "note": "checked hospital list"}
    done = client.patch(f"/api/incidents/{inc}", json=fix, headers=auth).json()
    assert done["correction"]["before"]["figures"]["killed"]["best"] == 9
    killed = next(h for h in done["incident"]["harm"] if h["type"] == "killed")
    assert (killed["min"], killed["max"], killed["best"]) == (10, 12, 10)
    assert client.get("/api/incidents?min_killed=10").json()["total"] == 1  # columns synced
    text = client.get("/api/export/incidents/acled?country=SY").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["fatalities"] for r in rows) == ["10", "3"]
    geo = client.get("/api/export/incidents/geojson").json()
    assert len(geo["features"]) == 4
    lines = [json.loads(x) for x in client.get("/api/export/incidents/jsonl").text.splitlines()]
    mine = next(x for x in lines if x["id"] == inc)
    assert mine["location"]["admin2"] == "Idlib"
    hxl = client.get("/api/export/incidents/hxl").text.splitlines()
    assert hxl[1].startswith("#event+id") and len(hxl) == 6
    client.patch(f"/api/incidents/{inc}", json={"action": "reject"}, headers=auth)
    assert client.get("/api/incidents").json()["total"] == 3
    assert len(client.get("/api/export/incidents/geojson").json()["features"]) == 3
    history = client.get(f"/api/incidents/{inc}").json()["history"]
    assert [h["action"] for h in history] == ["correct", "reject"]


def test_split_and_merge_need_a_token_and_are_in_history(db_url: str) -> None:
    client, auth = incident_client(db_url)
    inc = saraqib_id(client)
    body = {"event_ids": ["saraqib-wire#e1"]}
    assert client.post(f"/api/incidents/{inc}/split", json=body).status_code == 401
    new = client.post(f"/api/incidents/{inc}/split", json=body, headers=auth).json()
    assert client.get("/api/incidents").json()["total"] == 5
    bad = client.post(f"/api/incidents/{inc}/split", json={"event_ids": ["nope#e1"]},
                      headers=auth)
    assert bad.status_code == 422
    merged = client.post("/api/incidents/merge", headers=auth,
                         json={"incident_ids": [inc, new["new_incident"]]}).json()
    assert len(client.get(f"/api/incidents/{merged['incident']}").json()["incident"]
               ["reports"]) == 2
    actions = [h["action"] for h in client.get(f"/api/incidents/{merged['incident']}"
                                                ).json()["history"]]
    assert "split" in actions and "merge" in actions
    assert client.post("/api/incidents/merge", headers=auth,
                       json={"incident_ids": [inc]}).status_code == 422


def _matches(item: dict, name: str, value: str) -> bool:
    """The listing's filters restated over one incident record, for cross-checking."""
    loc = item.get("location") or {}
    if name in ("country", "admin1"):
        return loc.get(name) == value
    if name == "event_type":
        return item["event_type"] == value
    if name == "date_from":
        return item["date"]["start"] >= value
    if name == "date_to":
        return item["date"]["start"] <= value
    if name == "min_killed":
        killed = [h["best"] for h in item["harm"] if h["type"] == "killed"]
        return sum(killed) >= int(value)
    if name == "actor":
        return any(value.lower() in a["name"].lower() for a in item.get("actors", []))
    if name == "bbox":
        w, s, e, n = (float(v) for v in value.split(","))
        return loc.get("lat") is not None and s <= loc["lat"] <= n and w <= loc["lon"] <= e
    raise AssertionError(name)


def test_every_filter_shape_agrees_with_the_records(db_url: str) -> None:
    """Listings are compiled once per filter shape and re-bound: every filter, alone, in
    pairs and with different values of one shape, must pick what the records say."""
    client, _ = incident_client(db_url)
    everything = client.get("/api/incidents?limit=500").json()["items"]
    assert everything
    probes = [("country", "SY"), ("country", "NG"), ("admin1", "Idlib"),
              ("event_type", "Battles"), ("event_type", "Explosions/Remote violence"),
              ("date_from", "2019-12-17"), ("date_to", "2019-12-18"), ("min_killed", "6"),
              ("min_killed", "0"), ("actor", "civilians"), ("actor", "boko"),
              ("bbox", "36,35,37.5,36.5"), ("bbox", "0,0,20,20")]
    combos = [[p] for p in probes] + [[a, b] for a in probes[:6] for b in probes[5:]
                                      if a[0] != b[0]]
    for combo in combos:
        query = "&".join(f"{k}={v}" for k, v in combo)
        got = client.get(f"/api/incidents?{query}&limit=500").json()
        want = [i["id"] for i in everything if all(_matches(i, k, v) for k, v in combo)]
        assert sorted(i["id"] for i in got["items"]) == sorted(want), query
        assert got["total"] == len(want), query
    paged = client.get("/api/incidents?limit=1&offset=1").json()
    assert paged["total"] == len(everything) and paged["items"][0]["id"] == everything[1]["id"]
