"""API latency under load and the dashboard's first page load, over N incidents in SQLite.

    python -m benchmarks.bench_api [--incidents 100000] [--clients 50] [--requests 2000]
                                   [--quick] [--keep DIR]

1. Builds a SQLite store (migrated to head) with N synthetic incidents spread over ten
   countries, their admin1 areas, six event types and two years (bulk insert, one transaction).
2. Starts `conflictwatch serve --workers N` (default 2, one per core) on 127.0.0.1.
3. Fires a bounded number of filtered incident-list requests (country + 90-day window + page of
   50, varied at random with a fixed seed) from `--clients` concurrent keep-alive connections
   (a minimal asyncio HTTP client, or httpx with --httpx); reports the median, p95 and max
   latency, the throughput and the server's CPU time per request.
4. Times the dashboard's first page: the HTML response alone, and (when Debian chromium and
   Playwright are installed) a headless browser's navigation until the map's points are drawn
   (median of 5, each in a fresh browser context, after one uncounted navigation that warms
   the server processes).

Writes benchmarks/out/api.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

OUT = Path(__file__).parent / "out"
COUNTRIES = {  # iso: (lat, lon, admin1 names) — invented spread around real centres
    "SY": (35.0, 38.0, ["Idlib", "Aleppo", "Hama", "Homs", "Deir ez-Zor"]),
    "IQ": (33.0, 44.0, ["Baghdad", "Basra", "Nineveh", "Anbar"]),
    "NG": (10.0, 8.0, ["Borno", "Kaduna", "Zamfara", "Benue"]),
    "ML": (16.0, -2.0, ["Mopti", "Gao", "Menaka", "Timbuktu"]),
    "BF": (12.5, -1.5, ["Sahel", "Nord", "Est"]),
    "SO": (5.0, 46.0, ["Banadir", "Lower Shabelle", "Bay"]),
    "YE": (15.5, 47.5, ["Taiz", "Marib", "Al Hudaydah"]),
    "AF": (34.0, 66.0, ["Helmand", "Kandahar", "Kabul"]),
    "UA": (48.5, 35.0, ["Donetsk", "Luhansk", "Kharkiv"]),
    "MZ": (-13.0, 39.0, ["Cabo Delgado", "Niassa"]),
}
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Riots", "Violent demonstration")]
START = date(2023, 1, 1)
DAYS = 730


def synthetic_incident(i: int, rng: random.Random) -> dict[str, Any]:
    """One incident row (columns + the JSON record the API serves)."""
    iso = rng.choice(list(COUNTRIES))
    lat0, lon0, admins = COUNTRIES[iso]
    admin1 = rng.choice(admins)
    lat, lon = round(lat0 + rng.uniform(-2, 2), 5), round(lon0 + rng.uniform(-2, 2), 5)
    event_type, sub = rng.choice(TYPES)
    day = START + timedelta(days=rng.randrange(DAYS))
    killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 40])
    place = f"Place {i % 5000}"
    harm = [] if killed is None else [{"type": "killed", "min": killed, "max": killed + 2,
                                       "best": killed, "unquantified": False}]
    actors = [{"name": f"Military Forces of {iso}", "role": "actor1", "text": ""},
              {"name": f"Civilians ({iso})", "role": "actor2", "text": ""}]
    data = {"id": i, "event_type": event_type, "sub_event_type": sub,
            "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": "day",
                     "text": None},
            "location": {"text": place, "name": place, "country": iso, "admin1": admin1,
                         "admin2": None, "lat": lat, "lon": lon, "precision": 1},
            "actors": actors, "harm": harm, "grade": "single source",
            "grade_reasons": ["1 independent source(s) among 1 report(s)"],
            "sources": ["bench"], "source_count": 1, "tags": [], "notes": "",
            "origin": "extracted",
            "reports": [{"event_id": f"bench-{i}#e1", "document_id": f"bench-{i}",
                         "publisher": "bench", "source_group": 1, "harm": [], "actors": [],
                         "sources": [], "why": "first report"}]}
    return {"id": i, "origin": "extracted", "family": event_type, "event_type": event_type,
            "sub_event_type": sub, "date_start": day, "date_end": day, "country": iso,
            "admin1": admin1, "admin2": None, "location": place, "lat": lat, "lon": lon,
            "actors": "|" + "|".join(a["name"] for a in actors) + "|",
            "killed_min": killed, "killed_max": None if killed is None else killed + 2,
            "killed_best": killed, "grade": "single source", "source_count": 1,
            "report_count": 1, "updated": datetime.now(UTC).replace(tzinfo=None), "data": data}


def build_store(path: Path, n: int, seed: int = 7) -> float:
    """A migrated SQLite store with `n` incidents; returns seconds taken."""
    from sqlalchemy import insert

    from conflictwatch.store.db import engine_for, open_store
    from conflictwatch.store.incident_models import IncidentRow

    url = f"sqlite:///{path}"
    start = time.perf_counter()
    open_store(url)
    rng = random.Random(seed)
    with engine_for(url).begin() as conn:
        for lo in range(1, n + 1, 5000):
            conn.execute(insert(IncidentRow), [synthetic_incident(i, rng)
                                               for i in range(lo, min(n, lo + 4999) + 1)])
        conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - start


def tree_cpu(pid: int) -> float:
    """User+system CPU seconds of a process and its children (the server's workers)."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 2) -> subprocess.Popen[bytes]:
    """`conflictwatch serve --workers N` on the store, in its own process group."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "from conflictwatch.cli import main; main()",
         "--db", f"sqlite:///{db}", "--quiet", "serve", "--port", str(port),
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start: " + (proc.stderr.read() if proc.stderr else
                                                  b"").decode()[-2000:])


def list_queries(count: int, seed: int = 11) -> list[str]:
    """Filtered incident-list pages: one country, a 90-day window, 50 per page, newest first."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        start = START + timedelta(days=rng.randrange(DAYS - 90))
        out.append(f"/api/incidents?country={rng.choice(list(COUNTRIES))}"
                   f"&date_from={start}&date_to={start + timedelta(days=89)}&limit=50")
    return out


class RawClient:
    """A minimal HTTP/1.1 keep-alive GET client on asyncio streams.

    The load generator shares the 2 cores with the server; httpx spends about a millisecond
    of CPU per request, which at hundreds of requests/s takes a good part of a core from the
    server being measured. This client only writes the request line and reads the response
    by its Content-Length.
    """

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await self.reader.readexactly(length)
        return status, body

    async def status(self, path: str) -> int:
        return (await self.get(path))[0]

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(base: str, paths: list[str], clients: int, raw: bool = True
               ) -> tuple[list[float], float, int]:
    """Run `paths` from `clients` concurrent clients; latencies (s), wall time, errors."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    latencies: list[float] = []
    errors = 0

    async def drain(get: Callable[[str], Awaitable[int]]) -> None:
        """Take paths off the shared queue until it is empty; time each request."""
        nonlocal errors
        while True:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            t0 = time.perf_counter()
            status = await get(path)
            latencies.append(time.perf_counter() - t0)
            errors += status != 200

    async def worker() -> None:
        if raw:
            client = RawClient(base)
            try:
                await drain(client.status)
            finally:
                await client.close()
            return
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            async def status(path: str) -> int:
                return (await http.get(path)).status_code

            await drain(status)

    wall = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, time.perf_counter() - wall, errors


def page_load(base: str) -> dict[str, Any]:
    """First page: the HTML alone (median of 5), and a browser until the map is drawn."""
    html = []
    for _ in range(5):
        t0 = time.perf_counter()
        httpx.get(base + "/", timeout=60).raise_for_status()
        html.append(time.perf_counter() - t0)
    result: dict[str, Any] = {"html_median_ms": round(statistics.median(html) * 1000, 1)}
    chromium = "/usr/bin/chromium"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {**result, "browser": "playwright not installed"}
    if not Path(chromium).exists():
        return {**result, "browser": "chromium not installed"}
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
    from conftest import CHROMIUM_ARGS  # type: ignore[import-not-found]

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        times = []
        # the first navigation warms the server's processes (templates, static files) and
        # is not counted; each navigation has a fresh browser context, so no browser cache
        for run in range(6):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(base + "/", wait_until="load")
            loaded = time.perf_counter() - t0
            page.wait_for_selector("#map[data-ready='1']", timeout=60000)
            if run:
                times.append((loaded, time.perf_counter() - t0,
                              int(page.locator("#map").get_attribute("data-count") or 0)))
            page.close()
        browser.close()
    return {**result, "browser_load_event_ms": round(statistics.median(t[0] for t in times)
                                                     * 1000, 1),
            "browser_map_drawn_ms": round(statistics.median(t[1] for t in times) * 1000, 1),
            "map_points": times[0][2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2,
                        help="server processes (`conflictwatch serve --workers N`)")
    parser.add_argument("--httpx", action="store_true",
                        help="load with httpx clients instead of the minimal raw client")
    parser.add_argument("--quick", action="store_true", help="10,000 incidents, 500 requests")
    parser.add_argument("--keep", type=Path, help="build the store in this folder and keep it")
    args = parser.parse_args()
    if args.quick:
        args.incidents, args.requests = 10_000, 500
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cw-bench-api-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.db"
    if db.exists():
        db.unlink()
    build_s = build_store(db, args.incidents)
    port = free_port()
    server = start_server(db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(load(base, list_queries(100), 10))  # warm-up, not counted
        alone, _, _ = asyncio.run(load(base, list_queries(100, seed=5), 1))  # no contention
        cpu_before = tree_cpu(server.pid)
        latencies, wall, errors = asyncio.run(load(base, list_queries(args.requests),
                                                   args.clients, raw=not args.httpx))
        server_cpu = tree_cpu(server.pid) - cpu_before
        page = page_load(base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ordered = sorted(latencies)
    result = {
        "incidents": args.incidents, "clients": args.clients, "requests": len(latencies),
        "errors": errors, "build_s": round(build_s, 1),
        "list_median_ms": round(statistics.median(ordered) * 1000, 1),
        "list_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
        "list_max_ms": round(ordered[-1] * 1000, 1),
        "throughput_rps": round(len(latencies) / wall, 1),
        "single_client_median_ms": round(statistics.median(alone) * 1000, 1),
        "server_cpu_ms_per_request": round(server_cpu / max(1, len(latencies)) * 1000, 2),
        "client": "httpx" if args.httpx else "raw asyncio HTTP/1.1 keep-alive",
        "query": "country + 90-day window, 50 per page, newest first, with total count",
        **page, "cpu_count": os.cpu_count(),
        "server": f"conflictwatch serve --workers {args.workers}",
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "api.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| measure | value |\n|---|---|")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
