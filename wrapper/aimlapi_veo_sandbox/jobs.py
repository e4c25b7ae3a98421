"""Jobs and their lifecycle: a job's status is a pure function of how long ago it was created."""

from __future__ import annotations

from dataclasses import dataclass

from .config import SandboxConfig

#: The live service's in-progress statuses, in the order the sandbox walks through them.
LIVE_IN_PROGRESS = ("waiting", "active", "queued", "generating", "processing")


@dataclass(slots=True)
class Job:
    """Kept small on purpose (slots, no images): benchmarks hold a thousand at once."""

    id: str
    number: int  # a stable integer alias; the wrong_field_type deviation sends it as `id`
    created_at: float
    duration: int
    fails: bool
    failure_status: str  # "error"; the live profile sometimes says "failed"
    token: str | None  # CDN token of the video; None for a job that will fail
    url_expires: int = 0  # unix Expires of the link last handed out


def progress(job: Job, now: float, config: SandboxConfig) -> float:
    """0 at create, 1 (or more) once terminal."""
    if config.generation_seconds <= 0:
        return 1.0
    return (now - job.created_at) / config.generation_seconds


def status_at(job: Job, now: float, config: SandboxConfig) -> str:
    done = progress(job, now, config)
    if done >= 1:
        return job.failure_status if job.fails else "completed"
    return in_progress_status(done, config)


def in_progress_status(done: float, config: SandboxConfig) -> str:
    if "unknown_status" in config.deviations:
        return "processing"
    if "suspended_status" in config.deviations and done >= config.queued_fraction:
        return "suspended"
    if config.profile == "live":
        phase = min(int(max(done, 0.0) * len(LIVE_IN_PROGRESS)), len(LIVE_IN_PROGRESS) - 1)
        return LIVE_IN_PROGRESS[phase]
    return "queued" if done < config.queued_fraction else "generating"


class JobStore:
    def __init__(self) -> None:
        self._by_id: dict[str, Job] = {}
        self._by_number: dict[int, Job] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, job: Job) -> None:
        self._by_id[job.id] = job
        self._by_number[job.number] = job

    def get(self, generation_id: str, *, by_number: bool = False) -> Job | None:
        job = self._by_id.get(generation_id)
        if job is None and by_number and generation_id.isdigit():
            job = self._by_number.get(int(generation_id))
        return job
