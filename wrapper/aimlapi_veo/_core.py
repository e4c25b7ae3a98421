"""Configuration and every decision the sync and async clients share. The two clients hold
only their I/O loops; what to send, when to retry, how long to sleep, what to record and what
to raise are all decided here, once."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

import httpx

from aimlapi_veo.checks import check_base_url, check_key, check_output
from aimlapi_veo.download import PartFile, RejectedDownloadError
from aimlapi_veo.errors import (
    APIConnectionError,
    APIStatusError,
    CreateOutcomeUnknownError,
    DownloadError,
    GenerationError,
    GenerationFailedError,
    GenerationTimeoutError,
    InvalidInputError,
    JournalError,
    LeaseLostError,
    MalformedResponseError,
    NotFoundError,
    VeoError,
    leaks,
    scrub,
)
from aimlapi_veo.generation import (
    DEFAULT_DURATION,
    DOWNLOADABLE,
    FAILED,
    SUCCEEDED,
    Generation,
)
from aimlapi_veo.hooks import ProgressCallback, ResumeResult, UpdateCallback, WaitUpdate, outcome_of
from aimlapi_veo.journal import UNKNOWN, Job, JournalStore, open_journal
from aimlapi_veo.journal.base import Lease, file_digest, lease_seconds, new_intent, new_owner
from aimlapi_veo.journal.fallback import save_unjournaled
from aimlapi_veo.logs import redact_logs
from aimlapi_veo.models import LEGACY_MODEL
from aimlapi_veo.models import get as get_model
from aimlapi_veo.polling import PAGE_INTERVAL, PollPolicy, PollSchedule, window_for
from aimlapi_veo.reconcile import Found, ReconcileResult, iso, queries, settled
from aimlapi_veo.retry import RetryPolicy, parse_retry_after, should_retry
from aimlapi_veo.wire import (
    NOT_SENDABLE,
    Trace,
    build_request,
    create_request,
    fetch_request,
    logs_request,
    parse_generation,
    raw_id,
    redact_response,
    status_error,
    trace_of,
    transport_error,
    with_client_request_id,
)

DEFAULT_BASE_URL = "https://api.aimlapi.com"
log = logging.getLogger("aimlapi_veo")
__all__ = [
    "AsyncSleep", "Core", "JournalArg", "ProgressCallback", "ResumeResult", "Sleep", "Tracker",
    "UpdateCallback",
]  # fmt: skip
Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]
JournalArg = JournalStore | Path | str | Literal[False] | None
P = ParamSpec("P")
T = TypeVar("T")
# A create refused with 429 created nothing: it is sent again, whatever max_attempts says,
# until this many seconds after its first attempt (its leases are renewed meanwhile).
CREATE_REFUSED_DEADLINE = 540.0
# Noted on an exception that interrupts the sleep between two attempts of a create: the last
# answer proved that nothing was created, so the intent is dropped, not kept as "unknown".
NOTHING_CREATED = "aimlapi_veo: interrupted between two attempts of a create; nothing was created"
DOWNLOAD_DEADLINE = 1800.0  # seconds for one video, all attempts: a trickling CDN ends
# Least margin past the expected window's end given a status no one lists (see _unknown_limit).
UNKNOWN_MARGIN = 60.0
HISTORY_SECONDS = 1.0  # how long waits may plan from completion times one of them read


def _journal(journal: JournalArg) -> JournalStore | None:
    if journal is False:
        return None
    return journal if isinstance(journal, JournalStore) else open_journal(journal)


def error_of(generation: Generation) -> str | None:
    """The error an answer reports, as journaled: name and message, or None."""
    return ": ".join(p for p in (generation.error_name, generation.error_message) if p) or None


def same_generation(answered: str, asked: str) -> bool:
    """Ids match, allowing the `:model` suffix the docs show on one side only."""
    return (
        answered == asked or answered.split(":", maxsplit=1)[0] == asked.split(":", maxsplit=1)[0]
    )


@dataclass
class Tracker:
    """One wait: the schedule, the deadline, the last status seen."""

    generation_id: str
    started: float
    created_at: float | None  # from the journal; None when this machine did not create it
    deadline: float
    schedule: PollSchedule
    on_update: UpdateCallback | None
    last_status: str | None = None
    warned: set[str] = field(default_factory=set)
    journaled_status: str | None = None  # the journal's, when the wait began
    # when a fetch of this wait last saw the job in progress: completion came between that
    # look and the first that saw it done
    running_at: float | None = None
    # for a create made here: the row's created_at minus the time its answer came, on our
    # clock. A completion time on our clock plus this is one on the row's clock, counted from
    # the answer: a skewed worker, or a create that waited out 429s, teaches the job's own time
    to_journal_clock: float | None = None

    def first(self, warning: str) -> bool:
        """True the first time this wait gives `warning`: each is logged once."""
        new = warning not in self.warned
        self.warned.add(warning)
        return new

    @property
    def window(self) -> tuple[float, float]:
        """When the job should complete: what the user is told, and what hints are held to."""
        return self.schedule.window


class Core:
    """Settings and shared decisions; see VeoClient for the arguments."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        retry: RetryPolicy | None,
        poll: PollPolicy | None,
        journal: JournalArg,
        sleep: Any,  # sync or async: each client calls it its own way
        clock: Callable[[], float],
    ) -> None:
        self._api_key = check_key(api_key or os.environ.get("AIMLAPI_API_KEY"))
        redact_logs(self._api_key)
        self.base_url = check_base_url(
            base_url or os.environ.get("AIMLAPI_BASE_URL") or DEFAULT_BASE_URL
        )
        self.retry = retry or RetryPolicy()
        self.poll = poll or PollPolicy()
        self._sleep, self._clock = sleep, clock
        self.journal = _journal(journal)
        # A journal opened here from a path or URL is closed with the client; one passed in
        # belongs to the caller.
        self._owns_journal = self.journal is not None and not isinstance(journal, JournalStore)
        self.download_deadline = DOWNLOAD_DEADLINE
        self.owner = new_owner()  # this client's name on the journal's leases
        self.lease_seconds = lease_seconds()  # $AIMLAPI_VEO_LEASE_SECONDS, default 120
        self._held: dict[str, tuple[Lease, int]] = {}  # key -> the lease, how many calls hold it
        self._heartbeat: threading.Thread | None = None  # renews _held while it is not empty
        self._leases_lock = threading.Lock()
        self._poll_hints: dict[str, str] = {}  # create answers' Retry-After, for the first wait
        # (created at, video seconds) of jobs created here, for when no journal knows them
        self._created: dict[str, tuple[float, int, str]] = {}
        # (model, video seconds) -> (when read, the journal's completion times): a batch's
        # waits start together and would each read the same history (measured: 1,000
        # gathered jobs spent ~0.5 s of their create phase on it). A completion this client
        # journals empties it; another worker's shows after HISTORY_SECONDS.
        self._histories: dict[tuple[str, int], tuple[float, list[float]]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='***', journal={self.journal!r})"

    def _blocking(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """A call that waits on the journal (a disk, a database): made here in the sync client;
        the async twin awaits `_offload` instead, so its event loop never waits on a lock."""
        return call(*args, **kwargs)

    async def _offload(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        import asyncio  # noqa: PLC0415 (start-up time: the sync client never loads it)

        return await asyncio.to_thread(call, *args, **kwargs)

    def _close_journal(self) -> None:
        with self._leases_lock:
            self._held.clear()  # the heartbeat stops at its next beat
        if self._owns_journal and self.journal is not None:
            self.journal.close()
            self._owns_journal = False

    # requests -------------------------------------------------------------------------------
    def _create_request(self, **arguments: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        body = build_request(**arguments)
        return body, create_request(body, self.base_url, self._api_key)

    def _fetch_request(self, generation_id: str) -> dict[str, Any]:
        return fetch_request(generation_id, self.base_url, self._api_key)

    def _retry_delay(
        self, attempt: int, outcome: httpx.Response | Exception, *, create: bool, started: float
    ) -> float | None:
        """Seconds to wait before trying again, or None to stop and raise. A create refused
        with 429 is retried until CREATE_REFUSED_DEADLINE after its first attempt (`started`),
        never sleeping past it; everything else, up to max_attempts."""
        if isinstance(outcome, NOT_SENDABLE) or not should_retry(outcome, create=create):
            return None
        refused = create and isinstance(outcome, httpx.Response) and outcome.status_code == 429
        left = started + CREATE_REFUSED_DEADLINE - self._clock()
        if (left <= 0) if refused else attempt >= self.retry.max_attempts:
            return None
        hint = (
            parse_retry_after(outcome.headers.get("retry-after"))
            if isinstance(outcome, httpx.Response)
            else None
        )
        delay = self.retry.delay(attempt, hint)
        delay = min(delay, left) if refused else delay
        what = (
            f"HTTP {outcome.status_code}"
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        limit = f"{left:.0f} s left to send it" if refused else f"of {self.retry.max_attempts}"
        log.warning(
            "%s from %s; retrying in %.1f s (attempt %d %s)",
            what,
            self.base_url,
            delay,
            attempt + 1,
            limit,
        )
        return delay

    def _answer(self, response: httpx.Response) -> httpx.Response:
        return redact_response(response, self._api_key)

    def _failure(self, outcome: httpx.Response | Exception, *, create: bool) -> Exception:
        """The error for a final failed attempt. On create, only a 4xx answer or a connection
        never made proves nothing was created (see retry.py); anything else is an unknown
        outcome, with the id when the answer carried one."""
        if isinstance(outcome, Exception):
            return scrub(transport_error(outcome, create=create), self._api_key)  # type: ignore[return-value]
        error = status_error(outcome, self._api_key)
        if create and not 400 <= outcome.status_code < 500:
            return CreateOutcomeUnknownError(
                f"the API answered {error}", generation_id=raw_id(outcome)
            )
        return error

    def _cause(self, outcome: httpx.Response | Exception) -> Exception | None:
        """What a raised error may chain to: never an exception whose text holds the key."""
        if isinstance(outcome, Exception) and not leaks(repr(outcome.args), self._api_key):
            return outcome
        return None

    # creates --------------------------------------------------------------------------------
    def _begin_create(
        self,
        body: dict[str, Any],
        label: str | None,
        lease: Lease | None,
        output: Path | None = None,
    ) -> str:
        """Write the intent, in one transaction with the check of `lease` (the lease the create
        is made for): if the journal cannot take it, or the lease was lost, nothing is sent.
        The intent's own lease is held (and renewed) by this client until the answer. The
        intent id is the create's X-Client-Request-Id (a fresh one without a journal), journaled
        before the body leaves."""
        if self.journal is None:
            return new_intent()
        intent = self.journal.begin_create(
            self.base_url, body, label=label, owner=self.owner,
            ttl=self.lease_seconds, fence=lease, output=output,
        )  # fmt: skip
        with self._leases_lock:
            self._held[intent] = (Lease(intent, self.owner, 1, self.lease_seconds), 1)
            self._keep_alive()
        return intent

    def _check_leases(self, *leases: Lease | None) -> None:
        """LeaseLostError unless each lease is still ours (each is renewed): before a create is
        sent again after a wait, before a saved file is moved into place."""
        for lease in leases:
            if self.journal is not None and lease is not None:
                self.journal.check(lease)

    def _traced(self, request: dict[str, Any], intent: str) -> dict[str, Any]:
        return with_client_request_id(request, intent)

    def _create_failed(self, intent: str | None, exc: BaseException) -> None:
        """Journal what a failed create means: nothing created (the intent goes), or unknown."""
        if isinstance(exc, CreateOutcomeUnknownError) and exc.client_request_id is None:
            exc.client_request_id = intent  # what the API's usage log knows it by
        if self.journal is None or intent is None:
            return
        self._held.pop(intent, None)
        # InvalidInputError here: httpx refused the URL before sending (wire.NOT_SENDABLE);
        # LeaseLostError: found before a resend, after answers that proved nothing was created.
        proven = isinstance(
            exc, APIStatusError | APIConnectionError | InvalidInputError | LeaseLostError
        )
        proven = proven or NOTHING_CREATED in getattr(exc, "__notes__", ())
        try:
            if proven:
                self.journal.discard(intent)
            else:
                reason = (
                    str(exc) if isinstance(exc, VeoError) else f"interrupted ({type(exc).__name__})"
                )
                self.journal.outcome_unknown(
                    intent, reason[:300], getattr(exc, "generation_id", None)
                )
        except JournalError as journal_exc:  # the row stays "creating", read back as unknown
            log.error("could not journal the create's outcome: %s", journal_exc)  # noqa: TRY400 (the message says all; a traceback would bury it)

    def _accept_created(
        self,
        response: httpx.Response,
        body: dict[str, Any],
        intent: str | None,
        label: str | None,
    ) -> Generation:
        """The id reaches the journal whatever the rest of the answer holds: with the answer's
        status when it parses (one write), else as "submitted" before the error is raised."""
        generation_id = raw_id(response)
        if generation_id is None:
            error = CreateOutcomeUnknownError(
                f"its answer (HTTP {response.status_code}) carries no generation id; check your "
                "AIML API dashboard before retrying"
            )
            self._create_failed(intent, error)
            raise error
        self._created[generation_id] = (
            self._clock(),
            int(body.get("duration") or get_model(body["model"]).default_duration),
            body["model"],
        )
        try:
            generation = parse_generation(response, create=True, api_key=self._api_key)
        except BaseException as exc:
            self._journal_created(intent, generation_id, label, "submitted")
            if not isinstance(exc, MalformedResponseError):
                raise
            # The job exists and is paid for: say so, with the id, rather than only "bad answer".
            raise MalformedResponseError(
                f"generation {generation_id} was created (and journaled), but {exc}; follow it "
                f"with wait({generation_id!r}) or `veo wait {generation_id}`"
            ) from None
        trace = self._trace(generation_id, response)
        self._journal_created(
            intent, generation_id, label, generation.status.value,
            video_url=generation.video_url, error=error_of(generation),
            inference_id=trace.inference_id, credits_used=trace.credits_used,
            usd_spent=trace.usd_spent,
        )  # fmt: skip
        hint = response.headers.get("retry-after")
        if hint is not None:
            self._poll_hints[generation.id] = hint
        log.info("created generation %s (%s)", generation.id, generation.status.value)
        return generation

    def _journal_created(
        self,
        intent: str | None,
        generation_id: str,
        label: str | None,
        status: str,
        **answer: str | float | None,
    ) -> None:
        """The id reaches the journal, or else the user: stderr, a file, the exception.
        `answer`: what else the create's answer said (see `JournalStore.created`)."""
        if self.journal is None or intent is None:
            return
        self._held.pop(intent, None)
        try:
            self.journal.created(intent, generation_id, status, **answer)
        except JournalError as exc:
            location = self.journal.location
            fallback = save_unjournaled(generation_id, self.base_url, label, location)
            where = f"written to {fallback}" if fallback else "NOT written anywhere: copy it now"
            log.error(  # noqa: TRY400 (the id must stand out, not a traceback)
                "generation %s was created (and may be charged) but the journal could not "
                "record it (%s); its id is %s",
                generation_id,
                exc,
                where,
            )
            raise CreateOutcomeUnknownError(
                f"the journal could not record the answer ({exc})", generation_id, fallback
            ) from None

    # fetches --------------------------------------------------------------------------------
    def _accept_fetched(
        self, response: httpx.Response, generation_id: str, tracker: Tracker | None = None
    ) -> Generation:
        """A fetch answer, checked: it must be about the generation asked for. In a wait
        (`tracker`), a completion is journaled at the midpoint between this fetch and the
        last one that saw the job running (the time it was seen would teach the learned window
        a later one than the truth, by up to a whole gap). A job done at its first fetch is
        journaled at that fetch: the create answer bounds it only by 0, and half the first
        fetch's time taught an early tail no job had (measured, U(12,20) s: 5 % of the learned
        window below 7.5 s)."""
        generation = parse_generation(response, create=False, api_key=self._api_key)
        if not same_generation(generation.id, generation_id):
            raise MalformedResponseError(
                f"the answer about generation {generation_id} is about another one "
                f"({generation.id}); not trusted"
            )
        now, completed_at = self._clock(), None
        if tracker is not None and not generation.succeeded:
            tracker.running_at = now
        elif tracker is not None and (
            tracker.running_at is not None or tracker.to_journal_clock is not None
        ):
            seen = now if tracker.running_at is None else (tracker.running_at + now) / 2
            completed_at = seen + (tracker.to_journal_clock or 0.0)
        self._record(generation, completed_at)
        if generation.succeeded:
            self._histories.clear()  # the next wait plans with this completion
        self._record_trace(generation_id, response)
        return generation

    def _trace(self, generation_id: str, response: httpx.Response) -> Trace:
        """x-inference-id and the cost headers. An inference id naming another job is logged,
        never a reason to drop a paid id."""
        trace = trace_of(response)
        if trace.inference_id is not None and not same_generation(
            trace.inference_id, generation_id
        ):
            log.warning(
                "the answer about generation %s carries x-inference-id %s, another id; the "
                "body's id is kept",
                generation_id,
                trace.inference_id,
            )
        return trace

    def _record_trace(self, generation_id: str, response: httpx.Response) -> None:
        """A poll's trace, journaled only when it reports a charge (polls are free; a write
        per poll is not). A create's goes with its id (`_journal_created`)."""
        trace = self._trace(generation_id, response)
        if self.journal is None or not (trace.credits_used or trace.usd_spent):
            return
        try:
            self.journal.record_trace(
                generation_id,
                inference_id=trace.inference_id,
                credits_used=trace.credits_used,
                usd_spent=trace.usd_spent,
            )
        except JournalError as exc:  # the id is journaled already; a lost price is only logged
            log.error("could not journal the cost of %s: %s", generation_id, exc)  # noqa: TRY400

    def _record(self, generation: Generation, completed_at: float | None = None) -> None:
        if self.journal is not None:
            self.journal.record_status(
                generation.id,
                generation.status.value,
                generation.video_url,
                error_of(generation),
                completed_at=completed_at,
            )

    # leases ---------------------------------------------------------------------------------
    def _acquire(self, key: str) -> Lease | None:
        """Hold `key` (re-entrant within this client); None while another live owner holds it.
        Without a journal every lease is ours (token 0: nothing to fence)."""
        with self._leases_lock:  # journal calls run in threads in the async twin
            if key in self._held:
                held, count = self._held[key]
                self._held[key] = (held, count + 1)
                return held
            lease = (
                self.journal.claim(key, self.owner, self.lease_seconds)
                if self.journal is not None
                else Lease(key, self.owner, 0, self.lease_seconds)
            )
            if lease is not None:
                self._held[key] = (lease, 1)
                self._keep_alive()
            return lease

    def _let_go(self, key: str) -> None:
        """Release one hold on `key`. Never raises: it runs in `finally` blocks, where an error
        would hide the one that matters (a lease not released expires by itself)."""
        with self._leases_lock:
            lease, count = self._held.get(key, (None, 0))
            if lease is None:
                return
            if count > 1:
                self._held[key] = (lease, count - 1)
                return
            del self._held[key]
        try:
            if self.journal is not None:
                self.journal.release(key, self.owner)
        except JournalError as exc:
            log.warning("could not release the lease %s (it expires by itself): %s", key, exc)

    def _keep_alive(self) -> None:
        """Start the heartbeat unless it runs (called with `_leases_lock` held)."""
        if self.journal is not None and self._heartbeat is None:
            self._heartbeat = threading.Thread(target=self._beat, name="veo-leases", daemon=True)
            self._heartbeat.start()

    def _beat(self) -> None:
        """Renew every lease we hold, every quarter of a lease, for as long as we hold any: a
        thread of its own, so a lease outlives a create waiting for its answer or out a 429,
        a slow download, a slow callback. A paused process (SIGSTOP) pauses it too: then the
        leases expire, and fencing stops this worker when it resumes."""
        while True:
            time.sleep(self.lease_seconds / 4)
            with self._leases_lock:
                if not self._held:
                    self._heartbeat = None
                    return
                held = [lease for lease, _ in self._held.values()]
            for lease in held:
                self._renew(lease)

    def _renew(self, lease: Lease) -> None:
        if lease.key not in self._held or self.journal is None:  # released meanwhile
            return
        try:
            self.journal.check(lease)
        except LeaseLostError as exc:  # the next write made for it fails: fencing
            if self._held.pop(lease.key, None) is not None:
                log.warning("%s", exc)
        except JournalError as exc:
            log.warning("could not renew the lease %s: %s", lease.key, exc)

    def holder(self, key: str) -> str | None:
        """The worker holding the lease `key` now (None: free, stale, or no journal)."""
        return self.journal.holder(key) if self.journal else None

    def _held_by(self, key: str) -> str:
        holder = self.holder(key)
        return f"claimed by another process ({holder})" if holder else "claimed by another process"

    # downloads ------------------------------------------------------------------------------
    def _check_target(self, generation_id: str, target: Path, overwrite: bool) -> Path:
        """Checked before any request: the path must be free unless `overwrite`, or unless it
        is the job's own path in the journal (checked when the job was created, so a file
        there is ours: a previous attempt's)."""
        job = self.journal.get(generation_id) if self.journal else None
        planned = job is not None and job.output_path == str(target)
        return check_output(target, overwrite=overwrite or planned)

    def _download_failure(self, generation_id: str, path: Path, exc: Exception) -> DownloadError:
        """An httpx error from the video host that retrying cannot fix, mapped at the boundary."""
        return DownloadError(generation_id, path, str(transport_error(exc, create=False)))

    def _download_retry(
        self,
        generation_id: str,
        target: PartFile,
        exc: Exception,
        attempt: int,
        causes: list[str],
    ) -> float:
        """Seconds before the next download attempt; DownloadError when another cannot help:
        the attempts are spent, or the answer was rejected twice for the same cause."""
        cause = str(exc)
        repeated = isinstance(exc, RejectedDownloadError) and cause in causes
        causes.append(cause)
        if attempt < self.retry.max_attempts and not repeated:
            return self.retry.delay(attempt)
        why = "twice the same way" if repeated else f"after {attempt} attempts"
        raise DownloadError(
            generation_id,
            target.path,
            f"{cause} ({why}); the job is kept: `veo download {generation_id}` tries again",
        ) from None

    def _check_video(self, current: Generation, path: Path) -> None:
        """Only a completed generation with an http(s) video URL can be downloaded: a failed
        one says it failed, one in progress says to wait."""
        status = current.status.value
        if current.failed:
            raise GenerationFailedError(
                current.id, status, current.error_name, current.error_message
            )
        if not current.succeeded:
            raise GenerationError(
                current.id,
                f"generation {current.id} is still {status}, so there is nothing to download "
                f"yet: wait({current.id!r}) or `veo wait {current.id}` saves it when done",
            )
        if not (current.video_url or "").startswith(DOWNLOADABLE):
            video = current.raw.get("video", current.raw.get("videos"))
            raise MalformedResponseError(
                f"generation {current.id} is {status} but its answer carries no http(s) video "
                f"URL (video: {video!r:.200}), a shape the spec does not describe; its id is "
                f"kept: `veo download {current.id}` looks again"
            )

    def _downloading(self, generation_id: str, target: PartFile, started: float) -> None:
        """After each chunk: end a download past its overall deadline."""
        if self._clock() - started > self.download_deadline:
            raise DownloadError(
                generation_id,
                target.path,
                f"not saved within {self.download_deadline:.0f} s (the video host is too slow); "
                "run the download again: it resumes where it stopped",
            )

    def _journaled_video(self, generation_id: str) -> Generation | None:
        """A completed job as the journal last saw it, link included: no request needed (an
        expired link is refreshed by the download itself)."""
        from aimlapi_veo_api.models import GenerationStatus  # noqa: PLC0415 (start-up time)

        job = self.journal.get(generation_id) if self.journal else None
        if job is None or job.status not in SUCCEEDED or not job.video_url:
            return None
        return Generation(job.id, GenerationStatus(job.status), video_url=job.video_url)

    def _already_saved(self, generation_id: str, target: Path) -> Path | None:
        """The file, if the journal says it was saved there and its size and digest still match."""
        job = self.journal.get(generation_id) if self.journal else None
        if job is None or job.downloaded_at is None or job.output_path != str(target):
            return None
        if not target.is_file() or job.file_sha256 is None:
            return None
        return target if file_digest(target) == (job.file_size, job.file_sha256) else None

    def _record_saved(
        self, generation_id: str, path: Path, digest: tuple[int, str], lease: Lease | None
    ) -> None:
        if self.journal is not None:
            self.journal.record_download(generation_id, path, *digest, fence=lease)

    def _resume_failure(self, generation_id: str, exc: Exception) -> ResumeResult:
        return ResumeResult(generation_id, outcome_of(exc), None, exc, str(exc))

    # waiting --------------------------------------------------------------------------------
    def expected_window(self, generation_id: str) -> tuple[float, float]:
        """When the job should complete, in seconds after its creation: what the journal
        learned, else the documented window (a server's Retry-After says when to look again,
        not when the job ends)."""
        seconds, history, model = self._experience(generation_id)
        return PollSchedule(window_for(seconds, history, self.poll, model), self.poll).window

    def _experience(
        self, generation_id: str, job: Job | None = None
    ) -> tuple[int, list[float], str]:
        """The job's video length, the journal's completion times of jobs like it, and its
        model (`job`: its journal row when the caller has read it already)."""
        if job is None and self.journal is not None:
            job = self.journal.get(generation_id)
        _, seconds, model = self._created.get(generation_id, (0.0, DEFAULT_DURATION, LEGACY_MODEL))
        if job is not None:
            seconds, model = job.video_seconds, str(job.params.get("model") or model)
        if self.journal is None or job is None:
            return seconds, [], model
        read, history = self._histories.get((model, seconds), (-math.inf, []))
        if not 0 <= self._clock() - read < HISTORY_SECONDS:
            read = self._clock()
            # Jobs journaled before schema 3 kept the model were all Veo2 image-to-video.
            history = self.journal.completion_durations(
                model, seconds, or_unknown=model == LEGACY_MODEL
            )
            self._histories[(model, seconds)] = (read, history)
        return seconds, history, model

    def _tracker(
        self, generation_id: str, timeout: float | None, on_update: UpdateCallback | None
    ) -> Tracker:
        now = self._clock()
        job = self.journal.get(generation_id) if self.journal else None
        seconds, history, model = self._experience(generation_id, job)
        schedule = PollSchedule(window_for(seconds, history, self.poll, model), self.poll)
        deadline = now + (self.poll.timeout if timeout is None else timeout)
        known = self._created.get(generation_id)
        # This machine's own time of a create it made: its clock, not the database's, measures
        # the wait (clocks may disagree; that shifts a plan, never who owns a row).
        created_at = known[0] if known else job.created_at if job else None
        tracker = Tracker(generation_id, now, created_at, deadline, schedule, on_update)
        if known is not None and job is not None:
            tracker.to_journal_clock = job.created_at - known[0]
        tracker.journaled_status = job.status if job else None
        return tracker

    def _notify(self, tracker: Tracker, status: str | None, generation: Generation | None) -> None:
        """Tell the presenter where the wait stands, timing included, so it computes nothing."""
        if tracker.on_update is None:
            return
        now = self._clock()
        created = tracker.started if tracker.created_at is None else tracker.created_at
        tracker.on_update(
            WaitUpdate(
                generation_id=tracker.generation_id,
                status=status,
                generation=generation,
                created_at=tracker.created_at,
                window=tracker.window,
                elapsed=max(now - created, 0.0),
                waited=now - tracker.started,
            )
        )

    def _first_delay(self, tracker: Tracker) -> float:
        """Before the first fetch: the plan's next fetch time when the creation time is known
        (or the server hinted); none for a job of unknown age or older than the plan."""
        elapsed = tracker.started - (
            tracker.started if tracker.created_at is None else tracker.created_at
        )
        hint = self._clamped(tracker, self._poll_hints.pop(tracker.generation_id, None), elapsed)
        if hint is None and (tracker.created_at is None or tracker.schedule.outlived(elapsed)):
            return 0.0
        return min(tracker.schedule.next_delay(elapsed, hint), tracker.deadline - tracker.started)

    def _observe(
        self, tracker: Tracker, generation: Generation, response: httpx.Response
    ) -> float | None:
        """After one fetch: None when done (raises if failed), else seconds until the next."""
        status = generation.status.value
        if status != tracker.last_status:
            tracker.last_status = status
            self._notify(tracker, status, generation)
        self._judge_evidence(tracker, generation)
        if generation.failed:
            raise GenerationFailedError(
                generation.id, status, generation.error_name, generation.error_message
            )
        now = self._clock()
        if generation.succeeded:
            return None
        remaining = tracker.deadline - now
        if remaining <= 0:
            raise GenerationTimeoutError(generation.id, status, now - tracker.started)
        elapsed = now - (tracker.started if tracker.created_at is None else tracker.created_at)
        if not generation.status_known:
            self._judge_unknown(tracker, status, elapsed)
        hint = self._clamped(tracker, response.headers.get("retry-after"), elapsed)
        return min(tracker.schedule.next_delay(elapsed, hint), remaining)

    def _not_found_yet(self, tracker: Tracker, exc: NotFoundError) -> float:
        """A 404 for a job this client created: the service may not list it at once, so it
        is looked for again up to the window a status no one lists gets; past it, or for a
        job of unknown age, the 404 stands, saying how old the job is."""
        now = self._clock()
        if tracker.created_at is None:
            raise exc
        elapsed, limit = now - tracker.created_at, self._unknown_limit(tracker)
        if elapsed > limit or now >= tracker.deadline:
            raise NotFoundError(
                404,
                f"the API still does not find generation {tracker.generation_id} {elapsed:.0f} s "
                f"after creating it ({exc.message}); it is journaled: `veo wait "
                f"{tracker.generation_id}` looks again",
                exc.request_id,
            ) from None
        if tracker.first("404"):
            log.warning(
                "generation %s: not found (HTTP 404) %.0f s after it was created; looking "
                "again until %.0f s",
                tracker.generation_id,
                elapsed,
                limit,
            )
        return min(tracker.schedule.next_delay(elapsed), tracker.deadline - now)

    def _judge_evidence(self, tracker: Tracker, generation: Generation) -> None:
        """Say so (once) when the answer's content, not its status, decided the outcome."""
        status = generation.status.value
        judged = (
            "done (it carries a video URL)"
            if generation.succeeded and status not in SUCCEEDED
            else "failed (it carries an error and no video)"
            if generation.failed and status not in FAILED
            else None
        )
        if judged and tracker.first(status):
            log.warning("generation %s says %r; taken as %s", generation.id, status, judged)

    def _unknown_limit(self, tracker: Tracker) -> float:
        """How long after creation a status no one knows is waited for: the expected window's
        end plus as much again (at least UNKNOWN_MARGIN s): a status the spec and the live
        API's clients never listed may never end (`suspended`), or mean done (`succeeded`
        without a URL this client can find)."""
        end = tracker.window[1]
        return end + max(end, UNKNOWN_MARGIN)

    def _judge_unknown(self, tracker: Tracker, status: str, elapsed: float) -> None:
        limit = self._unknown_limit(tracker)
        if tracker.first(status):
            log.warning(
                "generation %s: status %r is not one the spec or the live API's clients list; "
                "waiting for it at most %.0f s after creation",
                tracker.generation_id,
                status,
                limit,
            )
        if elapsed > limit:
            raise GenerationTimeoutError(
                tracker.generation_id,
                status,
                self._clock() - tracker.started,
                f"status {status!r}, which the API's spec does not list, lasted past the "
                f"job's expected window ({limit:.0f} s after creation), so it may never end",
            )

    def _clamped(self, tracker: Tracker, header: str | None, elapsed: float) -> float | None:
        """A server's Retry-After, but never sleeping past the job's expected window (once
        inside it, the page's interval) nor the deadline: a hint in another unit (3000 ms
        read as seconds) would otherwise sleep a 3-s job to the deadline. Logged once."""
        hint = parse_retry_after(header)
        end = tracker.window[1]
        limit = min(max(end - elapsed, PAGE_INTERVAL), tracker.deadline - self._clock())
        if hint is None or hint <= limit:
            return hint
        if tracker.first("retry-after"):
            log.warning(
                "generation %s: Retry-After %r would sleep %.0f s, past the job's expected "
                "window (%.0f s after creation) or the deadline; sleeping %.0f s instead",
                tracker.generation_id,
                header,
                hint,
                end,
                limit,
            )
        return max(limit, 0.0)

    # reconciliation (reconcile.py) ---------------------------------------------------------
    def _unknown_creates(self, intents: Collection[str] | None) -> list[Job]:
        """Creates of unknown outcome without a generation id, for this base URL."""
        if self.journal is None:
            return []
        return [
            job
            for job in self.journal.jobs(unfinished_only=True)
            if job.status == UNKNOWN
            and not job.generation_known
            and job.base_url == self.base_url
            and (intents is None or job.id in intents)
        ]

    def _client_request_id(self, job: Job) -> str:
        return job.client_request_id or ""

    def _unlookable(self, job: Job) -> ReconcileResult | None:
        """A create journaled without the id it was sent with (by a version before tracing)
        cannot be found in the log, and its absence there proves nothing."""
        if job.client_request_id:
            return None
        detail = "sent without X-Client-Request-Id (by an older version): cannot be looked up"
        return ReconcileResult(job.id, "unknown", detail=detail)

    def _log_queries(self, job: Job) -> list[dict[str, Any]]:
        model = job.params.get("model")
        return queries(job.created_at, model if isinstance(model, str) else None)

    def _logs_request(self, params: dict[str, Any], offset: int) -> dict[str, Any]:
        return logs_request({**params, "offset": offset}, self.base_url, self._api_key)

    def _ours(self, job: Job, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        wanted = self._client_request_id(job)
        return [row for row in rows if wanted and row.get("client_request_id") == wanted]

    def _conclude(self, job: Job, found: Found | None, settle: float) -> ReconcileResult:
        """Journal what the usage log said about one create of unknown outcome."""
        assert self.journal is not None
        now = self._clock()
        if found is not None:
            status = "submitted" if found.succeeded else "failed"
            self.journal.created(
                job.id, found.inference_id, status, inference_id=found.inference_id,
                credits_used=found.credits, usd_spent=found.usd,
            )  # fmt: skip
            detail = "in the API's usage log" + ("" if found.succeeded else " as failed (free)")
            log.info("create %s found: generation %s", job.id, found.inference_id)
            return ReconcileResult(job.id, "found", found.inference_id, detail)
        if not settled(job.created_at, now, settle):
            detail = (
                f"not in the API's usage log yet; concluded after {iso(job.created_at + settle)}"
            )
            return ReconcileResult(job.id, "unknown", detail=detail)
        reason = f"not in the API's usage log at {iso(now)}: it never arrived"
        self.journal.mark_not_received(job.id, reason)
        return ReconcileResult(job.id, "not received", detail=reason)

    def _unreadable(self, job: Job, exc: VeoError) -> ReconcileResult:
        detail = f"the API's usage log could not be read ({exc}); it stays unknown"
        log.warning("create %s: %s", job.id, detail)
        return ReconcileResult(job.id, "unknown", detail=detail)

    def unfinished(self) -> list[Job]:
        """Jobs in the journal for this base URL that are neither saved nor failed."""
        if self.journal is None:
            return []
        return [job for job in self.journal.unfinished() if job.base_url == self.base_url]

    def output_path(self, generation_id: str, path: Path | str | None = None) -> Path:
        """Where a download goes: `path`, else where the journal says, else `<uuid>.mp4` here."""
        if path is not None:
            return Path(path).absolute()
        job = self.journal.get(generation_id) if self.journal else None
        if job and job.output_path:
            return Path(job.output_path)
        return Path.cwd() / (generation_id.split(":", maxsplit=1)[0] + ".mp4")
