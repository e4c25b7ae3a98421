"""Checks a create request's JSON body exactly as the spec describes it, naming the bad field.

The rules are the spec's (spec/openapi.json after the project's corrections), so that the spec
profile refuses what the spec calls invalid and accepts everything it calls valid: the patterns
below are the spec's own, and a test holds them equal. The live profile departs where
API-NOTES says the service does: it takes the vendor example's `"duration": "5"`, and treats a
`null` optional field as absent (NestJS's @IsOptional, an inference: see API-NOTES).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .config import Profile
from .images import ImageInput, decode_data_uri

MODEL = "veo2/image-to-video"
DURATIONS = (5, 6, 7, 8)
ASPECT_RATIOS = ("16:9", "9:16")
#: The spec's `pattern` for prompt and generation_id: a character other than ASCII whitespace
#: (spelled out: `\s` differs between Python's, Rust's and JavaScript's regex engines).
NOT_BLANK = r"[^\t\n\v\f\r ]"
#: The spec's `pattern` for image_url and tail_image_url: an http(s) URL or a base64 data URI.
IMAGE_URL = (
    r"^(https?://[^\t\n\v\f\r /?#\[\]@]+(/[^\t\n\v\f\r ]*)?"
    r"|data:image/[A-Za-z0-9.+-]+;base64,[A-Za-z0-9+/]+={0,2})$"
)
_NOT_BLANK, _IMAGE_URL = re.compile(NOT_BLANK), re.compile(IMAGE_URL)
OPTIONAL = (
    "tail_image_url",
    "duration",
    "aspect_ratio",
    "negative_prompt",
    "seed",
    "enhance_prompt",
)


class ValidationFailure(Exception):  # noqa: N818 - reads as what it is, not as a crash
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CreateRequest:
    """Only what the render (and the deviations) need; the rest is checked and then forgotten."""

    prompt: str
    image: ImageInput
    tail_image: ImageInput | None
    duration: int
    aspect_ratio: str
    seed: int | None = None


def not_blank(value: object) -> bool:
    return isinstance(value, str) and _NOT_BLANK.search(value) is not None


def validate_create(payload: Any, profile: Profile, *, check_images: bool = True) -> CreateRequest:
    """Raises ValidationFailure naming the first bad field; unknown fields are ignored."""
    if not isinstance(payload, dict):
        raise ValidationFailure(None, "request body must be a JSON object")
    payload = _without_nulls(payload, profile)
    _check_model(payload.get("model"))
    _check_optional_types(payload)
    return CreateRequest(
        prompt=_prompt(payload.get("prompt")),
        image=_image("image_url", payload.get("image_url"), check_images),
        tail_image=_optional_image("tail_image_url", payload, check_images),
        duration=_duration(payload.get("duration", DURATIONS[0]), profile),
        aspect_ratio=_aspect_ratio(payload.get("aspect_ratio", ASPECT_RATIOS[0])),
        seed=_integer(payload.get("seed")),
    )


def _without_nulls(payload: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """The spec types no optional field as nullable; NestJS's @IsOptional skips a null."""
    nulls = [name for name in OPTIONAL if name in payload and payload[name] is None]
    if nulls and profile == "spec":
        raise ValidationFailure(nulls[0], f"{nulls[0]} must not be null (leave it out instead)")
    return {k: v for k, v in payload.items() if k not in nulls}


def _check_model(value: object) -> None:
    if value is None or value == "":
        raise ValidationFailure("model", "model should not be empty")
    if value != MODEL:
        raise ValidationFailure("model", f"model must be one of the following values: {MODEL}")


def _prompt(value: object) -> str:
    if not isinstance(value, str) or not not_blank(value):
        raise ValidationFailure("prompt", "prompt must be a string with a non-blank character")
    return value


def _optional_image(field: str, payload: dict[str, Any], check: bool) -> ImageInput | None:
    return _image(field, payload[field], check) if field in payload else None


def _image(field: str, value: object, check: bool) -> ImageInput:
    if value is None or value == "":
        raise ValidationFailure(field, f"{field} should not be empty")
    if not isinstance(value, str):
        raise ValidationFailure(field, f"{field} must be a string")
    if not check:
        return value  # the image_url_unchecked deviation: anything goes, rendered as a placeholder
    # search, not fullmatch: a pattern is searched (JSON Schema), and its `$` matches before a
    # final newline in Python, so every Python validator of the spec accepts that too.
    if _IMAGE_URL.search(value) is None:
        raise ValidationFailure(
            field, f"{field} must be an http(s) URL or a data:image/...;base64,... URI"
        )
    if not value.startswith("data:"):
        return value
    try:
        return decode_data_uri(value)
    except ValueError:
        # The spec cannot say "an image Pillow reads": a well-formed data URI is valid, and
        # what it holds is rendered as a placeholder if it is not a readable image.
        return value


def _integer(value: object) -> int | None:
    """JSON has one number type: 5.0 is the integer 5 (as for the service's JavaScript)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value)


def _duration(value: object, profile: Profile) -> int:
    # The vendor's own example sends "5"; the live service takes it, the spec does not.
    if profile == "live" and isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    number = _integer(value)
    if number not in DURATIONS:
        raise ValidationFailure("duration", "duration must be one of 5, 6, 7, 8")
    assert number is not None
    return number


def _aspect_ratio(value: object) -> str:
    if value not in ASPECT_RATIOS:
        raise ValidationFailure("aspect_ratio", "aspect_ratio must be one of 16:9, 9:16")
    return str(value)


def _check_optional_types(payload: dict[str, Any]) -> None:
    checks: tuple[tuple[str, str, Callable[[object], bool]], ...] = (
        ("negative_prompt", "a string", lambda v: isinstance(v, str)),
        ("seed", "an integer", lambda v: _integer(v) is not None),
        ("enhance_prompt", "a boolean", lambda v: isinstance(v, bool)),
    )
    for field, kind, ok in checks:
        if field in payload and not ok(payload[field]):
            raise ValidationFailure(field, f"{field} must be {kind}")
