"""The Generation JSON the API answers with, per profile, with any deviations applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import SandboxConfig
from .jobs import Job

#: Made-up price, only so usage numbers are plausible and grow with duration.
CREDITS_PER_SECOND = 105_000


@dataclass(frozen=True)
class VideoLink:
    url: str
    seconds: float
    size: int  # 0 when not rendered yet (the spec profile does not report it)


def create_answer(job: Job, status: str, config: SandboxConfig) -> dict[str, Any]:
    return _deviate({"id": job.id, "status": status}, job, config, fetch=False)


def fetch_answer(
    job: Job, status: str, link: VideoLink | None, config: SandboxConfig
) -> dict[str, Any]:
    failed = status in ("error", "failed")
    if config.profile == "live":
        body = _live(job, status, link, failed, config)
    else:
        body = _spec(job, status, link, failed, config)
    return _deviate(body, job, config, fetch=True)


def _spec(
    job: Job, status: str, link: VideoLink | None, failed: bool, config: SandboxConfig
) -> dict[str, Any]:
    # Every field of the spec's Generation, nullable ones as null, so clients meet real nulls.
    return {
        "id": job.id,
        "status": status,
        "video": None if link is None else _spec_video(link),
        "error": _error(config) if failed else None,
        "meta": None if link is None else {"usage": {"credits_used": credits_of(job)}},
    }


def _spec_video(link: VideoLink) -> dict[str, Any]:
    # A size is only known (rendered) when a deviation reports one: then it is sent.
    size = {"file_size": link.size} if link.size else {}
    return {"url": link.url, **size}  # the spec's Generation has no duration (since 2025-12)


def _live(
    job: Job, status: str, link: VideoLink | None, failed: bool, config: SandboxConfig
) -> dict[str, Any]:
    # As the vendor's sample shows it: absent fields are left out, the video carries file facts.
    body: dict[str, Any] = {"id": job.id, "status": status}
    if link is not None:
        body["video"] = {
            "url": link.url,
            "content_type": "video/mp4",
            "file_name": "output.mp4",
            "file_size": link.size,
        }
        body["meta"] = {"usage": {"tokens_used": credits_of(job)}}
    if failed:
        body["error"] = _error(config)
    return body


def _error(config: SandboxConfig) -> dict[str, str]:
    return {
        "name": "GenerationError",
        "message": "The generation failed: the prompt contains the sandbox's error trigger "
        f"{config.error_trigger!r}. No video was produced.",
    }


def credits_of(job: Job) -> int:
    return job.duration * CREDITS_PER_SECOND


def _deviate(
    body: dict[str, Any], job: Job, config: SandboxConfig, *, fetch: bool
) -> dict[str, Any]:
    if "wrong_field_type" in config.deviations:
        body["id"] = job.number
    if fetch and "missing_required_field" in config.deviations:
        del body["status"]
    if fetch and "missing_video_url" in config.deviations and isinstance(body.get("video"), dict):
        del body["video"]["url"]
    return body
