"""A fleet: the same batch file run by any number of workers, on any number of machines, that
share one journal (PostgreSQL). Each worker is a `FleetRunner` around the ordinary
`BatchRunner`, which does a row's work; the fleet adds only who works on which row:

- the file's rows are enqueued in the journal once (keyed by content: every machine running the
  same file finds the same queue, whatever its --output-dir);
- a worker claims open rows with `SELECT ... FOR UPDATE SKIP LOCKED` under the lease
  `row:<key>` (the lease the batch runner takes before a create), as many as it has free slots,
  and its client renews the leases while it waits and downloads;
- a worker that dies loses its leases (at once for a dead process on the same host, after the
  lease's life from another one) and a live worker claims the row, then continues it from the
  step the journal shows: a created job is waited for and downloaded, never created again; a
  create whose outcome is unknown is looked up in the API's usage log (found: finished;
  never arrived: created again; else reported "unknown", created again only with
  `retry_unknown`);
- each finished row records its outcome, the worker and where its file landed (`host:path`).

    async with AsyncVeoClient(journal="postgresql://...") as client:
        results = await FleetRunner(BatchRunner(client, concurrency=4)).run(rows)

A worker returns when no row of the batch is open: the rows it did not finish itself are
reported "skipped" with the worker that did. `fleet_status()` is what `veo batch --status` shows.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aimlapi_veo.batch import BatchRow, BatchRunner, RowResult
from aimlapi_veo.errors import InvalidInputError
from aimlapi_veo.journal.base import DEFAULT_LEASE_SECONDS
from aimlapi_veo.journal.queue import QueuedRow, RowState, landed, row_lease

#: Rows whose outcome a new run takes up again: they may still finish without paying twice
#: (an unknown row is reconciled first, and created again only once the API's log proves
#: its create never arrived).
RESUMABLE = frozenset({"error", "timed out", "unknown", "over budget"})
IDLE_POLL = 1.0  # seconds between looks at the queue while other workers hold its open rows


class BatchQueue(Protocol):
    """What a journal store offers a fleet (PostgreSQL does)."""

    def enqueue(self, batch: str, rows: Sequence[QueuedRow], reopen: frozenset[str]) -> int: ...

    def claim_rows(self, batch: str, owner: str, limit: int, ttl: float) -> list[str]: ...

    def finish_row(
        self, batch: str, key: str, owner: str, outcome: str, path: str | None
    ) -> None: ...

    def batch_rows(self, batch: str | None = None) -> list[RowState]: ...


def batch_id(rows: Sequence[BatchRow]) -> str:
    """The queue's name: the same for the same rows, wherever the file is run."""
    keys = "\n".join(sorted(row.key for row in rows))
    return "file:" + hashlib.sha256(keys.encode()).hexdigest()[:16]


def keeps_queue(store: object) -> bool:
    """True for a journal that can share a batch between workers (PostgreSQL)."""
    return all(hasattr(store, name) for name in ("enqueue", "claim_rows", "finish_row"))


def queue_of(store: object) -> BatchQueue:
    if not keeps_queue(store):
        raise InvalidInputError(
            "this journal keeps no batch queue: a fleet of workers needs a PostgreSQL journal "
            "(--journal postgresql://...)"
        )
    return store  # type: ignore[return-value]


@dataclass
class FleetRunner:
    """One worker of a fleet; `runner` does each row's work (and holds the settings)."""

    runner: BatchRunner
    idle_poll: float = IDLE_POLL
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep

    def __post_init__(self) -> None:
        self.queue = queue_of(self.runner.journal)
        self.owner: str = self.runner.client._owner

    def _reopen(self) -> frozenset[str]:
        extra = {"failed"} if self.runner.retry_failed else set()
        return RESUMABLE | extra

    async def run(self, rows: Sequence[BatchRow]) -> list[RowResult]:
        """Work on the batch's open rows until none is open; one result per row of `rows`."""
        self.runner.prepare(rows)
        batch, by_key = batch_id(rows), {row.key: row for row in rows}
        queued = [QueuedRow(row.key, row.number, str(row.output)) for row in rows]
        self.queue.enqueue(batch, queued, self._reopen())
        results: dict[str, RowResult] = {}
        running: dict[asyncio.Task[RowResult], str] = {}
        try:
            while True:
                free = self.runner.concurrency - len(running)
                for key in self._claim(batch, free):
                    running[asyncio.create_task(self.runner.run_row(by_key[key]))] = key
                if not running:
                    if not self._open(batch):
                        break
                    await self.sleep(self.idle_poll)  # others hold the open rows; they may die
                    continue
                done, _ = await asyncio.wait(
                    running, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    key = running.pop(task)
                    results[key] = self._finish(batch, key, task.result())
        finally:
            for task in running:
                task.cancel()
        if len(results) < len(rows):
            states = {state.key: state for state in self.queue.batch_rows(batch)}
            for row in rows:
                results.setdefault(row.key, _elsewhere(row, states.get(row.key)))
        return [results[row.key] for row in rows]

    def _claim(self, batch: str, free: int) -> list[str]:
        if free <= 0:
            return []
        keys = self.queue.claim_rows(batch, self.owner, free, DEFAULT_LEASE_SECONDS)
        for key in keys:  # held by the client too, so it renews them while it works
            self.runner.client._claim(row_lease(key))
        return keys

    def _open(self, batch: str) -> bool:
        return any(row.outcome is None for row in self.queue.batch_rows(batch))

    def _finish(self, batch: str, key: str, result: RowResult) -> RowResult:
        # "skipped" with a file: saved before (by a worker killed before it said so), not undone.
        outcome = (
            "saved" if result.outcome in ("saved", "skipped") and result.path else result.outcome
        )
        path = landed(str(result.path)) if outcome == "saved" else None
        self.queue.finish_row(batch, key, self.owner, outcome, path)
        self.runner.client._release(row_lease(key))
        return result


def _elsewhere(row: BatchRow, state: RowState | None) -> RowResult:
    """A row this worker did not finish: another worker did (or it is not queued)."""
    detail = f"done by another worker ({state.worker}): {state.outcome}" if state else "not queued"
    return RowResult(row, "skipped", detail=detail)


@dataclass(frozen=True)
class WorkerProgress:
    worker: str
    working: int  # rows it holds now
    outcomes: dict[str, int]  # rows it finished, by outcome


def fleet_status(
    store: object, batch: str | None = None
) -> tuple[Counter[str], list[WorkerProgress]]:
    """Rows by outcome ("open" for unfinished) and each worker's share, for `veo batch --status`."""
    states = queue_of(store).batch_rows(batch)
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
