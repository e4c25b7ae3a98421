"""`veo batch`: the batch runner (batch.py) with overall progress and a summary."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn
from rich.text import Text

from aimlapi_veo.batch import BatchRow, BatchRunner, RowResult, read_rows
from aimlapi_veo.fleet import FleetRunner, keeps_queue
from aimlapi_veo_cli.common import (
    BaseUrlOption,
    Connection,
    JournalOption,
    PollOption,
    RateLimitOption,
    TimeoutOption,
    err,
    guarded,
    open_async_client,
    say,
)
from aimlapi_veo_cli.errors import EXIT_ERROR, EXIT_FAILED, EXIT_TIMEOUT, worst
from aimlapi_veo_cli.fleet import show_status

CODES = {"failed": EXIT_FAILED, "timed out": EXIT_TIMEOUT, "error": EXIT_ERROR}


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
        finished = message.startswith(("saved", "skipped", "failed", "timed out", "error"))
        if finished and self._task is not None:
            self._progress.advance(self._task)


async def _run(
    rows: list[BatchRow],
    connection: Connection,
    view: BatchView,
    settings: tuple[int, float | None, bool, bool],
) -> list[RowResult]:
    concurrency, timeout, retry_failed, retry_unknown = settings
    async with open_async_client(connection) as client:
        runner = BatchRunner(
            client,
            concurrency=concurrency,
            timeout=timeout,
            retry_failed=retry_failed,
            retry_unknown=retry_unknown,
            on_event=view.event,
        )
        if keeps_queue(runner.journal):  # a shared journal: work as one of a fleet
            return await FleetRunner(runner).run(rows)
        return await runner.run(rows)


def batch(
    ctx: typer.Context,
    *,
    file: Annotated[Path, typer.Argument(help="a .jsonl or .csv file, one generation per row")],
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-d", help="folder for the videos", file_okay=False)
    ],
    concurrency: Annotated[int, typer.Option(min=1, help="generations at once")] = 4,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="submit rows whose generation failed again")
    ] = False,
    retry_unknown: Annotated[
        bool,
        typer.Option(
            "--retry-unknown",
            help="create again rows whose earlier create's outcome is unknown (it may have been "
            "charged: check your dashboard first)",
        ),
    ] = False,
    timeout: TimeoutOption = None,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
    poll_interval: PollOption = None,
    rate_limit: RateLimitOption = None,
    status: Annotated[
        bool,
        typer.Option(
            "--status",
            help="show the progress of this file's rows across every worker sharing the "
            "journal, and exit (sends nothing)",
        ),
    ] = False,
) -> None:
    """Generate one video per row; run it again to resume (nothing is created twice). With a
    postgresql:// --journal, run it on any number of machines: each row is created once."""
    with guarded(ctx):
        rows = read_rows(file, output_dir)
        connection = Connection(base_url, journal, poll_interval, rate_limit)
        if status:
            show_status(connection, rows)
            return
        say(f"{len(rows)} row(s) from {file}; videos go to {output_dir.absolute()}")
        settings = (concurrency, timeout, retry_failed, retry_unknown)
        try:
            with BatchView(len(rows)) as view:
                results = asyncio.run(_run(rows, connection, view, settings))
        except KeyboardInterrupt:
            say("interrupted: run the same command again to resume; no row is created twice")
            raise
        _summarize(results)


def _summarize(results: list[RowResult]) -> None:
    for result in results:
        if result.path is not None:
            print(result.path, flush=True)
    counts = Counter(result.outcome for result in results)
    say(", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())))
    codes = [CODES[result.outcome] for result in results if result.outcome in CODES]
    if counts["timed out"] or counts["error"]:
        say("run the same command again to finish the unfinished rows; none is created twice")
    if counts["failed"]:
        say("failed rows are submitted again (and paid again) only with --retry-failed")
    if codes:
        raise typer.Exit(worst(codes))
