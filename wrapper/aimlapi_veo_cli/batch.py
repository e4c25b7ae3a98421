"""`veo batch`: the library's BatchRunner with overall progress and a summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aimlapi_veo_cli.errors import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_TIMEOUT,
    EXIT_UNKNOWN,
    Session,
    guarded,
    worst,
)
from aimlapi_veo_cli.options import (
    PollOption,
    RateLimitOption,
    Settings,
    SettleOption,
    TimeoutOption,
    common,
    settings,
)

if TYPE_CHECKING:
    from aimlapi_veo.batch import BatchRow, RowResult
    from aimlapi_veo_cli.views import BatchView

CODES = {
    "held": EXIT_ERROR,  # not saved yet: another live worker has the row
    "failed": EXIT_FAILED,
    "timed out": EXIT_TIMEOUT,
    "error": EXIT_ERROR,
    "unknown": EXIT_UNKNOWN,
    "over budget": EXIT_ERROR,
}
COLUMNS_HELP = """\b
Columns (a CSV header, or the keys of each JSON line); each checked against the row's model:
  prompt           what should happen in the video [required]
  model            the Veo model (`veo models`) [default: veo2/image-to-video]
  image            first frame: a file (relative to the batch file) or an URL
                   [required by veo2/image-to-video and the i2v models]
  output           file name inside --output-dir [default: from the prompt and the row]
  duration         seconds of video, as the model allows
  aspect_ratio     16:9 or 9:16 (extend: also auto)
  resolution       720p/1080p, spelled as the model spells it
  seed             a whole number
  negative_prompt  what the video should not show
  tail_image       last frame: a file or an URL
  last_image       the same, by the 3.1 models' name
  video            the MP4 to extend: a file or an URL
  generate_audio   true or false
  auto_fix         true or false
  provider         google, fal or auto
  person_generation  allow_adult or dont_allow
"""


async def _run(
    rows: list[BatchRow],
    options: tuple[Settings, Session, float | None, float | None],
    view: BatchView,
    runner_options: dict[str, object],
) -> list[RowResult]:
    from aimlapi_veo.batch import BatchRunner  # noqa: PLC0415 (start-up time)
    from aimlapi_veo.fleet import FleetRunner  # noqa: PLC0415
    from aimlapi_veo_cli.clients import open_async_client  # noqa: PLC0415

    async with open_async_client(*options) as client:
        runner = BatchRunner(client, on_event=view.event, **runner_options)  # type: ignore[arg-type]
        # Every journal keeps the batch's queue: this process is one worker of however many
        # run the same rows (another terminal, another machine, a second copy of the folder).
        return await FleetRunner(runner).run(rows)


@common
def batch(
    ctx: typer.Context,
    *,
    file: Annotated[Path, typer.Argument(help="a .jsonl or .csv file, one generation per row")],
    output_dir: Annotated[
        Path, typer.Option("--output-dir", "-d", help="folder for the videos", file_okay=False)
    ],
    concurrency: Annotated[int, typer.Option(min=1, help="generations at once")] = 4,
    retry_failed: Annotated[
        bool,
        typer.Option("--retry-failed", help="submit rows whose generation failed again (paid)"),
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
    poll_interval: PollOption = None,
    rate_limit: RateLimitOption = None,
    settle: SettleOption = None,
    max_usd: Annotated[
        float | None,
        typer.Option(
            "--max-usd",
            min=0,
            help="create no new row once the USD the API reported for this batch's jobs plus "
            "an estimate of the next row would pass this [default: no limit]",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        bool,
        typer.Option(
            "--status",
            help="show the progress of this file's rows (per worker, on a journal shared by a "
            "fleet), and exit (sends nothing)",
        ),
    ] = False,
) -> None:
    """Generate one video per row; run it again to resume (nothing is created twice). With a
    postgresql:// --journal, run it on any number of machines: each row is created once."""
    import asyncio  # noqa: PLC0415 (start-up time)

    from aimlapi_veo.batch import read_rows  # noqa: PLC0415
    from aimlapi_veo_cli.views import BatchView, say  # noqa: PLC0415

    session = Session(
        debug=settings(ctx).debug,
        interrupted="interrupted: run the same command again to resume; no row is created twice",
    )
    with guarded(session):
        rows = read_rows(file, output_dir)
        if status:
            from aimlapi_veo_cli.fleet import show_status  # noqa: PLC0415

            show_status(settings(ctx), rows)
            return
        say(f"{len(rows)} row(s) from {file}; videos go to {output_dir.absolute()}")
        runner_options: dict[str, object] = {
            "concurrency": concurrency,
            "timeout": timeout,
            "retry_failed": retry_failed,
            "retry_unknown": retry_unknown,
            "settle": settle,
            "max_usd": max_usd,
        }
        with BatchView(len(rows)) as view:
            results = asyncio.run(
                _run(
                    rows, (settings(ctx), session, poll_interval, rate_limit), view, runner_options
                )
            )
        _summarize(results, retry_failed=retry_failed)


batch.__doc__ = f"{batch.__doc__}\n\n{COLUMNS_HELP}"


def _summarize(results: list[RowResult], *, retry_failed: bool) -> None:
    from aimlapi_veo_cli.views import say  # noqa: PLC0415

    for result in results:
        if result.path is not None:
            print(result.path, flush=True)
    counts = Counter(result.outcome for result in results)
    say(", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())))
    if counts["timed out"] or counts["error"]:
        say("run the same command again to finish the unfinished rows; none is created twice")
    if counts["failed"] and not retry_failed:
        say("failed rows are submitted again (and paid again) only with --retry-failed")
    if counts["unknown"]:
        say(
            "rows whose create outcome is unknown may have been charged, and the API's usage "
            "log could not settle it yet: run the same command again later (or `veo "
            "reconcile`); they are submitted blindly only with --retry-unknown"
        )
    if counts["over budget"]:
        say(f"{counts['over budget']} row(s) not created: --max-usd reached (nothing was sent)")
    if counts["held"]:
        say("held rows are another live worker's: they are not saved yet; run again to see")
    unsaved = [result for result in results if result.outcome in CODES]
    for result in unsaved:  # whichever worker settled them: the exit code says the truth
        say(f"not saved: row {result.row.number} ({result.row.output.name}): {result.outcome}")
    fallbacks = {getattr(result.error, "fallback_path", None) for result in unsaved} - {None}
    for path in sorted(map(str, fallbacks)):
        say(f"ids of paid generations the journal could not take were written to {path}")
    if unsaved:
        raise typer.Exit(worst([CODES[result.outcome] for result in unsaved]))
