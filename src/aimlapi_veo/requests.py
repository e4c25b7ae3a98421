"""Build the create request from friendly arguments, checking them against the spec's types
before anything is sent (the allowed values come from the generated enums, not from here)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from aimlapi_veo_api.models import AspectRatio, CreateGenerationRequest, Duration, Model
from aimlapi_veo_api.types import UNSET

from aimlapi_veo.errors import InvalidInputError
from aimlapi_veo.images import ImageInput, to_image_url

MODEL = Model.VEO2IMAGE_TO_VIDEO
E = TypeVar("E", bound=Enum)


def allowed(enum: Iterable[Enum]) -> str:
    return ", ".join(str(member.value) for member in enum)


def pick(enum: type[E], value: object, field: str) -> E:
    """The member of `enum` whose value is `value` (numeric strings accepted for ints)."""
    for member in enum:
        if (
            member.value == value
            or (isinstance(member.value, int) and str(member.value) == str(value))
        ) and not isinstance(value, bool):
            return member
    raise InvalidInputError(f"{field} must be one of {allowed(enum)}, not {value!r}")


def check_text(value: object, field: str, *, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInputError(f"{field} must be a non-empty string")
    return value


def build_request(
    *,
    image: ImageInput,
    prompt: str,
    tail_image: ImageInput | None = None,
    duration: int | str | None = None,
    aspect_ratio: str | None = None,
    negative_prompt: str | None = None,
    seed: int | None = None,
    enhance_prompt: bool | None = None,
) -> CreateGenerationRequest:
    """The generated request model, or InvalidInputError naming the field and what it accepts."""
    check_text(prompt, "prompt", required=True)
    check_text(negative_prompt, "negative_prompt", required=False)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise InvalidInputError(f"seed must be an integer, not {seed!r}")
    if enhance_prompt is not None and not isinstance(enhance_prompt, bool):
        raise InvalidInputError(f"enhance_prompt must be true or false, not {enhance_prompt!r}")
    request = CreateGenerationRequest(model=MODEL, prompt=prompt, image_url=to_image_url(image))
    request.duration = (
        pick(Duration, duration, "duration") if duration is not None else Duration.VALUE_5
    )
    request.aspect_ratio = (
        pick(AspectRatio, aspect_ratio, "aspect_ratio") if aspect_ratio is not None else UNSET
    )
    request.tail_image_url = (
        to_image_url(tail_image, "tail_image") if tail_image is not None else UNSET
    )
    request.negative_prompt = negative_prompt if negative_prompt is not None else UNSET
    request.seed = seed if seed is not None else UNSET
    request.enhance_prompt = enhance_prompt if enhance_prompt is not None else UNSET
    return request
