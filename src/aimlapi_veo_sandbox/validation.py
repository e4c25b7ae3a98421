"""Checks a create request's JSON body the way the spec describes it, naming the bad field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .config import Profile
from .images import ImageInput, decode_data_uri

MODEL = "veo2/image-to-video"
DURATIONS = (5, 6, 7, 8)
ASPECT_RATIOS = ("16:9", "9:16")


class ValidationFailure(Exception):  # noqa: N818 - reads as what it is, not as a crash
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CreateRequest:
    """Only what the render needs; the other fields are checked and then forgotten."""

    prompt: str
    image: ImageInput
    tail_image: ImageInput | None
    duration: int
    aspect_ratio: str


def validate_create(payload: Any, profile: Profile) -> CreateRequest:
    """Raises ValidationFailure naming the first bad field; unknown fields are ignored."""
    if not isinstance(payload, dict):
        raise ValidationFailure(None, "request body must be a JSON object")
    _check_model(payload.get("model"))
    _check_optional_types(payload)
    return CreateRequest(
        prompt=_prompt(payload.get("prompt")),
        image=_image("image_url", payload.get("image_url")),
        tail_image=_optional_image("tail_image_url", payload.get("tail_image_url")),
        duration=_duration(payload.get("duration"), profile),
        aspect_ratio=_aspect_ratio(payload.get("aspect_ratio")),
    )


def _check_model(value: object) -> None:
    if value is None or value == "":
        raise ValidationFailure("model", "model should not be empty")
    if value != MODEL:
        raise ValidationFailure("model", f"model must be one of the following values: {MODEL}")


def _prompt(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailure("prompt", "prompt must be a non-empty string")
    return value


def _optional_image(field: str, value: object) -> ImageInput | None:
    return None if value is None else _image(field, value)


def _image(field: str, value: object) -> ImageInput:
    if value is None or value == "":
        raise ValidationFailure(field, f"{field} should not be empty")
    if not isinstance(value, str):
        raise ValidationFailure(field, f"{field} must be a string")
    if value.startswith("data:"):
        try:
            return decode_data_uri(value)
        except ValueError as exc:
            raise ValidationFailure(field, f"{field} is not a usable image: {exc}") from None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailure(
            field, f"{field} must be an http(s) URL or a data:image/...;base64,... URI"
        )
    return value


def _duration(value: object, profile: Profile) -> int:
    if value is None:
        return DURATIONS[0]
    # The vendor's own example sends "5"; the live service takes it, the spec does not.
    if profile == "live" and isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if type(value) is not int or value not in DURATIONS:
        raise ValidationFailure("duration", "duration must be one of 5, 6, 7, 8")
    return value


def _aspect_ratio(value: object) -> str:
    if value is None:
        return ASPECT_RATIOS[0]
    if value not in ASPECT_RATIOS:
        raise ValidationFailure("aspect_ratio", "aspect_ratio must be one of 16:9, 9:16")
    return str(value)


def _check_optional_types(payload: dict[str, Any]) -> None:
    checks: tuple[tuple[str, str, type], ...] = (
        ("negative_prompt", "a string", str),
        ("seed", "an integer", int),
        ("enhance_prompt", "a boolean", bool),
    )
    for field, kind, expected in checks:
        value = payload.get(field)
        # bool is a subclass of int: `true` is not a seed.
        wrong_bool = expected is int and isinstance(value, bool)
        if value is not None and (not isinstance(value, expected) or wrong_bool):
            raise ValidationFailure(field, f"{field} must be {kind}")
