"""The application: the JSON API (/api, OpenAPI at /docs) and the dashboard (/), one process."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conflictwatch import __version__
from conflictwatch.api.routes import router
from conflictwatch.store.db import open_store
from conflictwatch.store.review import resync_all

STATIC = Path(__file__).parent.parent / "web" / "static"
MAX_BODY = 1_000_000  # bytes; reports larger than this go through `conflictwatch ingest`
TILE_ENV = "CONFLICTWATCH_TILE_URL"


class BodyLimit:
    """413 for request bodies over the limit (declared length, or read so far).

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware costs about a millisecond per
    request, which every listing paid under load.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        if scope.get("method") in ("POST", "PUT", "PATCH") and not declared:
            messages, size = [], 0
            while True:  # a chunked body: read it (up to the limit) before the app sees it
                message = await receive()
                messages.append(message)
                size += len(message.get("body", b""))
                if size > self.limit:
                    await self._too_large(scope, receive, send)
                    return
                if message["type"] != "http.request" or not message.get("more_body"):
                    break
            receive = _replay(messages, receive)
        await self.app(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse({"detail": f"request body over {self.limit} bytes"}, 413)
        await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A `receive` that hands out the already-read messages first."""
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    """422 with a one-line message per problem ("query.limit: ..."), plus FastAPI's detail."""
    assert isinstance(exc, RequestValidationError)
    problems = [f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg')}"
                for err in exc.errors()]
    detail = [{k: v for k, v in err.items() if k in ("loc", "msg", "type")}
              for err in exc.errors()]
    return JSONResponse({"message": "; ".join(problems), "detail": detail}, status_code=422)


def create_app(db_url: str | None = None, *, tile_url: str | None = None,
               max_body: int = MAX_BODY) -> FastAPI:
    """The application over the store at `db_url` (default: CONFLICTWATCH_DB or the data dir).

    `tile_url` (or CONFLICTWATCH_TILE_URL) adds an online tile layer under the offline
    boundaries, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png.
    """
    from conflictwatch.web.views import router as web_router

    sessions = open_store(db_url)
    with sessions() as session:
        resync_all(session)  # corrections over the newest machine values
    app = FastAPI(title="conflictwatch", version=__version__, docs_url=None, redoc_url=None,
                  description="Conflict events extracted from reports, with their evidence, "
                  "analyst review and exports. Write endpoints need `Authorization: Bearer "
                  "TOKEN` (create one with `conflictwatch token create`).")
    app.state.sessions = sessions
    app.state.settings = {"tile_url": tile_url or os.environ.get(TILE_ENV) or ""}
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.include_router(router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        """Swagger UI from the vendored files (FastAPI's default page loads it from a CDN)."""
        return get_swagger_ui_html(openapi_url="/openapi.json", title="conflictwatch API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="data:,")

    return app
