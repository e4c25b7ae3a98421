"""A fleet: the same batch file run by any number of workers, on any number of machines, that
share one journal (PostgreSQL; SQLite for the processes of one machine). Each worker is a
`FleetRunner` around the ordinary `BatchRunner`, which does a row's work; the fleet adds only
who works on which row:

- the file's rows are enqueued in the journal once (keyed by content: every machine running the
  same file, from any folder, finds the same queue, whatever its --output-dir);
- a worker claims open rows (PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED`) under the lease
  `row:<key>`, as many as it has free slots, and its client renews the leases while it works;
  every write made for the row (its create's intent, its file, its outcome) names the lease's
  token, so a worker paused past its lease finds the row taken over and stops;
- a worker that dies loses its leases (at once for a dead process on the same host, after the
  lease's life from another one) and a live worker claims the row, then continues it from the
  step the journal shows: a created job is waited for and downloaded, never created again; a
  create still in flight in a live worker is left to it; a create whose outcome is unknown is
  looked up in the API's usage log (found: finished; never arrived: created again; else
  reported "unknown", created again only with `retry_unknown`);
- each finished row records its outcome, the worker and where its file landed (`host:path`).
- if the journal fails, no new row is started; the rows under way finish (a create already
  sent keeps its id: in the journal, or in the fallback file when the journal cannot take it).

    async with AsyncVeoClient(journal="postgresql://...") as client:
        results = await FleetRunner(BatchRunner(client, concurrency=4)).run(rows)

A worker returns when no row of the batch is open but those live workers hold: the rows it did
not finish itself are reported with the outcome their worker reached (saved: "skipped").
`fleet_status()` is what `veo batch --status` shows.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from aimlapi_veo.batch import BatchRow, BatchRunner, Outcome, RowResult
from aimlapi_veo.errors import JournalError, LeaseLostError
from aimlapi_veo.journal import JournalStore
from aimlapi_veo.journal.queue import QueuedRow, RowState, landed, row_lease

log = logging.getLogger("aimlapi_veo")
#: Rows whose outcome a new run takes up again: they may still finish without paying twice
#: (an unknown row is reconciled first, and created again only once the API's log proves
#: its create never arrived).
RESUMABLE = frozenset({"error", "timed out", "unknown", "over budget"})
IDLE_POLL = 1.0  # seconds between looks at the queue while other workers hold its open rows


def batch_id(rows: Sequence[BatchRow]) -> str:
    """The queue's name: the same for the same rows, wherever the file is run."""
    keys = "\n".join(sorted(row.key for row in rows))
    return "file:" + hashlib.sha256(keys.encode()).hexdigest()[:16]


