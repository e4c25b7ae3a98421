"""Exit codes, and every exception as (exit code, one line saying what to do). Messages never
hold the key: the library's errors are redacted where they are made, and nothing here adds
request data. The table of codes is shown by `veo --help`."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer

from aimlapi_veo import errors

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FAILED, EXIT_TIMEOUT = 0, 1, 2, 3, 4
EXIT_UNKNOWN, EXIT_KEY, EXIT_INTERRUPTED = 5, 6, 130
EXIT_CODES = [
    (EXIT_OK, "success"),
    (EXIT_ERROR, "anything else"),
    (EXIT_USAGE, "bad input or usage: nothing was sent"),
    (EXIT_FAILED, "the generation failed"),
    (EXIT_TIMEOUT, "timed out waiting; the id is printed and the job goes on"),
    (
        EXIT_UNKNOWN,
        "a create's outcome is unknown: it may have been charged (id printed when known)",
    ),
    (EXIT_KEY, "the API refused the key (401/403): a request was sent"),
    (EXIT_INTERRUPTED, "interrupted"),
]
# For many outcomes at once (resume, batch): the one that most needs a person wins. A possibly
# charged unknown create first; a timeout last, as the only one that fixes itself by waiting.
SEVERITY = [EXIT_UNKNOWN, EXIT_ERROR, EXIT_KEY, EXIT_USAGE, EXIT_FAILED, EXIT_TIMEOUT]
KEY_HELP = "set AIMLAPI_API_KEY to your AIML API key (https://aimlapi.com/app/keys)"


@dataclass
class Session:
    """What a running command has learned that an error message must mention."""

    debug: bool = False
    generation_id: str | None = None
    base_url: str | None = None
    interrupted: str = "interrupted"  # what to say on Ctrl-C before a job exists


def _timeout(exc: Any, _: Session) -> str:
    gid = exc.generation_id
    return (
        f"stopped waiting for generation {gid} after {exc.waited:.0f} s (--timeout); it is "
        f"still {exc.last_status or 'running'} and goes on on the server. "
        f"Finish it with: veo wait {gid}"
    )


def _not_found(exc: Any, session: Session) -> str:
    what = f"generation {session.generation_id}" if session.generation_id else "that generation"
    where = session.base_url or "the API"
    return (
        f"{what} is unknown to {where} ({exc}): check the id (`veo jobs --all` lists the ones "
        "made on this machine) and --base-url"
    )


def _os_error(exc: Any, _: Session) -> str:
    return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)


def _unknown(exc: Any, _: Session) -> str:
    gid, cid = getattr(exc, "generation_id", None), getattr(exc, "client_request_id", None)
    follow = f" If it was, `veo wait {gid}` finishes it." if gid else ""
    if cid and not gid:
        follow = (
            f" It was sent as {cid}: `veo resume` looks it up in the API's usage log and "
            "finishes it if it arrived (`veo reconcile` only looks)."
        )
    return f"{exc}{follow}"


Rule = tuple[type[BaseException], int, Callable[[Any, Session], str], bool]
# (exception, exit code, message, add "finish it with veo wait" when a job is at hand);
# first match wins, so subclasses come before their bases.
RULES: list[Rule] = [
    (errors.MissingAPIKeyError, EXIT_USAGE, lambda e, s: f"no API key: {KEY_HELP}", False),
    (
        errors.OutputExistsError,
        EXIT_USAGE,
        lambda e, s: (
            f"{e.path} exists already: pass --overwrite to replace it, or another "
            "--output (nothing was sent)"
        ),
        False,
    ),
    (errors.InvalidInputError, EXIT_USAGE, lambda e, s: f"{e} (nothing was sent)", False),
    (
        errors.AuthenticationError,
        EXIT_KEY,
        lambda e, s: f"the API refused the key ({e}): check AIMLAPI_API_KEY",
        False,
    ),
    (
        errors.PermissionDeniedError,
        EXIT_KEY,
        lambda e, s: f"the API refused the key ({e}): check AIMLAPI_API_KEY and its permissions",
        False,
    ),
    (errors.CreateOutcomeUnknownError, EXIT_UNKNOWN, _unknown, False),
    (
        errors.BadRequestError,
        EXIT_ERROR,
        lambda e, s: f"the API rejected the request: {e} (nothing was created)",
        False,
    ),
    (
        errors.UnprocessableEntityError,
        EXIT_ERROR,
        lambda e, s: f"the API rejected the request: {e} (nothing was created)",
        False,
    ),
    (
        errors.GenerationFailedError,
        EXIT_FAILED,
        lambda e, s: f"{e}; no video was made, nothing to download",
        False,
    ),
    (errors.GenerationTimeoutError, EXIT_TIMEOUT, _timeout, False),
    (
        errors.DownloadError,
        EXIT_ERROR,
        lambda e, s: f"{e}. Try again with: veo download {e.generation_id} --output {e.path}",
        False,
    ),
    (errors.NotFoundError, EXIT_ERROR, _not_found, False),
    # Opened and checked before any request: nothing was sent (unless a job is at hand: below).
    (errors.JournalError, EXIT_USAGE, lambda e, s: f"{e} (nothing was sent)", False),
    (errors.VeoError, EXIT_ERROR, lambda e, s: str(e), True),
    (OSError, EXIT_ERROR, _os_error, True),
]


def describe(exc: BaseException, session: Session | None = None) -> tuple[int, str]:
    """The exit code and the message for `exc`; the id of a paid generation is always named."""
    session = session or Session()
    code, message, hint = next(
        (
            (code, say(exc, session), hint)
            for kind, code, say, hint in RULES
            if isinstance(exc, kind)
        ),
        (
            EXIT_ERROR,
            f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)",
            True,
        ),
    )
    known = getattr(exc, "generation_id", None) or session.generation_id
    if isinstance(exc, errors.JournalError) and known:  # it failed after the create
        code, message, hint = EXIT_ERROR, str(exc), True
    if hint and known and known not in message:
        message += f" (generation {known}: finish it with `veo wait {known}`)"
    return code, message


def worst(codes: list[int]) -> int:
    """One exit code for many outcomes (see SEVERITY)."""
    return next((code for code in SEVERITY if code in codes), max(codes, default=EXIT_OK))


def report(exc: BaseException, session: Session) -> int:
    """Print the one line for `exc` (and its traceback with --debug); return its exit code."""
    from aimlapi_veo_cli.views import say  # noqa: PLC0415 (rich loads only when needed)

    if session.debug:
        traceback.print_exception(exc, file=sys.stderr)
    code, message = describe(exc, session)
    say(f"error: {message}", "bold red")
    return code


@contextmanager
def guarded(session: Session) -> Iterator[Session]:
    """Run a command's body: any error becomes one line on stderr and its exit code."""
    from aimlapi_veo_cli.views import say  # noqa: PLC0415

    try:
        yield session
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        gid = session.generation_id
        say(
            f"interrupted; generation {gid} goes on on the server: finish it with `veo wait {gid}`"
            if gid
            else session.interrupted,
            "yellow",
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        raise typer.Exit(report(exc, session)) from None
