"""`veo`: the command line for Veo2 image-to-video. One module per group of commands:

    one.py      generate, status, wait, download   (one generation)
    jobs.py     jobs, resume                       (this machine's journal)
    batch.py    batch                              (batch.py, with progress)
    sandbox.py  sandbox                            (the local imitation of the API)
    journal.py  journal migrate                    (the journal's schema)

The key comes only from AIMLAPI_API_KEY (a key on the command line ends up in shell history
and process lists). Exit codes are listed in errors.py.
"""

from __future__ import annotations

from typing import Annotated

import typer

from aimlapi_veo import __version__
from aimlapi_veo_cli.batch import batch
from aimlapi_veo_cli.common import setup_logging
from aimlapi_veo_cli.jobs import jobs, resume
from aimlapi_veo_cli.journal import journal_app
from aimlapi_veo_cli.one import download, generate, status, wait
from aimlapi_veo_cli.sandbox import sandbox

app = typer.Typer(
    name="veo",
    help="Turn an image and a prompt into a video with the AIML API's Veo2 model. "
    "Set AIMLAPI_API_KEY first.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for command in (generate, status, wait, download, jobs, resume, batch, sandbox):
    app.command()(command)
app.add_typer(journal_app)


def _version(value: bool) -> None:
    if value:
        print(f"veo (aimlapi-veo) {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="show the wrapper's log and tracebacks")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")
    ] = False,
) -> None:
    ctx.obj = {"debug": debug}
    setup_logging(debug)


def main() -> None:
    """The `veo` console script."""
    app()
