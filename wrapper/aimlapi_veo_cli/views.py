"""How the library's hooks look: live on a terminal, one plain line per change when piped (so
logs and CI output stay readable). Progress and messages go to stderr; stdout carries only what
a script wants (ids, paths, JSON). Nothing here computes what the library reports."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from aimlapi_veo.batch import BatchRow
from aimlapi_veo.generation import Generation
from aimlapi_veo.hooks import WaitUpdate
from aimlapi_veo.journal import Job

err = Console(stderr=True, soft_wrap=True, highlight=False)
ROW_DONE = ("saved", "skipped", "failed", "timed out", "error", "unknown")


def say(message: str, style: str | None = None) -> None:
    """A line for the person at the terminal; never read as markup."""
    err.print(Text(message, style=style or ""))


def log_handler() -> logging.Handler:
    return RichHandler(console=err, show_time=False, show_path=False, markup=False)


def expectation(elapsed: float, window: tuple[float, float]) -> str:
    """When the video should be ready, in words, `elapsed` seconds after creation."""
    low, high = window
    if elapsed < low:
        spread = (
            f"{low - elapsed:.0f}" if high == low else f"{low - elapsed:.0f}-{high - elapsed:.0f}"
        )
        return f"expected in {spread} s"
    if elapsed < high:
        return f"expected within {high - elapsed:.0f} s"
    return "taking longer than usual"


class _LineColumn(ProgressColumn):
    def __init__(self, line: Callable[[], str]) -> None:
        super().__init__()
        self._line = line

    def render(self, task: Task) -> Text:
        return Text(self._line())


class WaitView:
    """The on_update hook: status, time since creation and the expected remaining time, all
    as the library reported them (the clock only advances the elapsed time between updates).
    One wait after another (resume) is fine: a new wait's first update starts a new line."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._update: WaitUpdate | None = None
        self._seen = 0.0
        self._progress: Progress | None = None

    def __enter__(self) -> WaitView:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def elapsed(self) -> float:
        if self._update is None:
            return 0.0
        return self._update.elapsed + self._clock() - self._seen

    def line(self) -> str:
        update = self._update
        if update is None:
            return ""
        status = update.status or "waiting"
        if update.generation is not None and update.generation.is_terminal:
            return f"{status}  {update.elapsed:.0f} s since created"  # nothing more to expect
        elapsed = self.elapsed()
        return f"{status}  {elapsed:.0f} s since created  {expectation(elapsed, update.window)}"

    def __call__(self, update: WaitUpdate) -> None:
        self._update, self._seen = update, self._clock()
        gid = update.generation_id
        if update.generation is None:  # a wait starts
            self._stop()
            if err.is_terminal:
                self._progress = Progress(
                    SpinnerColumn(), _LineColumn(self.line), console=err, transient=True
                )
                self._progress.start()
                self._progress.add_task("wait", total=None)
            else:
                say(f"{gid}: waiting, {expectation(update.elapsed, update.window)}")
        elif update.generation.is_terminal:
            self._stop()
            style = "green" if update.generation.succeeded else "red"
            say(f"{gid}: {update.status} {update.elapsed:.1f} s after it was created", style)
        elif self._progress is None:
            say(f"{gid}: {self.line()}")


