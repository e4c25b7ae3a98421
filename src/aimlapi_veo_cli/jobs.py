"""The commands about the journal: `jobs` lists it (no key needed), `resume` finishes it."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from aimlapi_veo.client import VeoClient
from aimlapi_veo.journal import Job, default_path
from aimlapi_veo.journal.postgres import is_postgres_url
from aimlapi_veo_cli.common import (
    BaseUrlOption,
    Connection,
    JournalOption,
    PollOption,
    TimeoutOption,
    guarded,
    open_client,
    say,
)
from aimlapi_veo_cli.errors import describe, worst
from aimlapi_veo_cli.follow import finish


def jobs(
    ctx: typer.Context,
    *,
    show_all: Annotated[bool, typer.Option("--all", help="finished and failed jobs too")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON list, every field")] = False,
    journal: JournalOption = None,
) -> None:
    """List the generations in this machine's journal (unfinished ones unless --all)."""
    with guarded(ctx):
        target = journal or os.environ.get("AIMLAPI_VEO_JOURNAL") or str(default_path())
        exists = is_postgres_url(target) or Path(target).exists()
        if not exists:
            say(f"no journal at {target} yet: nothing has been generated with it")
            listed: list[Job] = []
        else:
            opened = Connection(journal=target).open_journal()
            try:
                listed = opened.jobs(unfinished_only=not show_all)
            finally:
                opened.close()
        if as_json:
            print(json.dumps([dataclasses.asdict(job) for job in listed], indent=2))
        elif listed:
            _table(listed)
        elif exists:
            say("no unfinished jobs (--all lists every job)" if not show_all else "no jobs")


def _table(listed: list[Job]) -> None:
    table = Table("id", "status", "created", "label", "output or error", box=None)
    for job in listed:
        created = datetime.fromtimestamp(job.created_at).strftime("%Y-%m-%d %H:%M:%S")
        detail = job.error or job.output_path or ""
        table.add_row(job.id, _status(job), created, job.label or "", detail)
    # Wide when piped, so an id is never cut or wrapped.
    out = Console(soft_wrap=False, width=None if Console().is_terminal else 240)
    out.print(table)


def _status(job: Job) -> str:
    """The status, and which worker holds the job now (a fleet's progress per worker)."""
    status = "downloaded" if job.downloaded_at is not None else job.status
    return f"{status} @ {job.claimed_by}" if job.claimed_by else status


def resume(
    ctx: typer.Context,
    *,
    timeout: TimeoutOption = None,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
    poll_interval: PollOption = None,
) -> None:
    """Finish every unfinished job in the journal: poll and download, never create."""
    with (
        guarded(ctx) as session,
        open_client(Connection(base_url, journal, poll_interval)) as client,
    ):
        assert client.journal is not None
        pending = client.journal.unfinished()
        mine = client.unfinished()
        if len(mine) < len(pending):
            say(f"{len(pending) - len(mine)} unfinished job(s) belong to another --base-url")
        if not mine:
            say("nothing to resume")
            return
        codes = [_resume_one(client, job.id, timeout, session.debug) for job in mine]
        failed = [code for code in codes if code]
        say(f"resumed {len(mine)} job(s): {len(mine) - len(failed)} saved, {len(failed)} not")
        if failed:
            raise typer.Exit(worst(failed))


def _resume_one(client: VeoClient, generation_id: str, timeout: float | None, debug: bool) -> int:
    """Finish one job; its error is reported and does not stop the others."""
    try:
        print(finish(client, generation_id, None, timeout), flush=True)
    except Exception as exc:
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
        code, message = describe(exc, generation_id)
        say(f"error: {message}", "bold red")
        return code
    return 0
