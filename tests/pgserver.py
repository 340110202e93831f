"""A throwaway PostgreSQL cluster for the tests: initdb in a temp dir, a free port, stopped at exit.

Uses Debian's `postgresql` binaries (the Makefile's `test` target installs them when missing).
Running as root, the cluster is owned by the `postgres` system user, as initdb requires.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class PgServer:
    datadir: Path
    port: int
    bindir: Path
    run_as: list[str]

    @property
    def base_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def create_database(self, name: str) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        self._sql(f'CREATE DATABASE "{name}"')
        return f"{self.base_url}/{name}"

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def stop(self) -> None:
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def find_bindir() -> Path | None:
    """Directory holding initdb/pg_ctl, newest PostgreSQL first."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start() -> PgServer:
    """Start a cluster on 127.0.0.1 only, trust auth, fsync off (throwaway data)."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="cw-pg-"))
    datadir = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(datadir), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-locale"], check=True,
                   capture_output=True, timeout=120)
    port = free_port()
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options,
                    "-l", str(root / "log"), "-w", "-t", "60", "start"], check=True,
                   capture_output=True, timeout=90)
    return PgServer(datadir, port, bindir, run_as)
