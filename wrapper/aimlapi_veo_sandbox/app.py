"""Builds the Starlette app: API routes, the CDN, and the sandbox's own /_sandbox/ routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import admin, api, cdn, logs
from .config import SandboxConfig
from .errors import nest_error
from .state import SandboxState


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A fresh sandbox with its own jobs, temp folder and counters (`app.state.sandbox`).

    Works in-process through `httpx.ASGITransport(app=...)`; that transport runs no lifespan,
    so call `app.state.sandbox.close()` when done (garbage collection cleans up otherwise).
    """
    config = config or SandboxConfig()
    app = Starlette(
        routes=_routes(config),
        exception_handlers={HTTPException: _http_error},
        lifespan=_lifespan,
    )
    app.state.sandbox = SandboxState(config)
    return app


def _routes(config: SandboxConfig) -> list[Route]:
    # The spec: create (POST) and fetch (GET) on one path, any other method a 405. The live
    # service also answers on the legacy path (the vendor's page creates and fetches there).
    paths = api.PATHS if config.profile == "live" else (api.CREATE_PATH,)
    routes = [Route(path, api.operation, methods=["GET", "POST"]) for path in paths]
    routes.append(Route(logs.PATH, logs.logs, methods=["GET"]))
    routes.append(Route(cdn.ROUTE, cdn.download, methods=["GET", "HEAD"]))
    routes.append(Route("/_sandbox/stats", admin.stats, methods=["GET"]))
    routes.append(Route("/_sandbox/blob", admin.blob, methods=["GET"]))
    return routes


@asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    yield
    state: SandboxState = app.state.sandbox
    state.close()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    # NestJS words its routing 404 as "Cannot GET /path".
    message = exc.detail
    if exc.status_code == 404:
        message = f"Cannot {request.method} {request.url.path}"
    return nest_error(exc.status_code, message, headers=exc.headers)
