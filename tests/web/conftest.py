"""A live server over the sample database and a headless Debian chromium driven by Playwright."""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))  # sample_data

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def chromium_path() -> str | None:
    for name in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if name and Path(name).exists():
            return name
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(db_url: str, incidents: bool) -> Iterator[dict[str, Any]]:
    """The app over the sample reports, served by uvicorn in a thread on 127.0.0.1."""
    import uvicorn
    from sample_data import build

    from conflictwatch.api.app import create_app
    from conflictwatch.api.auth import create_token

    sessions = build(db_url, incidents=incidents)
    with sessions() as session:
        token = create_token(session, "reviewer")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db_url), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield {"url": f"http://127.0.0.1:{port}", "token": token, "db_url": db_url}
    server.should_exit = True
    thread.join(timeout=5)


def tiny_gazetteer(folder: Path) -> Path:
    """A gazetteer file with two towns, for the map's labels (the real one is not needed)."""
    import sqlite3

    path = folder / "gazetteer.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, gid TEXT, name TEXT, fclass TEXT, "
                "population INTEGER, lat REAL, lon REAL)")
    con.executemany("INSERT INTO places (gid, name, fclass, population, lat, lon) VALUES "
                    "(?, ?, 'P', ?, ?, ?)", [("t:1", "Testville", 50000, 35.87, 36.75),
                                             ("t:2", "Hamlet", 10, 35.86, 36.7)])
    con.commit()
    con.close()
    return path


@pytest.fixture
def live_server(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                ) -> Iterator[dict[str, Any]]:
    """Records only (before the resolve stage): the dashboard lists events."""
    monkeypatch.setenv("CONFLICTWATCH_GAZETTEER", str(tiny_gazetteer(tmp_path)))
    yield from serve(db_url, incidents=False)


@pytest.fixture
def live_incidents(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                   ) -> Iterator[dict[str, Any]]:
    """Records resolved into incidents: the dashboard lists incidents."""
    monkeypatch.setenv("CONFLICTWATCH_GAZETTEER", str(tiny_gazetteer(tmp_path)))
    yield from serve(db_url, incidents=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("chromium not found (apt-get install -y chromium; `make test` does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()
