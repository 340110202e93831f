"""Request-scoped dependencies: a database session, the caller's identity, settings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.api.auth import reads_need_token, require_user


def sessions_of(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


def get_session(request: Request) -> Iterator[Session]:
    with sessions_of(request)() as session:
        yield session


def reader(request: Request, session: Session = Depends(get_session)) -> str | None:
    """Open reads, unless configuration asks for a token on reads too."""
    return require_user(session, request) if reads_need_token() else None


def writer(request: Request, session: Session = Depends(get_session)) -> str:
    """Writes always need a valid token; returns the token's name (the 'who' of history)."""
    return require_user(session, request)


def settings(request: Request) -> dict[str, Any]:
    value: dict[str, Any] = request.app.state.settings
    return value