class DownloadView:
    """The on_progress hook of a download: a bar on a terminal, one line otherwise."""

    def __init__(self) -> None:
        self._task: TaskID | None = None
        self._progress: Progress | None = None

    def __enter__(self) -> DownloadView:
        return self

    def __exit__(self, *exc: object) -> None:
        self.done()

    def done(self) -> None:
        """This download is over; the next call starts a new bar."""
        if self._progress is not None:
            self._progress.stop()
        self._progress, self._task = None, None

    def __call__(self, done: int, total: int | None) -> None:
        if self._progress is None and self._task is None:
            self._start()
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total)

    def _start(self) -> None:
        if not err.is_terminal:
            say("downloading")
            self._task = TaskID(0)
            return
        self._progress = Progress(
            TextColumn("downloading"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=err,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("download", total=None)


class BatchView:
    """Row events as lines; on a terminal, an overall bar below them."""

    def __init__(self, total: int) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if err.is_terminal:
            self._progress = Progress(
                TextColumn("rows"), BarColumn(), MofNCompleteColumn(), console=err
            )
            self._task = self._progress.add_task("rows", total=total)

    def __enter__(self) -> BatchView:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def event(self, row: BatchRow, message: str) -> None:
        line = Text(f"row {row.number}: {message}")
        if self._progress is None:
            err.print(line)
            return
        self._progress.console.print(line)
        if message.startswith(ROW_DONE) and self._task is not None:
            self._progress.advance(self._task)


def generation_facts(generation: Generation) -> list[tuple[str, str]]:
    """The facts worth showing, leaving out what the API did not say."""
    error = ": ".join(p for p in (generation.error_name, generation.error_message) if p)
    credits, tokens = generation.credits_used, generation.tokens_used
    facts = [
        ("id", generation.id),
        ("status", generation.status.value),
        ("duration", f"{generation.duration:g} s" if generation.duration else ""),
        ("size", f"{generation.file_size:,} bytes" if generation.file_size else ""),
        ("video", generation.video_url or ""),
        ("error", error),
        ("credits", f"{credits:g}" if credits is not None else ""),
        ("tokens", f"{tokens:g}" if tokens is not None else ""),
    ]
    return [(name, value) for name, value in facts if value]


def job_facts(job: Job) -> list[tuple[str, str]]:
    """A journal row as the table shows it: the status exactly as `--json` says it."""
    saved = f"saved to {job.output_path}" if job.downloaded_at is not None else ""
    detail = job.error or saved or (f"will save to {job.output_path}" if job.output_path else "")
    return [
        ("id", job.id),
        ("status", job.status),
        ("created", datetime.fromtimestamp(job.created_at).strftime("%Y-%m-%d %H:%M:%S")),
        ("worker", job.claimed_by or ""),  # which process holds it now (a fleet's progress)
        ("label", job.label or ""),
        ("credits", "" if job.credits_used is None else f"{job.credits_used:,}"),
        ("USD", "" if job.usd_spent is None else f"{job.usd_spent:.4f}"),
        ("output or error", detail),
    ]


def cost_total(jobs: Sequence[Job]) -> str:
    """What the listed jobs cost, as far as the API said (a job it said nothing about is
    counted as such, never as 0)."""
    priced = [job for job in jobs if job.usd_spent is not None or job.credits_used is not None]
    credits = sum(job.credits_used or 0 for job in priced)
    usd = sum(job.usd_spent or 0.0 for job in priced)
    unpriced = len(jobs) - len(priced)
    rest = f"; {unpriced} job(s) without a price from the API" if unpriced else ""
    return f"total: {credits:,} credits, {usd:.4f} USD over {len(priced)} priced job(s){rest}"


def print_jobs(jobs: Sequence[Job], console: Console | None = None) -> None:
    """A table when the whole of every id fits, else one block per job: an id is never cut.
    Piped output is never narrower than its longest line."""
    out = console or Console(soft_wrap=True, highlight=False)
    rows = [job_facts(job) for job in jobs]
    longest = max(len(job.id) for job in jobs)
    if not out.is_terminal or out.width >= longest + 60:
        names = [name for name, _ in rows[0]]
        print_table(names, [[value for _, value in facts] for facts in rows], out)
        return
    for facts in rows:
        out.print(Text(facts[0][1], style="bold"), soft_wrap=True)
        for name, value in facts[1:]:
            if value:
                out.print(Text(f"  {name}: {value}"), soft_wrap=True)


def print_table(
    names: Sequence[str], rows: Sequence[Sequence[str]], console: Console | None = None
) -> None:
    """Columns on stdout; the first column is never cut or wrapped, and piped output is as
    wide as its longest line."""
    out = console or Console(soft_wrap=True, highlight=False)
    table = Table(*names, box=None)
    table.columns[0].no_wrap = True
    table.columns[0].min_width = max((len(row[0]) for row in rows), default=0)
    for row in rows:
        table.add_row(*row)
    wide = out if out.is_terminal else Console(width=10_000, highlight=False)
    wide.print(table, crop=False)
