"""The application: the JSON API (/api, OpenAPI at /docs) and the dashboard (/), one process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from conflictwatch import __version__
from conflictwatch.api.review import resync_all
from conflictwatch.api.routes import router
from conflictwatch.store.db import open_store

STATIC = Path(__file__).parent.parent / "web" / "static"
MAX_BODY = 1_000_000  # bytes; reports larger than this go through `conflictwatch ingest`
TILE_ENV = "CONFLICTWATCH_TILE_URL"


class BodyLimit(BaseHTTPMiddleware):
    """413 for request bodies over the limit (declared length, or read so far)."""

    def __init__(self, app: Any, limit: int) -> None:
        super().__init__(app)
        self.limit = limit

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return JSONResponse({"detail": f"request body over {self.limit} bytes"}, 413)
        if request.method in ("POST", "PUT", "PATCH") and not declared:
            body = await request.body()
            if len(body) > self.limit:
                return JSONResponse({"detail": f"request body over {self.limit} bytes"}, 413)
        return await call_next(request)


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