@dataclass
class FleetRunner:
    """One worker of a fleet; `runner` does each row's work (and holds the settings)."""

    runner: BatchRunner
    idle_poll: float = IDLE_POLL
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    # Rows another live worker holds (its create in flight): left to it until the next idle look.
    passed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.store: JournalStore = self.runner.journal
        self.client = self.runner.client

    def _reopen(self) -> frozenset[str]:
        extra = {"failed"} if self.runner.retry_failed else set()
        return RESUMABLE | extra

    async def run(self, rows: Sequence[BatchRow]) -> list[RowResult]:
        """Work on the batch's open rows until none is open; one result per row of `rows`."""
        await asyncio.to_thread(self.runner.prepare, rows)
        batch, by_key = batch_id(rows), {row.key: row for row in rows}
        queued = [QueuedRow(row.key, row.number, str(row.output)) for row in rows]
        gone = await asyncio.to_thread(self._gone, batch)
        await asyncio.to_thread(self.store.enqueue, batch, queued, self._reopen(), gone)
        results: dict[str, RowResult] = {}
        running: dict[asyncio.Task[RowResult], str] = {}
        broken: JournalError | None = None
        try:
            while True:
                try:
                    if broken is None:
                        for key in await self._claim(batch, len(running)):
                            running[asyncio.create_task(self._work(batch, by_key[key]))] = key
                    if not running and (broken is not None or not await self._open(batch)):
                        break
                except JournalError as exc:  # stop starting rows; let those under way finish
                    log.error("the journal failed: no new row is started (%s)", exc)  # noqa: TRY400
                    broken = exc
                    continue
                if not running:
                    await self.sleep(self.idle_poll)  # others hold the open rows; they may die
                    self.passed.clear()  # so look again at those left to others
                    continue
                done, _ = await asyncio.wait(
                    running, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    key = running.pop(task)
                    result = _result(by_key[key], task)
                    if result.outcome != "held":  # else its worker's outcome is reported
                        results[key] = result
        finally:
            for task in running:  # only when interrupted: the normal way out drains them
                task.cancel()
        return await self._report(batch, rows, results, broken)

    def _gone(self, batch: str) -> list[str]:
        """Rows saved on this machine whose file is no longer there: open again (the job is
        downloaded again, never created again), so that the exit code tells the truth."""
        here = landed("")
        saved = [state for state in self.store.batch_rows(batch) if state.outcome == "saved"]
        paths = {state.key: state.path or "" for state in saved}
        return [
            key
            for key, path in paths.items()
            if path.startswith(here) and not Path(path.removeprefix(here)).exists()
        ]

    async def _claim(self, batch: str, busy: int) -> list[str]:
        free = self.runner.concurrency - busy
        if free <= 0:
            return []
        leases = await asyncio.to_thread(
            self.store.claim_rows, batch, self.client.owner, free, skip=frozenset(self.passed)
        )
        return [lease.key.removeprefix("row:") for lease in leases]

    async def _open(self, batch: str) -> bool:
        """Any row not settled yet (this worker waits for those other workers hold)."""
        states = await asyncio.to_thread(self.store.batch_rows, batch)
        return any(state.outcome is None for state in states)

    async def _work(self, batch: str, row: BatchRow) -> RowResult:
        """One claimed row, under its lease (held across the row's work and its outcome)."""
        async with self.client.lease(row_lease(row.key)) as held:
            result = await self.runner.run_row(row)
            if result.outcome == "held" or held is None:
                self.passed.add(row.key)  # its create is in another live worker's hands
                return result
            # "skipped" with a file: saved before (by a worker killed before it said so).
            saved = result.outcome in ("saved", "skipped") and result.path is not None
            outcome = "saved" if saved else result.outcome
            path = landed(str(result.path)) if saved else None
            try:
                await asyncio.to_thread(
                    self.store.finish_row, batch, row.key, self.client.owner, outcome,
                    path=path, fence=held,
                )  # fmt: skip
            except LeaseLostError:
                self.passed.add(row.key)  # taken over meanwhile: the new owner records it
            return result

    async def _report(
        self,
        batch: str,
        rows: Sequence[BatchRow],
        results: dict[str, RowResult],
        broken: JournalError | None,
    ) -> list[RowResult]:
        """One result per row: this worker's, else what the journal says another reached."""
        states: dict[str, RowState] = {}
        if len(results) < len(rows) and broken is None:
            try:
                found = await asyncio.to_thread(self.store.batch_rows, batch)
                states = {state.key: state for state in found}
            except JournalError as exc:
                broken = exc
        for row in rows:
            if row.key not in results:
                elsewhere = _elsewhere(row, states.get(row.key), broken)
                self.runner.narrate(row, f"{elsewhere.outcome}: {elsewhere.detail}")
                results[row.key] = elsewhere
        return [results[row.key] for row in rows]


def _result(row: BatchRow, task: asyncio.Task[RowResult]) -> RowResult:
    error = task.exception()
    if error is None:
        return task.result()
    if not isinstance(error, Exception):
        raise error
    return RowResult(row, "error", error=error, detail=str(error))


def _elsewhere(row: BatchRow, state: RowState | None, broken: JournalError | None) -> RowResult:
    """A row this worker did not finish: what its worker reached, or why it is not known."""
    if broken is not None:
        return RowResult(row, "error", detail=f"not started: {broken}")
    if state is None:
        return RowResult(row, "error", detail="not queued")
    if state.outcome in ("saved", "skipped"):
        return RowResult(row, "skipped", detail=f"saved by another worker ({state.worker})")
    if state.outcome is None:
        holder = state.holder or state.worker
        return RowResult(row, "held", detail=f"not saved yet: another worker has it ({holder})")
    outcome = state.outcome if state.outcome in get_args(Outcome) else "error"
    return RowResult(row, outcome, detail=f"{state.outcome} in another worker ({state.worker})")  # type: ignore[arg-type]


@dataclass(frozen=True)
class WorkerProgress:
    worker: str
    working: int  # rows it holds now
    outcomes: dict[str, int]  # rows it finished, by outcome


def fleet_status(
    store: JournalStore, batch: str | None = None
) -> tuple[Counter[str], list[WorkerProgress]]:
    """Rows by outcome ("open" for unfinished) and each worker's share, for `veo batch --status`."""
    states = store.batch_rows(batch)
    totals = Counter(state.outcome or "open" for state in states)
    workers = sorted(
        {s.worker for s in states if s.worker} | {s.holder for s in states if s.holder}
    )
    progress = [
        WorkerProgress(
            worker,
            sum(1 for s in states if s.holder == worker),
            dict(Counter(s.outcome for s in states if s.worker == worker and s.outcome)),
        )
        for worker in workers
    ]
    return totals, progress
