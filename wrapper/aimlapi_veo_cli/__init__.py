"""`veo`: the command line for Veo2 image-to-video. Like pip's cli/ package:

    options.py  every option once; --debug/--base-url/--journal before or after the command
    errors.py   exit codes and one actionable line per exception
    views.py    how the library's hooks look (wait, download, batch, jobs)
    clients.py  a client from the options
    one.py      generate, status, wait, download   (one generation); models
    jobs.py     jobs, resume, reconcile            (this machine's journal)
    batch.py    batch                              (the batch runner)
    sandbox.py  sandbox                            (the sandbox's own command line)
    journal.py  journal migrate                    (the journal's schema)
    fleet.py    batch --status                     (a fleet's progress per worker)

Commands parse, call the library (whose hooks feed the views) and render; none sequences a
flow itself. Heavy modules (httpx, rich, the generated models) load only when a command runs,
so `veo --help` starts fast. The key comes only from AIMLAPI_API_KEY (a key on the command
line ends up in shell history and process lists).
"""

from __future__ import annotations

from typing import Annotated

import typer

from aimlapi_veo import __version__
from aimlapi_veo_cli.batch import batch
from aimlapi_veo_cli.errors import EXIT_CODES
from aimlapi_veo_cli.jobs import jobs, reconcile, resume
from aimlapi_veo_cli.journal import journal_app
from aimlapi_veo_cli.one import download, generate, models, status, wait
from aimlapi_veo_cli.options import BaseUrlOption, DebugOption, JournalOption, Settings
from aimlapi_veo_cli.sandbox import PASS_THROUGH, sandbox

EPILOG = "\b\nExit codes:\n" + "\n".join(f"  {code:<4} {meaning}" for code, meaning in EXIT_CODES)

app = typer.Typer(
    name="veo",
    help="Turn a prompt (and images, or a video) into a video with the AIML API's Veo models "
    "(`veo models` lists them). "
    "Set AIMLAPI_API_KEY first. --debug, --base-url and --journal go before or after the "
    "command.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,  # --install-completion and --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    # click's plain help: the same with every typer release (typer 0.29's rich panels print
    # `--debug <bool>`), and it needs no rich at start-up.
    rich_markup_mode=None,
)
for command in (generate, status, wait, download, jobs, resume, reconcile, batch, models):
    app.command()(command)
app.command(context_settings=PASS_THROUGH, add_help_option=False)(sandbox)
app.add_typer(journal_app)


def _version(value: bool) -> None:
    if value:
        print(f"veo (aimlapi-veo) {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    ctx: typer.Context,
    debug: DebugOption = False,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")
    ] = False,
) -> None:
    ctx.obj = Settings(debug, base_url, journal)


def main() -> None:
    """The `veo` console script."""
    app()
