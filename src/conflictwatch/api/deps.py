"""Request-scoped dependencies: a database session, the caller's identity, settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from conflictwatch.api.auth import reads_need_token, require_user


def sessions_of(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for the request. An async dependency runs in the event loop: a sync one
    would take a threadpool hop per request, and under load the threads' contention for
    the GIL doubled the CPU a listing costs. Sync endpoints still run in the threadpool."""
    with sessions_of(request)() as session:
        yield session


async def reader(request: Request, session: Session = Depends(get_session)) -> str | None:
    """Open reads, unless configuration asks for a token on reads too."""
    return require_user(session, request) if reads_need_token() else None


async def writer(request: Request, session: Session = Depends(get_session)) -> str:
    """Writes always need a valid token; returns the token's name (the 'who' of history)."""
    return require_user(session, request)


def settings(request: Request) -> dict[str, Any]:
    value: dict[str, Any] = request.app.state.settings
    return value
