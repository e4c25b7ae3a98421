"""`Generation`: what the wrapper returns for one job, read from the generated model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the generated package imports httpx: too slow for `veo --help`'s path
    from aimlapi_veo_api.models import Generation as ApiGeneration
    from aimlapi_veo_api.models import GenerationStatus

# Each status fact once: the journal's SQL, the batch runner and the CLI read these.
SUCCEEDED = frozenset({"completed"})
FAILED = frozenset({"error", "failed", "expired"})
TERMINAL = SUCCEEDED | FAILED
SPEC_IN_PROGRESS = frozenset({"queued", "generating"})
# In progress by evidence: the spec's, and what clients of the live API treat so (API-NOTES).
# Any other status is judged by what the answer carries (a video URL: done; an error and no
# video: failed) and otherwise waited for only up to the job's expected window (polling).
IN_PROGRESS = SPEC_IN_PROGRESS | {"waiting", "active", "processing"}
KNOWN = TERMINAL | IN_PROGRESS
DOWNLOADABLE = ("https://", "http://")
DEFAULT_DURATION = 5  # seconds of video when the request names none (the spec's default)


def _given(value: Any) -> Any:
    from aimlapi_veo_api.types import Unset  # noqa: PLC0415 (see the imports above)

    return None if isinstance(value, Unset) else value


def _duration(fields: Mapping[str, Any]) -> float | None:
    """Seconds of video, which answers carry although no spec revision since 2025-12 lists it."""
    value = fields.get("duration")
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Generation:
    """One generation. `status` is the generated open enum: listed values are members,
    others (`waiting`, `processing`, ...) keep their text in `.value`."""

    id: str
    status: GenerationStatus
    video_url: str | None = None
    content_type: str | None = None
    file_name: str | None = None
    file_size: int | None = None
    duration: float | None = None
    error_name: str | None = None
    error_message: str | None = None
    credits_used: float | None = None
    tokens_used: float | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_terminal(self) -> bool:
        return self.succeeded or self.failed

    @property
    def succeeded(self) -> bool:
        """Completed, or carrying a downloadable video whatever its status is called."""
        downloadable = (self.video_url or "").startswith(DOWNLOADABLE)
        return not self.failed and (self.status.value in SUCCEEDED or downloadable)

    @property
    def failed(self) -> bool:
        """A failure status, or an error and no video under a status not known to be in
        progress (`completed` with `video: null` and an error failed)."""
        status = self.status.value
        erred = bool(self.error_name or self.error_message) and not self.video_url
        return status in FAILED or (erred and status not in IN_PROGRESS)

    @property
    def status_known(self) -> bool:
        return self.status.value in KNOWN

    @classmethod
    def from_api(cls, model: ApiGeneration) -> Generation:
        video, error, meta = _given(model.video), _given(model.error), _given(model.meta)
        usage = _given(meta.usage) if meta else None
        extra = video.additional_properties if video else {}
        return cls(
            id=model.id,
            status=model.status,
            video_url=video.url if video else None,
            content_type=extra.get("content_type"),
            file_name=extra.get("file_name"),
            file_size=extra.get("file_size") if isinstance(extra.get("file_size"), int) else None,
            duration=_duration(model.additional_properties)
            or (_duration(extra) if video else None),
            error_name=error.name if error else None,
            error_message=error.message if error else None,
            credits_used=_given(usage.credits_used) if usage else None,
            tokens_used=_given(usage.tokens_used) if usage else None,
            raw=model.to_dict(),
        )
