"""Every generation the harness paid for is followed to its end, for free, and the wrapper's
flow is replayed on what it really answered.

A create the API accepted, whoever sent it (the probe, a schemathesis case, or an invalid create
the API wrongly took), made a paid job. `Follower.add` takes its id; `Follower.run` fetches every
job added until it ends (paced by the guard, `poll_interval` between rounds, `poll_timeout` in
all), classifies each answer like any other and keeps it with its time and headers, and
downloads the whole video of a job that ends with one, judging it by the wrapper's own
acceptance (`aimlapi_veo.download`). A job ends as the wrapper would judge it: a failure
status, a video URL (whatever the status is called), an error without a video; a 404 or a
status no one lists is followed on, not assumed to pass or to be final.

When a job ends (or `poll_timeout` passes), its journey is replayed through the wrapper
(`impact.judge_journey`): the wait on its real fetch answers, the download on its real video.
Each discrepancy its answers showed gets the verdict of its step; a step that breaks with no
such discrepancy is a `breaks_flow`, and each warning the wrapper logged working around the
answers a `handled_by_wrapper`. Fetches and downloads cost nothing, so an accepted invalid
create stops further creates (the guard) but never this.

The download goes through its own client, without the key: the CDN is not the API.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from .classify import Intent, classify
from .findings import Discrepancy, Exchange, Impact, make_exchange
from .guard import Guard, GuardedTransport
from .impact import DOWNLOAD, Answer, Journey, Replay, blamed, judge_journey
from .settings import RunSettings
from .spec import LEGACY_PATH, operation

FAILED = frozenset({"error", "failed", "expired", "cancelled"})
FETCH = "fetch_generation"
STEPS = {FETCH: "wait", DOWNLOAD: "download"}  # the step of the flow each operation feeds

Record = Callable[[list[Discrepancy]], object]


@dataclass
class Followed:
    """One paid job, what following it showed, and what its answers departed by."""

    generation_id: str
    label: str
    created: float
    statuses: list[str] = field(default_factory=list)
    outcome: str = "pending"  # a status, "no status", "gave up"
    downloaded: bool = False
    journey: Journey = field(init=False)
    found: list[Discrepancy] = field(default_factory=list)
    last: dict[str, Exchange] = field(default_factory=dict)  # per operation, for the report

    def __post_init__(self) -> None:
        self.journey = Journey(self.generation_id)


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
            transport=GuardedTransport(guard, transport, waits_out_429=False),
            timeout=timeout,
            headers={"Authorization": f"Bearer {settings.api_key}"},
        )
        self.cdn = httpx.Client(
            transport=GuardedTransport(guard, transport), timeout=timeout, follow_redirects=True
        )
        self.jobs: dict[str, Followed] = {}
        self.notes: list[str] = []

    def add(self, generation_id: str, label: str, headers: dict[str, str] | None = None) -> None:
        """A job the API accepted (and charged for): it will be followed. `headers`: those of
        the create answer, replayed with a valid body (a Retry-After, say)."""
        job = self.jobs.setdefault(generation_id, Followed(generation_id, label, self.clock()))
        about_body = ("content-length", "content-type", "location")
        job.journey.create_headers = {
            k: v for k, v in (headers or {}).items() if k.lower() not in about_body
        }

    def add_from(self, exchange: Exchange, label: str) -> str | None:
        """Adds the job an accepted create answer names; returns its id (None: not a create)."""
        if not _is_accepted_create(exchange):
            return None
        generation_id = id_of(exchange.response_body, exchange.response_headers)
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
        self.add(generation_id, label, exchange.response_headers)
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
        while pending := self._pending():
            for job in pending:
                self._poll(job)
            if not self._pending():
                break
            if self.clock() >= deadline:
                for job in self._pending():
                    self._gave_up(job)
                break
            self.sleep(self.settings.poll_interval)
        return list(self.jobs.values())

    def close(self) -> None:
        self.api.close()
        self.cdn.close()

    def _pending(self) -> list[Followed]:
        return [job for job in self.jobs.values() if job.outcome == "pending"]

    def _gave_up(self, job: Followed) -> None:
        job.outcome = "gave up"
        self.notes.append(
            f"follow {job.label} ({job.generation_id}): still {job.statuses[-1:]} after "
            f"{self.settings.poll_timeout:g} s; its wait is judged as that answer repeating"
        )
        self._judge(job)

    def _poll(self, job: Followed) -> None:
        label = f"follow {job.label}"
        try:
            response = self.api.get(
                operation(FETCH).path, params={"generation_id": job.generation_id}
            )
        except httpx.TransportError as exc:
            self.notes.append(f"{label}: {type(exc).__name__}: {exc}")
            return  # tried again next round, until the deadline
        exchange = self._exchange(response, response.content)
        job.last[FETCH] = exchange
        job.journey.timeline.append((self.clock() - job.created, self._answer(response)))
        job.found += classify(
            exchange,
            Intent.ACCEPT,
            label=label,
            refused_kind="created_generation_unavailable",
            source="follow",
        )
        body = exchange.response_body
        if not 200 <= response.status_code < 300:
            return  # a 404, 429 or 5xx may pass: tried again next round
        status = body.get("status") if isinstance(body, dict) else None
        if not isinstance(status, str):
            job.outcome = "no status"
            self._judge(job)
            return
        if not job.statuses or job.statuses[-1] != status:
            job.statuses.append(status)
            self.say(f"  {label}: status {status!r}")
        if _ended(status, body):
            job.outcome = status
            url = _video_url(body)
            if url is not None:
                self._download(job, url)
            self._judge(job)

    def _download(self, job: Followed, url: str) -> None:
        """The whole video, as it came over the wire, judged as the wrapper would judge it."""
        try:
            with self.cdn.stream("GET", url) as response:
                raw = b"".join(response.iter_raw())
        except httpx.TransportError as exc:
            self.notes.append(f"follow {job.label}: download failed: {type(exc).__name__}")
            return
        job.downloaded = True
        answer = (response.status_code, dict(response.headers), raw)
        job.journey.download = answer
        exchange = self._exchange(response, f"<{len(raw)} bytes: {raw[:16]!r}>".encode())
        job.last[DOWNLOAD] = exchange
        file_size = _file_size(job.journey.timeline[-1][1])
        job.found += [
            Discrepancy(
                "video_download_problem",
                DOWNLOAD,
                "",
                f"the video of {job.label}: {problem}",
                exchange,
                source="follow",
                value=problem.split(";")[0].split(":")[0],
            )
            for problem in download_problems(answer, file_size)
        ]

    def _judge(self, job: Followed) -> None:
        """The job's discrepancies, each with its step's verdict, and what only the replay
        showed; recorded."""
        judged = judge_journey(job.journey)
        fetched = [item for item in job.found if item.operation == FETCH]
        found = [_with_verdict(item, judged, job.journey, fetched) for item in job.found]
        for step_op, step in STEPS.items():
            replayed = judged.get(step)
            if replayed is None or step_op not in job.last:
                continue
            example = job.last[step_op]
            explained = any(d.wrapper.breaks for d in found if STEPS.get(d.operation) == step)
            if replayed.impact.breaks and not explained:
                cause = replayed.impact.evidence.rsplit(" raises ", 1)[-1]
                found.append(_flow_item("breaks_flow", step_op, replayed.impact, example, cause))
            found += [
                _flow_item("handled_by_wrapper", step_op, Impact(False, text), example, text)
                for text in replayed.warnings
            ]
        self.record(found)

    def _answer(self, response: httpx.Response) -> Answer:
        """The answer as the replay serves it, with the key out of it."""
        key = self.settings.api_key
        headers = {k: v.replace(key, "<redacted>") for k, v in response.headers.items()}
        return response.status_code, headers, response.content.replace(key.encode(), b"<redacted>")

    def _exchange(self, response: httpx.Response, content: bytes) -> Exchange:
        return make_exchange(
            "GET",
            str(response.request.url),
            dict(response.request.headers),
            None,
            response.status_code,
            dict(response.headers),
            content,
            secrets=(self.settings.api_key,),
        )


def download_problems(answer: Answer, file_size: int | None) -> list[str]:
    """Why the wrapper would not save this video answer (its own acceptance), or nothing."""
    from aimlapi_veo.download import PartFile, RetryableDownloadError  # noqa: PLC0415
    from aimlapi_veo.errors import DownloadError  # noqa: PLC0415

    status, headers, raw = answer
    if status not in (200, 206):
        return [f"status {status}"]
    response = httpx.Response(status, headers=headers, content=raw)
    with tempfile.TemporaryDirectory() as folder:
        part = PartFile(Path(folder) / "video.mp4", "followed")
        try:
            part.begin(response)
            part.write(response.content)  # decoded as its Content-Encoding says
            part.complete(file_size)  # the acceptance alone: nothing is moved into place
        except (RetryableDownloadError, DownloadError) as exc:
            return [str(exc).split("; kept in")[0]]
        finally:
            part.close()
    return []


def _with_verdict(
    item: Discrepancy, judged: dict[str, Replay], journey: Journey, others: list[Discrepancy]
) -> Discrepancy:
    """The verdict of the item's step; a wait that breaks is blamed on the departures without
    which it would not (`impact.blamed`), the others break nothing there."""
    step = STEPS.get(item.operation, "")
    replayed = judged.get(step)
    if replayed is None:
        return item
    impact = replayed.impact
    if impact.breaks and step == "wait" and not blamed(item, journey, others):
        impact = Impact(False, f"the wait breaks, but not for this: {impact.evidence}")
    return replace(item, wrapper=impact)


def _flow_item(
    kind: str, operation_id: str, impact: Impact, example: Exchange, words: str
) -> Discrepancy:
    """A finding of the replay itself; its value is `words` without the job's id or figures,
    so that each job's sighting of one cause is one discrepancy."""
    value = " ".join(w for w in words.split() if not any(c.isdigit() for c in w))[:160]
    item = Discrepancy(kind, operation_id, "", words, example, source="follow", value=value)
    return replace(item, wrapper=impact)


