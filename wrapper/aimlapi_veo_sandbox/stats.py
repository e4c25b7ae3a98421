"""Counters that tests and benchmarks read to see what the sandbox was asked to do."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field, fields


@dataclass
class SandboxStats:
    """What happened since the app was built. Read it from `app.state.sandbox.stats`,
    from `run_server(...).stats`, or as JSON at `GET /_sandbox/stats`."""

    #: Create requests that stored a job (the ones the live service would charge for).
    jobs_created: int = 0
    #: Fetch (poll) requests that reached a job lookup.
    fetches: int = 0
    #: Every request to the CDN, whatever its outcome.
    cdn_requests: int = 0
    #: CDN GETs that passed the signature check and were answered with the file (200/206/416).
    cdn_downloads: int = 0
    #: CDN HEADs that passed the signature check.
    cdn_heads: int = 0
    #: CDN requests that carried an Authorization header (a client must never send its key there).
    cdn_requests_with_authorization: int = 0
    #: API requests refused with 401.
    unauthorized: int = 0
    #: API requests refused with 429.
    rate_limited: int = 0
    #: Injected faults (error answers and dropped connections).
    faults_injected: int = 0
    #: MP4 files encoded (renders shared through the cache count once).
    videos_rendered: int = 0
    #: Requests per route, keyed "METHOD /path" (query left out).
    requests: Counter[str] = field(default_factory=Counter)
    # Renders finish on worker threads; everything else runs on the event loop.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count_render(self) -> None:
        with self._lock:
            self.videos_rendered += 1

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready snapshot."""
        snapshot: dict[str, object] = {
            f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")
        }
        snapshot["requests"] = dict(self.requests)
        return snapshot
