"""Serving the sandbox over real HTTP: in a background thread for tests and tools, or in the
foreground for a person at a terminal."""

from __future__ import annotations

import logging
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .config import SandboxConfig
from .errors import SimulatedConnectionDropError
from .state import SandboxState
from .stats import SandboxStats

_STARTUP_TIMEOUT = 10.0
_SHUTDOWN_TIMEOUT = 10.0


@dataclass(frozen=True)
class RunningSandbox:
    """What `run_server` yields: where the sandbox listens and how to look inside it."""

    base_url: str
    api_key: str
    app: Starlette

    @property
    def state(self) -> SandboxState:
        state: SandboxState = self.app.state.sandbox
        return state

    @property
    def stats(self) -> SandboxStats:
        return self.state.stats

    @property
    def config(self) -> SandboxConfig:
        return self.state.config


@contextmanager
def run_server(
    config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningSandbox]:
    """Serves a new sandbox on a background thread until the block ends.

    `port=0` picks a free port; `base_url` carries the real one. The socket is bound before
    uvicorn starts, so no other process can take the port in between.
    """
    app = create_app(config)
    sock = _bind(host, port)
    server = uvicorn.Server(_uvicorn_config(app, log_config=None))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="veo-sandbox", daemon=True
    )
    thread.start()
    try:
        _wait_until_started(server, thread)
        yield RunningSandbox(_base_url(host, sock), app.state.sandbox.config.api_key, app)
    finally:
        server.should_exit = True
        thread.join(_SHUTDOWN_TIMEOUT)
        sock.close()
        app.state.sandbox.close()


def serve(config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serves in the foreground until Ctrl-C, after printing where and with which key."""
    app = create_app(config)
    state: SandboxState = app.state.sandbox
    sock = _bind(host, port)
    _say(_banner(_base_url(host, sock), state.config))
    server = uvicorn.Server(_uvicorn_config(app))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn re-raises the Ctrl-C it handled; here it is the normal way to stop.
        pass
    finally:
        sock.close()
        state.close()
        _say("Sandbox stopped; its temporary files are removed.")


def _uvicorn_config(app: Starlette, **overrides: object) -> uvicorn.Config:
    _quiet_simulated_drops()
    options: dict[str, object] = {"log_level": "warning", "access_log": False, "lifespan": "on"}
    options.update(overrides)
    return uvicorn.Config(app, **options)  # type: ignore[arg-type]


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted sockets only when the
    # listener says so, and without it every response waits ~40 ms (Nagle + delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"sandbox cannot listen on {host}:{port}: {exc.strerror}") from exc
    # Listening now, not when uvicorn gets to it: the banner (and a caller that reads it) may
    # connect at once; connections wait in the backlog instead of being refused.
    sock.listen(2048)
    return sock


def _base_url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + _STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("sandbox server stopped during startup; see the log above")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise TimeoutError(f"sandbox server did not start within {_STARTUP_TIMEOUT} s")
        time.sleep(0.005)


class _DropFilter(logging.Filter):
    """Keeps uvicorn from logging a traceback for every connection the sandbox drops on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, SimulatedConnectionDropError)


def _quiet_simulated_drops() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _DropFilter) for f in logger.filters):
        logger.addFilter(_DropFilter())


def _banner(base_url: str, config: SandboxConfig) -> str:
    deviations = ", ".join(sorted(config.deviations)) or "none"
    return (
        f"AIML API Veo sandbox ({config.profile} profile) listening on {base_url}\n"
        f"  API key:     {config.api_key}\n"
        f"  generation:  {config.generation_seconds:g} s, fault rate {config.fault_rate:g}, "
        f"deviations: {deviations}\n"
        f"  counters:    {base_url}/_sandbox/stats\n"
        f"Point the client at it with base URL {base_url}. Press Ctrl-C to stop."
    )


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
