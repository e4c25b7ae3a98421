"""Configuration and every decision the sync and async clients share. The two clients hold
only their I/O loops; what to send, when to retry, how long to sleep, what to record and what
to raise are all decided here, once."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
from aimlapi_veo_api.models import CreateGenerationRequest

from aimlapi_veo.errors import (
    DownloadError,
    GenerationError,
    GenerationFailedError,
    GenerationTimeoutError,
    InvalidInputError,
    MalformedResponseError,
    MissingAPIKeyError,
)
from aimlapi_veo.generation import DEFAULT_DURATION, Generation
from aimlapi_veo.hooks import ProgressCallback, UpdateCallback, WaitUpdate
from aimlapi_veo.journal import Job, Journal
from aimlapi_veo.polling import PollPolicy, PollSchedule, expected_window
from aimlapi_veo.retry import RetryPolicy, parse_retry_after, should_retry
from aimlapi_veo.wire import (
    NOT_SENDABLE,
    build_request,
    create_request,
    fetch_request,
    parse_generation,
    raw_id,
    status_error,
    transport_error,
)

DEFAULT_BASE_URL = "https://api.aimlapi.com"
log = logging.getLogger("aimlapi_veo")
__all__ = [
    "AsyncSleep",
    "Core",
    "JournalArg",
    "ProgressCallback",
    "Sleep",
    "Tracker",
    "UpdateCallback",
]
Sleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]
JournalArg = Journal | Path | str | Literal[False] | None


def open_journal(journal: JournalArg, clock: Callable[[], float]) -> Journal | None:
    if journal is False:
        return None
    return journal if isinstance(journal, Journal) else Journal(journal, clock)


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
        key = api_key or os.environ.get("AIMLAPI_API_KEY")
        if not key:
            raise MissingAPIKeyError
        self._api_key = key
        self.base_url = (base_url or os.environ.get("AIMLAPI_BASE_URL") or DEFAULT_BASE_URL).rstrip(
            "/"
        )
        self.retry = retry or RetryPolicy()
        self.poll = poll or PollPolicy()
        self._sleep, self._clock = sleep, clock
        self.journal = open_journal(journal, self._clock)
        self._poll_hints: dict[str, float] = {}  # create answers' Retry-After, for the first wait
        # (created at, video seconds) of jobs created here, for when no journal knows them
        self._created: dict[str, tuple[float, int]] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='***', journal={self.journal!r})"

    # requests -------------------------------------------------------------------------------
    def _create_request(self, **arguments: Any) -> tuple[CreateGenerationRequest, dict[str, Any]]:
        body = build_request(**arguments)
        return body, create_request(body, self.base_url, self._api_key)

    def _fetch_request(self, generation_id: str) -> dict[str, Any]:
        return fetch_request(generation_id, self.base_url, self._api_key)

    def _retry_delay(
        self, attempt: int, outcome: httpx.Response | Exception, *, create: bool
    ) -> float | None:
        """Seconds to wait before trying again, or None to stop and raise."""
        if (
            attempt >= self.retry.max_attempts
            or isinstance(outcome, NOT_SENDABLE)
            or not should_retry(outcome, create=create)
        ):
            return None
        hint = (
            parse_retry_after(outcome.headers.get("retry-after"))
            if isinstance(outcome, httpx.Response)
            else None
        )
        delay = self.retry.delay(attempt, hint)
        what = (
            f"HTTP {outcome.status_code}"
            if isinstance(outcome, httpx.Response)
            else type(outcome).__name__
        )
        log.warning(
            "%s; retrying in %.1f s (attempt %d of %d)",
            what,
            delay,
            attempt + 1,
            self.retry.max_attempts,
        )
        return delay

    def _failure(self, outcome: httpx.Response | Exception, *, create: bool) -> Exception:
        if isinstance(outcome, httpx.Response):
            return status_error(outcome, self._api_key)
        return transport_error(outcome, create=create)

    # answers --------------------------------------------------------------------------------
    def _accept_created(
        self, response: httpx.Response, body: CreateGenerationRequest, label: str | None
    ) -> Generation:
        """Journal the id first, then parse: a paid generation is never lost to a bad answer."""
        generation_id = raw_id(response)
        if generation_id is None:
            raise MalformedResponseError(
                f"the create answer (HTTP {response.status_code}) carries no id: a generation may have "
                "been created and charged; check your AIML API dashboard before retrying"
            )
        self._created[generation_id] = (
            self._clock(),
            int(body.to_dict().get("duration", DEFAULT_DURATION)),
        )
        if self.journal is not None:
            self.journal.record_created(
                generation_id, self.base_url, body.to_dict(), "submitted", label
            )
        try:
            generation = parse_generation(response, create=True, api_key=self._api_key)
        except MalformedResponseError as exc:
            # The job exists and is paid for: say so, with the id, rather than only "bad answer".
            raise MalformedResponseError(
                f"generation {generation_id} was created (and journaled), but {exc}; follow it "
                f"with wait({generation_id!r}) or `veo wait {generation_id}`"
            ) from exc
        self._record(generation)
        hint = parse_retry_after(response.headers.get("retry-after"))
        if hint is not None:
            self._poll_hints[generation.id] = hint
        log.info("created generation %s (%s)", generation.id, generation.status.value)
        return generation

    def _accept_fetched(self, response: httpx.Response) -> Generation:
        generation = parse_generation(response, create=False, api_key=self._api_key)
        self._record(generation)
        return generation

    def _record(self, generation: Generation) -> None:
        if self.journal is not None:
            error = (
                ": ".join(p for p in (generation.error_name, generation.error_message) if p) or None
            )
            self.journal.record_status(
                generation.id, generation.status.value, generation.video_url, error
            )

    # waiting --------------------------------------------------------------------------------
    def expected_window(self, generation_id: str) -> tuple[float, float]:
        """When the job should complete, in seconds after its creation: the server's own hint
        when the create answer gave one, else what the journal learned, else the documented
        40-50 s per 5 s of video."""
        hint = self._poll_hints.get(generation_id)
        if hint is not None:
            return hint, hint
        job = self.journal.get(generation_id) if self.journal else None
        seconds = (
            job.video_seconds
            if job
            else self._created.get(generation_id, (0.0, DEFAULT_DURATION))[1]
        )
        journal = self.journal
        history = journal.completion_times(self.base_url, seconds) if journal and job else []
        return expected_window(seconds, history)

    def _tracker(
        self, generation_id: str, timeout: float | None, on_update: UpdateCallback | None
    ) -> Tracker:
        now = self._clock()
        job = self.journal.get(generation_id) if self.journal else None
        schedule = PollSchedule(self.expected_window(generation_id), self.poll)
        deadline = now + (self.poll.timeout if timeout is None else timeout)
        known = self._created.get(generation_id)
        created_at = job.created_at if job else known[0] if known else None
        tracker = Tracker(generation_id, now, created_at, deadline, schedule, on_update)
        self._notify(tracker, job.status if job else None, None)
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
                window=tracker.schedule.window,
                elapsed=max(now - created, 0.0),
                waited=now - tracker.started,
            )
        )

    def _first_delay(self, tracker: Tracker) -> float:
        """Before the first fetch: nothing to wait for unless the creation time is known (or the
        server hinted) and the expected window has not opened yet."""
        hint = self._poll_hints.pop(tracker.generation_id, None)
        elapsed = tracker.started - (
            tracker.started if tracker.created_at is None else tracker.created_at
        )
        if hint is None and (tracker.created_at is None or elapsed >= tracker.schedule.window[0]):
            return 0.0
        return min(tracker.schedule.next_delay(elapsed, hint), tracker.deadline - tracker.started)

    def _observe(
        self, tracker: Tracker, generation: Generation, response: httpx.Response
    ) -> float | None:
        """After one fetch: None when done (raises if failed), else seconds until the next."""
        status = generation.status.value
        if status != tracker.last_status:
            tracker.last_status = status
            if not generation.status.is_known and status not in tracker.warned:
                tracker.warned.add(status)
                log.info("status %r is not in the spec; treating it as in progress", status)
            self._notify(tracker, status, generation)
        if generation.failed:
            raise GenerationFailedError(
                generation.id, status, generation.error_name, generation.error_message
            )
        if generation.succeeded:
            return None
        now = self._clock()
        remaining = tracker.deadline - now
        if remaining <= 0:
            raise GenerationTimeoutError(generation.id, status, now - tracker.started)
        hint = parse_retry_after(response.headers.get("retry-after"))
        created = tracker.started if tracker.created_at is None else tracker.created_at
        return min(tracker.schedule.next_delay(now - created, hint), remaining)

    def _video_url(self, generation: Generation, path: Path) -> str:
        """The video to save, or the error that says why there is none."""
        status = generation.status.value
        if generation.failed:
            raise GenerationFailedError(
                generation.id, status, generation.error_name, generation.error_message
            )
        if not generation.succeeded:
            raise GenerationError(
                generation.id,
                f"generation {generation.id} is still {status}, so there is nothing to download "
                f"yet: wait({generation.id!r}) or `veo wait {generation.id}` saves it when done",
            )
        if not generation.video_url:
            raise DownloadError(generation.id, path, "the completed answer carries no video URL")
        return generation.video_url

    def unfinished(self) -> list[Job]:
        """Jobs in the journal for this base URL that are neither saved nor failed."""
        if self.journal is None:
            return []
        return [job for job in self.journal.unfinished() if job.base_url == self.base_url]

    def _output_target(
        self, generation_id: str | None, path: Path | str | None, *, overwrite: bool
    ) -> Path:
        """Where the video goes, checked before any request: an existing file is replaced
        only when the caller said so. (`generation_id` may be None only when `path` is given.)"""
        target = self.output_path(generation_id or "", path)
        if target.exists() and not overwrite:
            raise InvalidInputError(
                f"{target} already exists: pass overwrite=True (--overwrite) to replace it, "
                "or choose another output path"
            )
        return target

    def output_path(self, generation_id: str, path: Path | str | None = None) -> Path:
        """Where a download goes: `path`, else where the journal says, else `<uuid>.mp4` here."""
        if path is not None:
            return Path(path).absolute()
        job = self.journal.get(generation_id) if self.journal else None
        if job and job.output_path:
            return Path(job.output_path)
        return Path.cwd() / (generation_id.split(":", maxsplit=1)[0] + ".mp4")
