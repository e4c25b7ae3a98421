"""Every exception as (exit code, one line saying what to do). Messages never hold the key:
the wrapper's errors are redacted where they are made, and nothing here adds request data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aimlapi_veo.errors import (
    AuthenticationError,
    BadRequestError,
    DownloadError,
    GenerationFailedError,
    GenerationTimeoutError,
    InvalidInputError,
    MissingAPIKeyError,
    NotFoundError,
    UnprocessableEntityError,
    VeoError,
)

EXIT_ERROR, EXIT_USAGE, EXIT_FAILED, EXIT_TIMEOUT, EXIT_INTERRUPTED = 1, 2, 3, 4, 130
KEY_HELP = "set AIMLAPI_API_KEY to your AIML API key (https://aimlapi.com/app/keys)"


def _timeout(exc: Any) -> str:
    gid = exc.generation_id
    return (
        f"generation {gid} is still {exc.last_status or 'running'} after {exc.waited:.0f} s; "
        f"it goes on on the server. Finish it with: veo wait {gid}"
    )


def _os_error(exc: Any) -> str:
    return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)


# First match wins, so subclasses come before their bases.
RULES: list[tuple[type[BaseException], int, Callable[[Any], str]]] = [
    (MissingAPIKeyError, EXIT_USAGE, lambda _: f"no API key: {KEY_HELP}"),
    (InvalidInputError, EXIT_USAGE, lambda e: f"{e} (nothing was sent)"),
    (
        AuthenticationError,
        EXIT_USAGE,
        lambda e: f"the API refused the key ({e}): check AIMLAPI_API_KEY",
    ),
    (BadRequestError, EXIT_USAGE, lambda e: f"the API rejected the request: {e}"),
    (UnprocessableEntityError, EXIT_USAGE, lambda e: f"the API rejected the request: {e}"),
    (GenerationFailedError, EXIT_FAILED, lambda e: f"{e}; no video was made, nothing to download"),
    (GenerationTimeoutError, EXIT_TIMEOUT, _timeout),
    (
        DownloadError,
        EXIT_ERROR,
        lambda e: f"{e}. Try again with: veo download {e.generation_id} --output {e.path}",
    ),
    (NotFoundError, EXIT_ERROR, lambda e: f"{e}: check the generation id and --base-url"),
    (VeoError, EXIT_ERROR, str),
    (OSError, EXIT_ERROR, _os_error),
]


def describe(exc: BaseException, generation_id: str | None = None) -> tuple[int, str]:
    """The exit code and the message for `exc`; the id of a paid generation is always named."""
    code, message = next(
        ((code, say(exc)) for kind, code, say in RULES if isinstance(exc, kind)),
        (EXIT_ERROR, f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)"),
    )
    known = getattr(exc, "generation_id", None) or generation_id
    if known and known not in message:
        message += f" (generation {known}: finish it with `veo wait {known}`)"
    return code, message


def worst(codes: list[int]) -> int:
    """One exit code for many outcomes: an unexpected error outranks a failed generation,
    which outranks a timeout (the only one that fixes itself by waiting longer)."""
    for code in (EXIT_ERROR, EXIT_USAGE, EXIT_FAILED, EXIT_TIMEOUT):
        if code in codes:
            return code
    return max(codes, default=0)
