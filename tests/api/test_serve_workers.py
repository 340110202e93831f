"""`conflictwatch serve --workers N`: several server processes over one store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sample_data import build


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_with_two_worker_processes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    build(url, incidents=True)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CONFLICTWATCH_DB"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from conflictwatch.cli import main; main()", "--db", url,
         "--quiet", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                listing = httpx.get(f"{base}/api/incidents?country=SY", timeout=5)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        assert listing.status_code == 200 and listing.json()["total"] == 2
        # the store given by --db, not the default one, in every worker
        seen = {httpx.get(f"{base}/api/incidents", timeout=5).json()["total"] for _ in range(8)}
        assert seen == {4}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