def _ended(status: str, body: dict[str, Any]) -> bool:
    """As the wrapper judges it: a failure status, a video URL, or an error and no video."""
    video, error = body.get("video"), body.get("error")
    return (
        status in FAILED
        or status == "completed"
        or _video_url(body) is not None
        or (bool(error) and not video)
    )


def _video_url(body: dict[str, Any]) -> str | None:
    video = body.get("video")
    url = video.get("url") if isinstance(video, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def _file_size(answer: Answer) -> int | None:
    from .findings import decode_body  # noqa: PLC0415

    body = decode_body(answer[2])
    video = body.get("video") if isinstance(body, dict) else None
    size = video.get("file_size") if isinstance(video, dict) else None
    return size if isinstance(size, int) and not isinstance(size, bool) else None


def id_of(body: Any, headers: dict[str, str] | None = None) -> str | None:
    """The id to poll with, wherever the answer names it (as the wrapper reads it)."""
    from aimlapi_veo.wire import raw_id  # noqa: PLC0415

    content = b"" if body is None else httpx.Response(200, json=body).content
    return raw_id(httpx.Response(200, headers=headers or {}, content=content))


def _is_accepted_create(exchange: Exchange) -> bool:
    # A POST to either path may be a paid create (see Guard._is_create): the legacy path too.
    paths = (operation("create_generation").path, LEGACY_PATH)
    return (
        exchange.method == "POST"
        and exchange.path.endswith(paths)
        and 200 <= exchange.status_code < 300
    )
