"""The commands about this machine's journal: `jobs` lists it (no key needed), `resume`
finishes it through the library's resume()."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aimlapi_veo_cli.errors import (
    EXIT_FAILED,
    EXIT_TIMEOUT,
    EXIT_UNKNOWN,
    Session,
    describe,
    guarded,
    worst,
)
from aimlapi_veo_cli.options import PollOption, SettleOption, TimeoutOption, common, settings

if TYPE_CHECKING:
    from aimlapi_veo.hooks import ResumeResult
    from aimlapi_veo.journal import Job
    from aimlapi_veo.reconcile import ReconcileResult

RECENT = 5  # finished jobs listed besides the unfinished ones: the job just made shows up


def _shown(every: list[Job]) -> list[Job]:
    """Every job still to finish (or whose create is unknown), and the latest finished ones."""
    from aimlapi_veo.generation import FAILED  # noqa: PLC0415 (start-up time)

    done = [job.id for job in every if job.downloaded_at is not None or job.status in FAILED]
    older = set(done[:-RECENT])
    return [job for job in every if job.id not in older]


@common
def jobs(
    ctx: typer.Context,
    *,
    show_all: Annotated[
        bool, typer.Option("--all", help="every finished and failed job too")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON list, every field")] = False,
) -> None:
    """List the journal's unfinished and 5 latest finished generations (--all: every one),
    with what each cost when the API said it, and the total."""
    from aimlapi_veo.journal import parse_target  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.clients import journal_of  # noqa: PLC0415
    from aimlapi_veo_cli.views import cost_total, print_jobs, say  # noqa: PLC0415

    with guarded(Session(debug=settings(ctx).debug)):
        kind, target = parse_target(settings(ctx).journal)
        exists = kind == "postgresql" or Path(target).exists()
        listed = []
        if not exists:  # listing must not create one
            say(f"no journal at {target} yet: nothing has been generated with it")
        else:
            opened = journal_of(settings(ctx))
            try:
                listed = opened.jobs()
            finally:
                opened.close()
        listed = listed if show_all else _shown(listed)
        if as_json:
            print(json.dumps([dataclasses.asdict(job) for job in listed], indent=2))
        elif listed:
            print_jobs(listed)
            say(cost_total(listed))
        elif exists:
            say("no jobs")


def _exit_code(result: ResumeResult, session: Session) -> int:
    codes = {"saved": 0, "skipped": 0, "failed": EXIT_FAILED, "timed out": EXIT_TIMEOUT}
    if result.outcome in codes:
        return codes[result.outcome]
    return describe(result.error or RuntimeError(result.detail), session)[0]


@common
def resume(
    ctx: typer.Context,
    *,
    timeout: TimeoutOption = None,
    poll_interval: PollOption = None,
    settle: SettleOption = None,
) -> None:
    """Finish every unfinished job in the journal: poll and download, never create. Creates
    of unknown outcome are first looked up in the API's usage log (see `veo reconcile`)."""
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.errors import report  # noqa: PLC0415
    from aimlapi_veo_cli.views import DownloadView, WaitView, say  # noqa: PLC0415

    with (
        guarded(Session(debug=settings(ctx).debug)) as session,
        open_client(settings(ctx), session, poll_interval) as client,
    ):
        assert client.journal is not None
        others = len(client.journal.unfinished()) - len(client.unfinished())
        if others:
            say(f"{others} unfinished job(s) belong to another --base-url")

        view, bar = WaitView(), DownloadView()

        def show(result: ResumeResult) -> None:
            bar.done()
            if result.path is not None:
                say(f"saved {result.path}", "green")
                print(result.path, flush=True)
            elif result.error is not None:
                report(result.error, Session(session.debug, result.generation_id))
            else:
                say(f"{result.generation_id}: {result.outcome} {result.detail}".rstrip())

        with view, bar:
            results = client.resume(
                timeout=timeout,
                settle=settle,
                on_update=view,
                on_progress=bar,
                on_result=show,
                on_reconciled=show_reconciled,
            )
    if not results:
        say("nothing to resume")
        return
    codes = [_exit_code(result, session) for result in results]
    saved = sum(result.outcome == "saved" for result in results)
    say(f"resumed {len(results)} job(s): {saved} saved, {len(results) - saved} not")
    if worst(codes):
        raise typer.Exit(worst(codes))


def show_reconciled(result: ReconcileResult) -> None:
    from aimlapi_veo_cli.views import say  # noqa: PLC0415 (start-up time)

    found = f" = generation {result.generation_id}" if result.generation_id else ""
    style = {"found": "green", "not received": "green"}.get(result.outcome)
    say(f"{result.intent}{found}: {result.outcome}: {result.detail}", style)


@common
def reconcile(ctx: typer.Context, *, settle: SettleOption = None) -> None:
    """Look up the creates of unknown outcome in the API's usage log (GET /v2/logs), by the
    X-Client-Request-Id each was sent with: found ones become jobs (`veo resume` finishes
    them), ones the log never saw once --settle seconds have passed are marked not_received
    (`veo batch` creates those rows again), the rest stay unknown. Never creates anything."""
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.views import say  # noqa: PLC0415

    with (
        guarded(Session(debug=settings(ctx).debug)) as session,
        open_client(settings(ctx), session, None) as client,
    ):
        results = client.reconcile(settle=settle, on_result=show_reconciled)
    if not results:
        say("no create of unknown outcome to look up")
    elif any(result.outcome == "unknown" for result in results):
        raise typer.Exit(EXIT_UNKNOWN)
