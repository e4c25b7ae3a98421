"""The command-line options, each defined once, and the common ones (`--debug`, `--base-url`,
`--journal`) accepted before or after the subcommand.

`common` adds the common options to a command's signature (so its `--help` lists them) and
folds their values into the `Settings` the group callback started: a value given after the
subcommand wins over one given before it. A command body reads `Settings`, never the flags.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer

from aimlapi_veo.journal import default_path

DEFAULT_BASE_URL = "https://api.aimlapi.com"

DebugOption = Annotated[bool, typer.Option("--debug", help="show the library's log and tracebacks")]
BaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        envvar="AIMLAPI_BASE_URL",
        help=f"API base URL [default: {DEFAULT_BASE_URL}]",
        show_default=False,
    ),
]
JournalOption = Annotated[
    str | None,
    typer.Option(
        "--journal",
        envvar="AIMLAPI_VEO_JOURNAL",
        help="journal of the jobs: an SQLite file, or a postgresql:// URL shared by a fleet of "
        f"workers [default: {default_path()}]",
        show_default=False,
    ),
]
RateLimitOption = Annotated[
    float | None,
    typer.Option(
        "--rate-limit",
        min=0.01,
        help="API requests per second for ALL workers sharing the journal together; a 429 seen "
        "by one pauses all (kept in the journal) [default: no limit]",
        show_default=False,
    ),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0,
        help="give up waiting after this many seconds (the job keeps running) [default: 900]",
        show_default=False,
    ),
]
PollOption = Annotated[
    float | None,
    typer.Option(
        "--poll-interval",
        min=0.05,
        help="sleep at most this long between checks (and between retries), in seconds "
        "[default: the server's Retry-After hint; without one, checks planned from when "
        "jobs like it complete (documented, then learned), dense where they complete]",
        show_default=False,
    ),
]
SettleOption = Annotated[
    float | None,
    typer.Option(
        "--settle",
        min=0,
        envvar="AIMLAPI_VEO_SETTLE_SECONDS",
        help="seconds after a create of unknown outcome before the API's usage log not "
        "listing it proves it never arrived [default: 900]",
        show_default=False,
    ),
]
OverwriteOption = Annotated[
    bool,
    typer.Option("--overwrite", help="replace an existing output file (refused otherwise)"),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="where to save the MP4 [default: <id>.mp4 in the current folder, the part of "
        "the id before ':']",
        show_default=False,
    ),
]
IdArgument = Annotated[str, typer.Argument(help="generation id, as printed by `veo generate`")]


@dataclass(frozen=True)
class Settings:
    """The common options, wherever on the line they were given."""

    debug: bool = False
    base_url: str | None = None
    journal: str | None = None  # a file or a postgresql:// URL; None: the default file

    def merged(self, debug: bool, base_url: str | None, journal: str | None) -> Settings:
        return replace(
            self,
            debug=self.debug or debug,
            base_url=base_url if base_url is not None else self.base_url,
            journal=journal if journal is not None else self.journal,
        )


# The common options as parameters: the group callback declares the same three.
COMMON = [
    inspect.Parameter(
        "debug", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=DebugOption
    ),
    inspect.Parameter(
        "base_url", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=BaseUrlOption
    ),
    inspect.Parameter(
        "journal", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=JournalOption
    ),
]


def settings(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def common(command: Callable[..., None]) -> Callable[..., None]:
    """`command(ctx, ...)` with the common options added; they reach it as `settings(ctx)`."""
    hints = get_type_hints(command, include_extras=True)
    signature = inspect.signature(command)
    parameters = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values()]

    @functools.wraps(command)
    def wrapper(ctx: typer.Context, **values: Any) -> None:
        given = {p.name: values.pop(p.name) for p in COMMON}
        ctx.obj = settings(ctx).merged(**given)
        setup_logging(ctx.obj.debug)
        command(ctx, **values)

    wrapper.__signature__ = signature.replace(parameters=parameters + COMMON)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**hints, **{p.name: p.annotation for p in COMMON}}
    return wrapper


def setup_logging(debug: bool) -> None:
    """The library's log (retries, refreshed links) on stderr; everything with --debug."""
    import logging  # noqa: PLC0415 (start-up time: only commands that run need it)

    from aimlapi_veo_cli.views import log_handler  # noqa: PLC0415

    logger = logging.getLogger("aimlapi_veo")
    logger.handlers[:] = [log_handler()]
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False
