"""Batches: one generation per row of a JSONL or CSV file, run concurrently and resumably.

Every row gets a stable key from its content: the request it makes (the image's bytes or its
URL, the prompt, the parameters, the model) and its `output` name, never where the batch file
or the output folder lies: a second copy of the folder, or another output folder, finds the
same jobs instead of buying every video again. That key is the journal label of the row's
generation (rows journaled under the keys of earlier versions are found too). A row is worked
on only under the journal's lease `row:<key>`, taken BEFORE its create; the create is sent only
while that lease is still ours (its token checked in the transaction that writes the intent),
so any number of processes running the same file on one journal create each row once. Under
the lease a row looks its key up: a row whose video is saved is skipped, a row with a
generation in the journal is waited for and downloaded, a create still in flight in a live
worker is left to it ("held"), a create whose outcome is unknown (a crash or an error
mid-create: it may be paid for) is reported "unknown" and not created again unless
`retry_unknown`, and only a row with nothing (or a create the API never received) is created.
Every row is checked (columns, types, images, an output inside the output folder) before the
first request, so a typo in row 90 costs nothing. Journal calls run in worker threads: the
event loop never waits on a database lock.

    rows = read_rows("jobs.csv", output_dir="videos")
    async with AsyncVeoClient() as client:
        results = await BatchRunner(client, concurrency=4).run(rows)

Columns (CSV header or JSON keys): prompt (required), model (default Veo2 image-to-video, whose
image is then required), output (a file name inside the output folder; default: made from the
prompt and the row's content), image, tail_image (or last_image), video, duration,
aspect_ratio, resolution, seed, negative_prompt, generate_audio, auto_fix, provider,
person_generation: each checked against the row's model. Relative image and video paths are
read from the batch file's folder.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from aimlapi_veo.async_client import AsyncVeoClient
from aimlapi_veo.errors import (
    CreateOutcomeUnknownError,
    GenerationFailedError,
    GenerationTimeoutError,
    InvalidInputError,
    LeaseLostError,
    VeoError,
)
from aimlapi_veo.generation import DEFAULT_DURATION, FAILED
from aimlapi_veo.hooks import WaitUpdate
from aimlapi_veo.journal import Job, JournalStore
from aimlapi_veo.journal.base import NOT_RECEIVED, UNKNOWN, Lease, describe_params
from aimlapi_veo.models import LEGACY_MODEL, request
from aimlapi_veo.wire import build_request

COLUMNS = (
    "image",
    "prompt",
    "output",
    "duration",
    "aspect_ratio",
    "seed",
    "negative_prompt",
    "tail_image",
    "model",
    "last_image",
    "video",
    "resolution",
    "generate_audio",
    "auto_fix",
    "provider",
    "person_generation",
)
BOOLEANS = {"true": True, "false": False}
# "held": another live worker is on the row (its create in flight); not saved yet.
Outcome = Literal[
    "saved", "skipped", "held", "failed", "timed out", "unknown", "over budget", "error"
]
EventCallback = Callable[["BatchRow", str], None]


class BudgetExceededError(VeoError):
    """A row was not created: the batch's journaled spend plus its estimate would pass
    --max-usd. Nothing was sent for it."""


# What an error means for its row, first match wins ("held": another worker took the row over
# and finishes it).
OUTCOMES: tuple[tuple[type[Exception], Outcome], ...] = (
    (LeaseLostError, "held"),
    (GenerationFailedError, "failed"),
    (GenerationTimeoutError, "timed out"),
    (CreateOutcomeUnknownError, "unknown"),
    (BudgetExceededError, "over budget"),
    (Exception, "error"),
)


@dataclass(frozen=True)
class BatchRow:
    number: int  # 1-based position among the file's rows
    image: str
    prompt: str
    output: Path  # absolute
    options: Mapping[str, Any] = field(default_factory=dict)
    key: str = ""  # "batch:<16 hex>": the journal label of this row's generation
    # The keys earlier versions gave the row (schema 2: the image's path; 0.1: the output
    # folder too): jobs journaled under them are found, so upgrading never buys a row again.
    legacy_keys: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.legacy_keys)

    def body(self) -> dict[str, Any]:
        """The row as a request for its model (Veo2 image-to-video when it names none)."""
        return row_request(self.image, self.prompt, self.options)


def row_request(image: str, prompt: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """A row's columns as a request for its model (aimlapi_veo.models.request's words)."""
    rest = dict(options)
    last = rest.pop("tail_image", None), rest.pop("last_image", None)
    model = str(rest.pop("model", LEGACY_MODEL))
    video = rest.pop("video", None)
    return request(
        model, prompt, image=image or None, last_image=last[0] or last[1], video=video, **rest
    )


@dataclass(frozen=True)
class RowResult:
    row: BatchRow
    outcome: Outcome
    generation_id: str | None = None
    path: Path | None = None
    error: Exception | None = None
    detail: str = ""


def read_rows(path: Path | str, output_dir: Path | str) -> list[BatchRow]:
    """Every row of a .jsonl or .csv file, checked; InvalidInputError names the bad row."""
    source, folder = Path(path), Path(output_dir).absolute()
    rows = [_row(n, record, source.absolute().parent, folder) for n, record in _records(source)]
    seen: dict[Path, int] = {}
    for row in rows:
        if row.output in seen:
            raise InvalidInputError(
                f"rows {seen[row.output]} and {row.number} would both write {row.output}: "
                "give one of them another output (or a seed, if they are identical)"
            )
        seen[row.output] = row.number
    return rows


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise InvalidInputError(f"batch file {path} does not exist")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return list(enumerate(csv.DictReader(text.splitlines()), start=1))
    if path.suffix.lower() not in (".jsonl", ".ndjson"):
        raise InvalidInputError(f"{path}: give a .jsonl or .csv file")
    records: list[tuple[int, dict[str, Any]]] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{path}:{line_number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InvalidInputError(f"{path}:{line_number}: expected a JSON object")
        records.append((len(records) + 1, record))
    return records


def _row(number: int, record: Mapping[Any, Any], base: Path, folder: Path) -> BatchRow:
    unknown = sorted(str(name) for name in record if name not in COLUMNS)
    if unknown:
        raise InvalidInputError(f"row {number}: unknown column(s) {unknown}; known: {COLUMNS}")
    values = {name: _clean(number, name, record.get(name)) for name in COLUMNS}
    for name in ("prompt",) if values["model"] else ("image", "prompt"):
        if values[name] is None:
            raise InvalidInputError(f"row {number}: {name} is required")
    for name in ("image", "tail_image", "last_image", "video"):
        values[name] = _locate(values[name], base)
    content = {name: value for name, value in values.items() if value is not None}
    output_name = content.pop("output", None)
    options = {k: v for k, v in content.items() if k not in ("image", "prompt")}
    try:
        body = build_request(row_request(content.get("image", ""), content["prompt"], options))
    except InvalidInputError as exc:
        raise InvalidInputError(f"row {number}: {exc}") from exc
    digest = _sha(json.dumps(describe_params(body), sort_keys=True))
    name = output_name or f"{_slug(values['prompt'])}-{digest[:10]}.mp4"
    output = _inside(folder, name, number)
    key = _sha(f"{digest}\n{output_name or ''}")[:16]
    by_path = _sha(json.dumps(content, sort_keys=True))  # schema 2's: the image by its path
    old_name = output_name or f"{_slug(values['prompt'])}-{by_path[:10]}.mp4"
    legacy = (f"{by_path}\n{output_name or ''}", f"{by_path}\n{folder / old_name}")
    return BatchRow(
        number, content.get("image", ""), content["prompt"], output, options, f"batch:{key}",
        tuple(f"batch:{_sha(text)[:16]}" for text in legacy),
    )  # fmt: skip


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _inside(folder: Path, name: str, number: int) -> Path:
    """The row's output file, which must stay inside the output folder."""
    path = (folder / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(folder.resolve()) or path == folder:
        raise InvalidInputError(
            f"row {number}: output {name!r} must be a file name inside the output folder {folder}"
        )
    return folder / Path(name)


def _clean(number: int, name: str, value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip() or None
    if isinstance(value, str) and name in ("generate_audio", "auto_fix"):
        return BOOLEANS.get(value.lower(), value)  # CSV says "true"; the model's schema checks
    if value is None or name not in ("duration", "seed"):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    raise InvalidInputError(f"row {number}: {name} must be a whole number, not {value!r}")


def _locate(value: str | None, base: Path) -> str | None:
    """An image path relative to the batch file, made absolute; URLs stay as they are."""
    if value is None or "://" in value or urlparse(value).scheme.lower() == "data":
        return value  # a URL of any scheme: to_image_url says which ones it takes
    return str((base / value).absolute())


def _slug(prompt: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", prompt.lower()).strip("-")[:40] or "video"


class BatchRunner:
    """Runs rows with at most `concurrency` at once; `on_event(row, message)` narrates."""

    def __init__(
        self,
        client: AsyncVeoClient,
        *,
        concurrency: int = 4,
        timeout: float | None = None,
        retry_failed: bool = False,
        retry_unknown: bool = False,
        settle: float | None = None,
        max_usd: float | None = None,
        on_event: EventCallback | None = None,
    ) -> None:
        if client.journal is None:
            raise InvalidInputError("a batch needs a journal: it is what makes it resumable")
        if concurrency < 1:
            raise InvalidInputError(f"concurrency must be at least 1, not {concurrency}")
        self.client, self.journal = client, client.journal
        self.concurrency, self.timeout, self.retry_failed = concurrency, timeout, retry_failed
        self.retry_unknown, self.settle = retry_unknown, settle
        self.budget = None if max_usd is None else Budget(max_usd)
        self._on_event = on_event
        self._ids: dict[str, str] = {}

    async def run(self, rows: Sequence[BatchRow]) -> list[RowResult]:
        """One result per row, in the rows' order; one row's error never stops the others.
        The journal must take writes before any row starts (JournalError otherwise)."""
        await asyncio.to_thread(self.prepare, rows)
        slots = asyncio.Semaphore(self.concurrency)
        return list(await asyncio.gather(*(self._guarded(row, slots) for row in rows)))

    def prepare(self, rows: Sequence[BatchRow]) -> None:
        """Before any row: the journal takes writes, the output folders exist, the budget knows
        the rows (a thread may call this: it waits on the journal)."""
        self.journal.check_writable()
        if self.budget is not None:
            self.budget.keys = frozenset(key for row in rows for key in row.keys if key)
        for folder in {row.output.parent for row in rows}:
            folder.mkdir(parents=True, exist_ok=True)

    async def run_row(self, row: BatchRow) -> RowResult:
        """One row, now (a fleet's worker calls this for each row it claimed)."""
        return await self._guarded(row, asyncio.Semaphore(1))

    def narrate(self, row: BatchRow, message: str) -> None:
        """Tell `on_event` about a row (what the CLI prints)."""
        if self._on_event is not None:
            self._on_event(row, message)

    async def _guarded(self, row: BatchRow, slots: asyncio.Semaphore) -> RowResult:
        async with slots, self.client.lease(f"row:{row.key}") as held:
            if held is None:
                holder = await asyncio.to_thread(self.client.holder, f"row:{row.key}")
                detail = (
                    f"claimed by another process ({holder})"
                    if holder
                    else "claimed by another process"
                )
                self.narrate(row, f"held: {detail}")
                return RowResult(row, "held", detail=detail)
            try:
                return await self._run(row, held)
            except (VeoError, OSError) as exc:
                outcome = next(name for kind, name in OUTCOMES if isinstance(exc, kind))
                known = getattr(exc, "generation_id", None) or self._ids.get(row.key)
                return self._failed(row, outcome, known, exc)

    def _failed(
        self, row: BatchRow, outcome: Outcome, generation_id: str | None, exc: Exception
    ) -> RowResult:
        self.narrate(row, f"{outcome}: {exc}")
        return RowResult(row, outcome, generation_id, error=exc, detail=str(exc))

    async def _run(self, row: BatchRow, held: Lease) -> RowResult:
        job = await self._reconciled(row, await self._job(row))
        finished = self._finished(row, job)
        if finished is not None:
            return finished
        if job is None or job.status in FAILED or not job.generation_known:
            if job is None and row.output.exists():
                self.narrate(row, f"skipped: {row.output} exists (and no job in the journal)")
                return RowResult(row, "skipped", path=row.output)
            generation_id = await self._create_or_find(row, held)
        else:
            generation_id = job.id
            self.narrate(row, f"resuming {generation_id} ({job.status})")
        self._ids[row.key] = generation_id
        await asyncio.to_thread(self.journal.set_output, generation_id, row.output, held)
        done = await self.client.wait(
            generation_id, timeout=self.timeout, on_update=lambda g: self._status(row, g)
        )
        path = await self.client.download(done, row.output, overwrite=True)
        self.narrate(row, f"saved {path}")
        return RowResult(row, "saved", generation_id, path)

    async def _job(self, row: BatchRow) -> Job | None:
        return await asyncio.to_thread(_known_job, self.journal, row.keys, self.client.base_url)

    async def _reconciled(self, row: BatchRow, job: Job | None) -> Job | None:
        """Before a row is called unknown, the API's usage log is asked what became of its
        create (found: its job; never arrived: created again; else still unknown)."""
        if job is None or job.status != UNKNOWN or job.generation_known:
            return job
        for result in await self.client.reconcile(settle=self.settle, intents=[job.id]):
            self.narrate(row, f"reconciled {job.id}: {result.outcome}: {result.detail}")
        return await self._job(row)

    async def _create_or_find(self, row: BatchRow, held: Lease) -> str:
        """Create the row; if the answer is lost, look for the create in the usage log at once
        (the API may list it already) rather than leave the row unknown until the next run."""
        try:
            return await self._create(row, held)
        except CreateOutcomeUnknownError:
            job = await self._reconciled(row, await self._job(row))
            if job is None or not job.generation_known:
                raise
            return job.id

    def _finished(self, row: BatchRow, job: Job | None) -> RowResult | None:
        """The result of a row with nothing left to do (or nothing this worker may do), or None."""
        if job is None or job.status == NOT_RECEIVED:
            return None
        if job.downloaded_at is not None and job.output_path and Path(job.output_path).exists():
            self.narrate(row, f"skipped: {job.id} already saved to {job.output_path}")
            return RowResult(row, "skipped", job.id, Path(job.output_path))
        if job.status in FAILED and not self.retry_failed:
            error = GenerationFailedError(job.id, job.status, None, job.error)
            self.narrate(row, f"failed earlier: {error}; --retry-failed submits it again")
            return RowResult(row, "failed", job.id, error=error, detail=str(error))
        if job.held:  # a live worker's create, maybe waiting out a 429: never sent twice
            detail = f"its create is in flight in another worker ({job.claimed_by}); not sent again"
            self.narrate(row, f"held: {detail}")
            return RowResult(row, "held", None, detail=detail)
        if not job.generation_known and not self.retry_unknown:
            detail = (
                f"an earlier create of this row ({job.status}, {job.error or 'no answer'}) may "
                "have been charged, and the API's usage log has not settled it: run again later "
                "(or `veo reconcile`); --retry-unknown creates it again without looking"
            )
            self.narrate(row, f"unknown: {detail}")
            return RowResult(row, "unknown", None, detail=detail)
        return None

    async def _create(self, row: BatchRow, held: Lease) -> str:
        if self.budget is None:
            return await self._create_now(row, held)
        async with self.budget.lock:  # one create at a time: each sees the last one's price
            over = await asyncio.to_thread(
                self.budget.refusal, self.journal, row, self.client.base_url
            )
            if over is not None:
                raise BudgetExceededError(over)
            return await self._create_now(row, held)

    async def _create_now(self, row: BatchRow, held: Lease) -> str:
        created = await self.client.create(row.body(), label=row.key, lease=held)
        self.narrate(row, f"created {created.id}")
        return created.id

    def _status(self, row: BatchRow, update: WaitUpdate) -> None:
        if update.generation is not None:  # a status the API reported, not the wait's start
            self.narrate(row, f"{update.generation_id}: {update.status}")


class Budget:
    """`max_usd` for a batch: the USD the API reported for its rows' jobs (read from the
    journal, so a fleet's workers see each other's), plus an estimate of the next row (the
    highest price per second of video the journal holds for this API, times the row's
    duration), must stay within it. A worker creates one row at a time while a budget is set,
    so each estimate knows the last answer's price; until any price is known it is 0."""

    def __init__(self, max_usd: float) -> None:
        if not max_usd >= 0:
            raise InvalidInputError(f"max_usd must be a number >= 0, not {max_usd!r}")
        self.max_usd, self.keys = max_usd, frozenset[str]()
        self.lock = asyncio.Lock()

    def refusal(self, journal: JournalStore, row: BatchRow, base_url: str) -> str | None:
        """Why the row must not be created, or None."""
        spent, per_second = 0.0, 0.0
        for job in journal.jobs():
            if job.base_url == base_url and job.usd_spent is not None:
                per_second = max(per_second, job.usd_spent / max(job.video_seconds, 1))
                spent += job.usd_spent if job.label in self.keys else 0.0
        estimate = per_second * int(row.options.get("duration", DEFAULT_DURATION))
        if spent + estimate <= self.max_usd:
            return None
        return (
            f"not created: {spent:.4f} USD spent on this batch + {estimate:.4f} USD "
            f"estimated for this row would pass --max-usd {self.max_usd:g}"
        )


def row_states(journal: JournalStore, rows: Sequence[BatchRow], base_url: str) -> list[str]:
    """Where each row stands in the journal, found by its content, read as a rerun would read it
    (sends nothing): open (no create yet), working, saved, failed or unknown (its create's
    outcome)."""
    return [_state(_known_job(journal, row.keys, base_url)) for row in rows]


def _state(job: Job | None) -> str:
    if job is None or job.status == NOT_RECEIVED:  # nothing was created for it
        return "open"
    if job.downloaded_at is not None:
        return "saved"
    if job.status in FAILED:
        return "failed"
    if job.generation_known or job.held:  # followed, or its create is in a live worker's hands
        return "working"
    return "unknown"


def _known_job(journal: JournalStore, keys: Sequence[str], base_url: str) -> Job | None:
    """The row's latest generation against this API, preferring a known one that has not
    failed, then a create in flight or of unknown outcome, then a failed one (or one the API
    never received)."""
    labelled = [
        job for key in dict.fromkeys(k for k in keys if k) for job in journal.jobs(label=key)
    ]
    jobs = sorted(
        (job for job in labelled if job.base_url == base_url), key=lambda job: job.created_at
    )
    alive = [job for job in jobs if job.status not in FAILED | {NOT_RECEIVED}]
    candidates = [job for job in alive if job.generation_known] or alive or jobs
    return candidates[-1] if candidates else None
