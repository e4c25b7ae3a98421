"""How a wait and a download look: live on a terminal, one plain line per change when piped
(so logs and CI output stay readable)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from aimlapi_veo.generation import Generation
from aimlapi_veo_cli.common import err, say


def expectation(elapsed: float, window: tuple[float, float]) -> str:
    """When the video should be ready, in words, `elapsed` seconds after creation."""
    low, high = window
    if elapsed < low:
        spread = (
            f"{low - elapsed:.0f}" if high == low else f"{low - elapsed:.0f}-{high - elapsed:.0f}"
        )
        return f"expected in {spread} s"
    if elapsed < high:
        return f"expected within {high - elapsed:.0f} s"
    return "taking longer than usual"


class _LineColumn(ProgressColumn):
    def __init__(self, line: Callable[[], str]) -> None:
        super().__init__()
        self._line = line

    def render(self, task: Task) -> Text:
        return Text(self._line())


class WaitView:
    """The on_update callback of a wait: status, time since creation, expected remaining."""

    def __init__(
        self,
        generation_id: str,
        created_at: float | None,
        window: tuple[float, float],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.generation_id = generation_id
        self._clock = clock
        self._created = created_at if created_at is not None else clock()
        self._window = window
        self.status = "submitted"
        self._progress: Progress | None = None
        if err.is_terminal:
            self._progress = Progress(
                SpinnerColumn(), _LineColumn(self.line), console=err, transient=True
            )

    def __enter__(self) -> WaitView:
        if self._progress is None:
            say(f"{self.generation_id}: waiting, {expectation(self.elapsed(), self._window)}")
        else:
            self._progress.start()
            self._progress.add_task("wait", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
        if exc[0] is None:
            say(f"{self.generation_id}: {self.status} after {self.elapsed():.1f} s", "green")

    def elapsed(self) -> float:
        return max(self._clock() - self._created, 0.0)

    def line(self) -> str:
        elapsed = self.elapsed()
        return f"{self.status}  {elapsed:.0f} s elapsed  {expectation(elapsed, self._window)}"

    def update(self, generation: Generation) -> None:
        self.status = generation.status.value
        if self._progress is None and not generation.is_terminal:
            say(f"{self.generation_id}: {self.line()}")


class DownloadView:
    """The on_progress callback of a download: a bar on a terminal, one line otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._task: TaskID | None = None
        self._progress: Progress | None = None
        if err.is_terminal:
            self._progress = Progress(
                TextColumn("downloading"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                console=err,
                transient=True,
            )

    def __enter__(self) -> DownloadView:
        if self._progress is None:
            say(f"downloading to {self.path}")
        else:
            self._progress.start()
            self._task = self._progress.add_task("download", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, done: int, total: int | None) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total)
