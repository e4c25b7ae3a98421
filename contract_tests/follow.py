"""Every generation the harness paid for is followed to its end, for free.

A create the API accepted, whoever sent it (the probe, a schemathesis case, or an invalid create
the API wrongly took), made a paid job. `Follower.add` takes its id; `Follower.run` fetches every
job added until it reaches a terminal status (paced by the guard, `poll_interval` between rounds,
`poll_timeout` in all), classifies each answer like any other, and downloads the video of each
completed job to check what a download needs: a 2xx, a video content type, a Content-Length and
MP4 bytes. Fetches and downloads cost nothing, so an accepted invalid create stops further
creates (the guard) but never this.

The download goes through its own client, without the key: the CDN is not the API.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from .classify import Intent, classify
from .findings import Discrepancy, Exchange, make_exchange
from .guard import Guard, GuardedTransport
from .settings import RunSettings
from .spec import operation

TERMINAL = frozenset({"completed", "error", "failed", "expired", "cancelled"})
PEEK = 64 * 1024  # bytes of each video read: enough for the MP4 header, not the whole file
DOWNLOAD = "download_video"

Record = Callable[[list[Discrepancy]], object]


@dataclass
class Followed:
    """One paid job and what following it showed."""

    generation_id: str
    label: str
    statuses: list[str] = field(default_factory=list)
    outcome: str = "pending"  # a terminal status, "unavailable", "no status", "gave up"
    downloaded: bool = False


class Follower:
    def __init__(
        self,
        settings: RunSettings,
        guard: Guard,
        record: Record,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        say: Callable[[str], None] = lambda _: None,
    ) -> None:
        self.settings, self.record = settings, record
        self.sleep, self.clock, self.say = sleep, clock, say
        timeout = httpx.Timeout(60.0, connect=10.0)
        self.api = httpx.Client(
            base_url=settings.base_url,
            transport=GuardedTransport(guard, transport),
            timeout=timeout,
            headers={"Authorization": f"Bearer {settings.api_key}"},
        )
        self.cdn = httpx.Client(
            transport=GuardedTransport(guard, transport), timeout=timeout, follow_redirects=True
        )
        self.jobs: dict[str, Followed] = {}
        self.notes: list[str] = []

    def add(self, generation_id: str, label: str) -> None:
        """A job the API accepted (and charged for): it will be followed."""
        self.jobs.setdefault(generation_id, Followed(generation_id, label))

    def add_from(self, exchange: Exchange, label: str) -> str | None:
        """Adds the job an accepted create answer carries; returns its id (None: not a create)."""
        if not _is_accepted_create(exchange):
            return None
        generation_id = id_of(exchange.response_body)
        if generation_id is None:
            self.notes.append(f"{label}: the create was accepted but its answer has no id")
            return None
        inference_id = exchange.response_headers.get("x-inference-id")
        if inference_id and inference_id.split(":")[0] != generation_id.split(":")[0]:
            # The wrapper keeps the body's id (a paid one); the mismatch is worth knowing.
            self.notes.append(
                f"{label}: x-inference-id {inference_id} names another job than the answer's "
                f"id {generation_id}"
            )
        self.add(generation_id, label)
        return generation_id

    @property
    def statuses_seen(self) -> list[str]:
        seen: list[str] = []
        for job in self.jobs.values():
            seen += [s for s in job.statuses if s not in seen]
        return seen

    def run(self) -> list[Followed]:
        """Fetches every pending job until each ends or `poll_timeout` has passed."""
        deadline = self.clock() + self.settings.poll_timeout
        pending = self._pending()
        while pending:
            for job in pending:
                self._poll(job)
            pending = self._pending()
            if not pending:
                break
            if self.clock() >= deadline:
                for job in pending:
                    job.outcome = "gave up"
                    self.notes.append(
                        f"follow {job.label} ({job.generation_id}): still {job.statuses[-1:]} "
                        f"after {self.settings.poll_timeout:g} s; not followed further"
                    )
                break
            self.sleep(self.settings.poll_interval)
        return list(self.jobs.values())

    def close(self) -> None:
        self.api.close()
        self.cdn.close()

    def _pending(self) -> list[Followed]:
        return [job for job in self.jobs.values() if job.outcome == "pending"]

    def _poll(self, job: Followed) -> None:
        label = f"follow {job.label}"
        try:
            response = self.api.get(
                operation("fetch_generation").path, params={"generation_id": job.generation_id}
            )
        except httpx.TransportError as exc:
            self.notes.append(f"{label}: {type(exc).__name__}: {exc}")
            return  # tried again next round, until the deadline
        exchange = self._exchange("GET", response, response.content)
        self.record(
            classify(
                exchange,
                Intent.ACCEPT,
                label=label,
                refused_kind="created_generation_unavailable",
                source="follow",
            )
        )
        if response.status_code in (404, 410):
            job.outcome = "unavailable"
        if not 200 <= response.status_code < 300:
            return  # a 5xx may pass: tried again next round
        status = _status_of(exchange.response_body)
        if status is None:
            job.outcome = "no status"
            return
        if not job.statuses or job.statuses[-1] != status:
            job.statuses.append(status)
            self.say(f"  {label}: status {status!r}")
        if status in TERMINAL:
            job.outcome = status
            if status == "completed":
                self._download(job, exchange.response_body)

    def _download(self, job: Followed, body: Any) -> None:
        video = body.get("video") if isinstance(body, dict) else None
        url = video.get("url") if isinstance(video, dict) else None
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            self.notes.append(f"follow {job.label}: completed without a video URL to download")
            return
        head = b""
        try:
            with self.cdn.stream("GET", url) as response:
                for chunk in response.iter_bytes():
                    head += chunk
                    if len(head) >= PEEK:
                        break
        except httpx.TransportError as exc:
            self.notes.append(f"follow {job.label}: download failed: {type(exc).__name__}")
            return
        job.downloaded = True
        exchange = self._exchange("GET", response, f"<{len(head)} bytes: {head[:16]!r}>".encode())
        self.record(
            [
                Discrepancy(
                    "video_download_problem",
                    DOWNLOAD,
                    "",
                    f"the video of {job.label}: {problem}",
                    exchange,
                    source="follow",
                    value=problem,
                )
                for problem in download_problems(response.status_code, response.headers, head)
            ]
        )

    def _exchange(self, method: str, response: httpx.Response, content: bytes) -> Exchange:
        return make_exchange(
            method,
            str(response.request.url),
            dict(response.request.headers),
            None,
            response.status_code,
            dict(response.headers),
            content,
            secrets=(self.settings.api_key,),
        )


def download_problems(status: int, headers: Mapping[str, str], head: bytes) -> list[str]:
    """What keeps a video answer from being a download the wrapper can save and resume."""
    if status not in (200, 206):
        return [f"status {status}"]
    problems = []
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if not media.startswith("video/"):
        problems.append(f"content type {media or '(none)'}")
    if "content-length" not in headers:
        problems.append("no Content-Length")
    if head[4:8] != b"ftyp":
        problems.append("not an MP4")
    return problems


def id_of(body: Any) -> str | None:
    """The id to poll with; an integer id (a wrong type) is followed anyway, as text."""
    value = body.get("id") if isinstance(body, dict) else None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _status_of(body: Any) -> str | None:
    status = body.get("status") if isinstance(body, dict) else None
    return status if isinstance(status, str) else None


def _is_accepted_create(exchange: Exchange) -> bool:
    # A POST to either path may be a paid create (see Guard._is_create).
    paths = (operation("create_generation").path, operation("fetch_generation").path)
    return (
        exchange.method == "POST"
        and exchange.path.endswith(paths)
        and 200 <= exchange.status_code < 300
    )
