"""What the library tells a presenter (the CLI, a notebook, a web page) while it works.

`generate()`, `finish()` and `resume()` are the only implementations of their flows; a presenter
renders these values and never recomputes them (the creation time, the expected window) from
the journal itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aimlapi_veo.errors import GenerationFailedError, GenerationTimeoutError
from aimlapi_veo.generation import Generation
from aimlapi_veo.reconcile import ReconcileResult

Outcome = Literal["saved", "failed", "timed out", "skipped", "error"]


@dataclass(frozen=True)
class WaitUpdate:
    """One step of a wait: sent once when the wait starts (`generation` is None: nothing
    fetched yet, `status` is the journal's last word or None) and on every status change."""

    generation_id: str
    status: str | None
    generation: Generation | None
    created_at: float | None  # None when this machine did not create the job
    window: tuple[float, float]  # when it should complete, in seconds after creation
    elapsed: float  # seconds since creation (since the wait began when that is unknown)
    waited: float  # seconds since this wait began


@dataclass(frozen=True)
class ResumeResult:
    """What `resume()` did with one unfinished job."""

    generation_id: str
    outcome: Outcome
    path: Path | None = None
    error: Exception | None = None
    detail: str = ""  # e.g. "claimed by another process"


# The outcome of a job whose finish raised; first match wins (anything else is "error").
ERROR_OUTCOMES: tuple[tuple[type[Exception], Outcome], ...] = (
    (GenerationFailedError, "failed"),
    (GenerationTimeoutError, "timed out"),
)


def outcome_of(exc: Exception) -> Outcome:
    return next((name for kind, name in ERROR_OUTCOMES if isinstance(exc, kind)), "error")


CreatedCallback = Callable[[Generation], None]
UpdateCallback = Callable[[WaitUpdate], None]
ProgressCallback = Callable[[int, int | None], None]  # bytes saved, total when known
ResultCallback = Callable[[ResumeResult], None]
ReconcileCallback = Callable[[ReconcileResult], None]
