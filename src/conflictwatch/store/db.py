"""Opening the store: URL resolution, SQLite pragmas (WAL), and Alembic migrations to head."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(RuntimeError):
    """The database could not be opened or migrated (CLI exit code 3)."""


def data_dir() -> Path:
    """Where conflictwatch keeps its files by default (XDG data home)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictwatch"


DB_ENV = "CONFLICTWATCH_DB"


def default_url() -> str:
    """`CONFLICTWATCH_DB` if set, else a SQLite file in the data dir."""
    return os.environ.get(DB_ENV) or f"sqlite:///{data_dir() / 'conflictwatch.db'}"


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url`; SQLite files get their folder created and WAL mode."""
    url = url or default_url()
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for malformed URLs
        raise StoreError(f"not a database URL: {url!r} ({exc})") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (no-op when already there)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.begin() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@lru_cache(maxsize=8)
def _open(url: str) -> tuple[Engine, sessionmaker[Session]]:
    try:
        engine = make_engine(url)
        migrate(engine)
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"cannot open database {url}: {exc}") from exc
    return engine, sessionmaker(engine, expire_on_commit=False)


def open_store(url: str | None = None) -> sessionmaker[Session]:
    """A session factory for the store at `url`, migrated to head. Cached per URL."""
    return _open(url or default_url())[1]


def engine_for(url: str | None = None) -> Engine:
    return _open(url or default_url())[0]
