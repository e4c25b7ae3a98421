"""AsyncVeoClient: the asyncio twin of VeoClient, generated from client.py by
tools/make_async.py (`make async-twin`): edit client.py, never this file."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from aimlapi_veo._core import NOTHING_CREATED, AsyncSleep, Core, JournalArg
from aimlapi_veo.checks import check_output
from aimlapi_veo.download import EXPIRED, PartFile, RetryableDownloadError
from aimlapi_veo.errors import DownloadError, NotFoundError, VeoError
from aimlapi_veo.generation import Generation
from aimlapi_veo.hooks import (
    CreatedCallback,
    ProgressCallback,
    ReconcileCallback,
    ResultCallback,
    ResumeResult,
    UpdateCallback,
)
from aimlapi_veo.images import ImageInput
from aimlapi_veo.journal import Job
from aimlapi_veo.journal.base import Lease
from aimlapi_veo.polling import PollPolicy
from aimlapi_veo.reconcile import Found, ReconcileResult, found_in, settle_seconds
from aimlapi_veo.retry import RetryPolicy
from aimlapi_veo.wire import (
    HTTPX_EXCEPTIONS,
    AspectRatioValue,
    DurationSeconds,
    VideoRequest,
    parse_logs,
)

log = logging.getLogger("aimlapi_veo")
MAX_URL_REFRESHES = 2
MAX_IN_FLIGHT = 20  # httpx's default max_keepalive_connections
CLAIM_POLL = 1.0  # seconds between looks at a job another process is saving


class AsyncVeoClient(Core):
    """Submit, poll and download Veo2 image-to-video generations.

    api_key: or env AIMLAPI_API_KEY. base_url: or env AIMLAPI_BASE_URL, default
    https://api.aimlapi.com. http_client / transport: bring your own (the test seam); the key
    is sent per request, only to base_url, never to the video CDN. journal: a Journal, a path,
    None for the default file in the user's state directory, or False for none.
    sleep / clock: injected so tests never wait.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout = 60.0,
        retry: RetryPolicy | None = None,
        poll: PollPolicy | None = None,
        journal: JournalArg = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: AsyncSleep = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            retry=retry,
            poll=poll,
            journal=journal,
            sleep=sleep,
            clock=clock,
        )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(transport=transport, timeout=timeout)
        # A separate client for the CDN: it has no way to send the key to another host.
        self._cdn = httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=True)
        # httpcore's pool slows down sharply with hundreds of requests queued in it (measured:
        # 1,000 gathered async creates took 10x longer): requests wait here instead, at most as
        # many in flight as the pool keeps connections alive (more would open and close one per
        # request).
        self._in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)
        # Creates beyond these wait before their intent is journaled. In the async twin, whose
        # journal works in threads first come first served, 1,000 gathered creates would
        # otherwise journal every intent before the first answer is taken in, so that all
        # answers, and then all polls, came in one burst (measured: none of 1,000 answered
        # before 2 s, 90 % within the last 0.4 s of the create phase).
        self._creating = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def __aenter__(self) -> AsyncVeoClient:
        return self

    async def __aexit__(
        self, *exc: type[BaseException] | BaseException | TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()
        await self._cdn.aclose()
        self._close_journal()

    async def _send(
        self, request: dict[str, Any], *, create: bool, leases: tuple[Lease | None, ...] = ()
    ) -> httpx.Response:
        """One request, retried as retry.py says; `leases` (a create's) are checked again
        before each resend: a worker that lost one while it waited sends nothing more."""
        attempt, started = 0, self._clock()
        while True:
            attempt += 1
            if attempt > 1 and leases:
                await self._offload(self._check_leases, *leases)
            outcome: httpx.Response | Exception
            try:
                async with self._in_flight:
                    outcome = self._answer(await self._http.request(**request))
            except HTTPX_EXCEPTIONS as exc:  # every httpx exception, mapped by _failure
                outcome = exc
            if isinstance(outcome, httpx.Response) and outcome.is_success:
                return outcome
            delay = self._retry_delay(attempt, outcome, create=create, started=started)
            if delay is None:
                raise self._failure(outcome, create=create) from self._cause(outcome)
            try:
                await self._sleep(delay)
            except BaseException as exc:  # the last answer proved nothing was created
                if create:
                    exc.add_note(NOTHING_CREATED)
                raise

    @asynccontextmanager
    async def lease(self, key: str, *, wait: float = 0.0) -> AsyncIterator[Lease | None]:
        """Hold the journal's lease `key` (e.g. `row:<key>`, `job:<id>`) while the block runs,
        waiting up to `wait` seconds for it: the Lease (give it to `create(lease=...)` so the
        create is sent only while it is still ours), or None when another live worker holds
        it (`holder(key)` says who). Re-entrant; renewed while this client works; released at
        the end (never raising there: a lease not released expires by itself). A thread
        renews the leases held, every quarter of `AIMLAPI_VEO_LEASE_SECONDS`."""
        held = await self._offload(self._acquire, key)
        waited = 0.0
        while held is None and waited < wait:
            await self._sleep(CLAIM_POLL)
            waited += CLAIM_POLL
            held = await self._offload(self._acquire, key)
        try:
            yield held
        finally:
            if held is not None:
                await self._offload(self._let_go, key)

    async def create(
        self,
        image: ImageInput | VideoRequest | Mapping[str, object],
        prompt: str | None = None,
        *,
        tail_image: ImageInput | None = None,
        duration: DurationSeconds | None = None,
        aspect_ratio: AspectRatioValue | None = None,
        negative_prompt: str | None = None,
        seed: int | None = None,
        enhance_prompt: bool | None = None,
        label: str | None = None,
        lease: Lease | None = None,
        output: Path | str | None = None,
    ) -> Generation:
        """Submit one generation (paid): a model's request (`Veo31I2V(prompt=..., image_url=...)`
        from aimlapi_veo_api.models) alone, or Veo2 image-to-video's image, prompt and fields.
        Everything is checked before anything is sent (InvalidInputError; None leaves a field
        to the API's default, never sent), and the create is journaled before it is sent, so a
        crash mid-request leaves an "unknown" row. `lease` (from `lease()`): the create is
        journaled and sent only while it is still ours (LeaseLostError, nothing sent, once
        another worker took it over). `output`: where `finish`/`resume` will save the video,
        journaled with the create (so a create whose answer is lost, once reconciled, is saved
        there too)."""
        body, request = self._create_request(
            image=image,
            prompt=prompt,
            tail_image=tail_image,
            duration=duration,
            aspect_ratio=aspect_ratio,
            negative_prompt=negative_prompt,
            seed=seed,
            enhance_prompt=enhance_prompt,
        )
        target = None if output is None else Path(output).absolute()
        async with self._creating:  # journaled when it can be sent, answered in turn
            intent = await self._offload(self._begin_create, body, label, lease, target)
            try:
                response = await self._send(
                    self._traced(request, intent), create=True, leases=(lease,)
                )
            except BaseException as exc:
                await self._offload(self._create_failed, intent, exc)
                raise
            return await self._offload(self._accept_created, response, body, intent, label)

    async def get(self, generation_id: str) -> Generation:
        """Fetch a generation's current state."""
        response = await self._send(self._fetch_request(generation_id), create=False)
        return await self._offload(self._accept_fetched, response, generation_id)

    async def wait(
        self,
        generation_id: str,
        *,
        timeout: float | None = None,
        on_update: UpdateCallback | None = None,
    ) -> Generation:
        """Poll until completed; raises GenerationFailedError or GenerationTimeoutError."""
        tracker = await self._offload(self._tracker, generation_id, timeout, on_update)
        self._notify(tracker, tracker.journaled_status, None)
        delay = self._first_delay(tracker)
        while True:
            if delay > 0:
                await self._sleep(delay)
            try:
                response = await self._send(self._fetch_request(generation_id), create=False)
            except NotFoundError as exc:  # a job created here may take a while to be found
                delay = self._not_found_yet(tracker, exc)
                continue
            generation = await self._offload(self._accept_fetched, response, generation_id, tracker)
            next_delay = self._observe(tracker, generation, response)
            if next_delay is None:
                return generation
            delay = next_delay

    async def download(
        self,
        generation: Generation | str,
        path: Path | str | None = None,
        *,
        on_progress: ProgressCallback | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Save the video; resumes, refreshes an expired URL, verifies size (and records the
        digest). A path given here must be free unless `overwrite`. If another process is
        saving the same job, waits for it and returns its file once size and digest check."""
        generation_id = generation if isinstance(generation, str) else generation.id
        target = await self._offload(self.output_path, generation_id, path)
        key = f"job:{generation_id}"
        async with self.lease(key, wait=self.download_deadline) as held:
            if held is None:
                raise DownloadError(generation_id, target, await self._offload(self._held_by, key))
            saved = await self._offload(self._already_saved, generation_id, target)
            if saved is not None:
                return saved
            await self._offload(self._check_target, generation_id, target, overwrite)
            current = generation if isinstance(generation, Generation) else None
            if current is None:
                journaled: Generation | None = await self._offload(
                    self._journaled_video, generation_id
                )
                current = journaled or await self.get(generation_id)
            part = PartFile(target, current.id, held.token, hashed=self.journal is not None)
            return await self._fetch_video(current, part, on_progress, held)

    async def _fetch_video(
        self,
        current: Generation,
        target: PartFile,
        on_progress: ProgressCallback | None,
        lease: Lease,
    ) -> Path:
        refreshes, attempt, started = 0, 0, self._clock()
        causes: list[str] = []  # why each attempt failed: a rejection seen twice ends it
        while True:
            self._check_video(current, target.path)
            target.check_intact()
            attempt += 1
            try:
                async with self._cdn.stream(
                    "GET", current.video_url or "", headers=target.request_headers()
                ) as response:
                    if response.status_code in EXPIRED and refreshes < MAX_URL_REFRESHES:
                        refreshes += 1
                        log.info(
                            "video URL of %s expired (HTTP %d); fetching a fresh one",
                            current.id,
                            response.status_code,
                        )
                        current = await self.get(current.id)
                        continue
                    if not target.begin(response):
                        async for chunk in response.aiter_bytes():
                            target.write(chunk)
                            self._downloading(current.id, target, started)
                            if on_progress is not None:
                                on_progress(target.offset, target.total)
                digest = target.complete(current.file_size)
            except (httpx.TransportError, RetryableDownloadError) as exc:
                target.close()
                await self._offload(self._check_leases, lease)  # taken over meanwhile? then stop
                await self._sleep(self._download_retry(current.id, target, exc, attempt, causes))
                continue
            except HTTPX_EXCEPTIONS as exc:  # the rest of httpx (DecodingError, TooManyRedirects)
                raise self._download_failure(current.id, target.path, exc) from None
            finally:
                target.close()
            # Still the job's owner? Only then does the file take its place and count as saved.
            await self._offload(self._check_leases, lease)
            saved = target.commit()
            await self._offload(self._record_saved, current.id, saved, digest, lease)
            return saved

    async def generate(
        self,
        image: ImageInput | VideoRequest | Mapping[str, object],
        prompt: str | None = None,
        output: Path | str | None = None,
        *,
        tail_image: ImageInput | None = None,
        duration: DurationSeconds | None = None,
        aspect_ratio: AspectRatioValue | None = None,
        negative_prompt: str | None = None,
        seed: int | None = None,
        enhance_prompt: bool | None = None,
        label: str | None = None,
        timeout: float | None = None,
        overwrite: bool = False,
        on_created: CreatedCallback | None = None,
        on_update: UpdateCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Path:
        """Image + prompt -> MP4 at `output` (default `<uuid>.mp4` here): create, wait,
        download. The output path is checked before anything is sent (an existing file needs
        `overwrite=True`); on_created gets the new job before the wait."""
        target = None if output is None else check_output(Path(output), overwrite=overwrite)
        created = await self.create(
            image,
            prompt,
            tail_image=tail_image,
            duration=duration,
            aspect_ratio=aspect_ratio,
            negative_prompt=negative_prompt,
            seed=seed,
            enhance_prompt=enhance_prompt,
            label=label,
            output=target,
        )
        # Where it goes is journaled before anyone hears of the job: a process killed from
        # here on leaves `resume` knowing the path.
        target = await self._offload(self.output_path, created.id, target)
        if self.journal is not None:
            await self._offload(self.journal.set_output, created.id, target)
        if on_created is not None:
            on_created(created)
        return await self.finish(
            created.id,
            target,
            timeout=timeout,
            overwrite=True,  # checked above, before the create
            on_update=on_update,
            on_progress=on_progress,
        )

    async def finish(
        self,
        generation_id: str,
        output: Path | str | None = None,
        *,
        timeout: float | None = None,
        overwrite: bool = False,
        on_update: UpdateCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Path:
        """Wait for a created generation and save its video: at `output`, else where the
        journal says, else `<uuid>.mp4` in the current folder (the path is checked first)."""
        planned = await self._offload(self.output_path, generation_id, output)
        target = await self._offload(self._check_target, generation_id, planned, overwrite)
        if self.journal is not None:
            await self._offload(self.journal.set_output, generation_id, target)
        done = await self.wait(generation_id, timeout=timeout, on_update=on_update)
        return await self.download(done, target, on_progress=on_progress, overwrite=True)

    async def reconcile(
        self,
        *,
        settle: float | None = None,
        intents: Collection[str] | None = None,
        on_result: ReconcileCallback | None = None,
    ) -> list[ReconcileResult]:
        """Look up every create of unknown outcome in the journal (for this base URL; only
        `intents` when given) in the API's usage log, never creating anything: a create found
        there becomes its job (resume finishes it), one the log never saw once `settle`
        seconds have passed since it (default $AIMLAPI_VEO_SETTLE_SECONDS, else 900) is
        journaled "not_received", anything else stays unknown (see reconcile.py)."""
        seconds = settle_seconds(settle)
        results: list[ReconcileResult] = []
        for job in await self._offload(self._unknown_creates, intents):
            results.append(await self._reconcile_one(job, seconds))
            if on_result is not None:
                on_result(results[-1])
        return results

    async def _reconcile_one(self, job: Job, settle: float) -> ReconcileResult:
        unlookable = self._unlookable(job)
        if unlookable is not None:
            return unlookable
        # The intent's own lease: held while its create is in flight, or another process looks.
        async with self.lease(job.id) as held:
            if held is None:
                return ReconcileResult(
                    job.id, "skipped", detail=await self._offload(self._held_by, job.id)
                )
            try:
                found = await self._look_up(job)
            except VeoError as exc:
                return self._unreadable(job, exc)
            return await self._offload(self._conclude, job, found, settle)

    async def _look_up(self, job: Job) -> Found | None:
        """Our create in the usage log, every page of every query read until a succeeded row
        with our id turns up; None when none did."""
        ours: list[dict[str, Any]] = []
        for params in self._log_queries(job):
            offset, more = 0, True
            while more and not any(row.get("status") == "succeeded" for row in ours):
                response = await self._send(self._logs_request(params, offset), create=False)
                page = parse_logs(response)
                ours += self._ours(job, page.rows)
                offset, more = offset + len(page.rows), page.has_more and bool(page.rows)
            if ours:
                break
        return found_in(ours, self._client_request_id(job))

    async def resume(
        self,
        *,
        timeout: float | None = None,
        settle: float | None = None,
        on_update: UpdateCallback | None = None,
        on_progress: ProgressCallback | None = None,
        on_result: ResultCallback | None = None,
        on_reconciled: ReconcileCallback | None = None,
    ) -> list[ResumeResult]:
        """Finish every unfinished job in the journal for this base URL: wait and download,
        never create. Creates of unknown outcome are reconciled first (`reconcile`, with
        `settle` and `on_reconciled`), so one found in the API's log is finished too. A job
        another process is working on is skipped (and said so); one job's error is reported
        in its result and the others go on. on_result gets each result as soon as known."""
        await self.reconcile(settle=settle, on_result=on_reconciled)
        results: list[ResumeResult] = []
        for job in await self._offload(self.unfinished):
            results.append(await self._resume_one(job.id, timeout, on_update, on_progress))
            if on_result is not None:
                on_result(results[-1])
        return results

    async def _resume_one(
        self,
        generation_id: str,
        timeout: float | None,
        on_update: UpdateCallback | None,
        on_progress: ProgressCallback | None,
    ) -> ResumeResult:
        key = f"job:{generation_id}"
        async with self.lease(key) as held:
            if held is None:
                return ResumeResult(
                    generation_id, "skipped", detail=await self._offload(self._held_by, key)
                )
            job = await self._offload(self.journal.get, generation_id) if self.journal else None
            if job is not None and not job.unfinished:  # finished by another process meanwhile
                path = Path(job.output_path) if job.output_path else None
                return ResumeResult(generation_id, "skipped", path, detail="finished elsewhere")
            try:
                done = await self.wait(generation_id, timeout=timeout, on_update=on_update)
                saved = await self.download(done, on_progress=on_progress)
            except (VeoError, OSError) as exc:
                return self._resume_failure(generation_id, exc)
            return ResumeResult(generation_id, "saved", saved, detail="saved")
