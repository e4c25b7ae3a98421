"""Checks a create request's JSON body against its model's schema in the spec, naming the bad field.

The rules are the spec's own (the merged spec/openapi.json, as the generated package carries
it): one schema per Veo model, chosen by `model`, checked by an OpenAPI 3.0 schema validator,
so the spec profile refuses what the spec calls invalid and accepts everything it calls valid.
The live profile departs where API-NOTES says the service does: it takes the vendor example's
`"duration": "5"`, and treats a `null` optional field as absent (NestJS's @IsOptional, an
inference: see API-NOTES).
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import validators  # type: ignore[import-untyped]  # no stubs published
from openapi_schema_validator import OAS30Validator

from .config import Profile
from .images import ImageInput, decode_data_uri

#: The spec's `pattern` for prompt and generation_id: a character other than ASCII whitespace.
NOT_BLANK = r"[^\t\n\v\f\r ]"
_NOT_BLANK = re.compile(NOT_BLANK)


@functools.cache
def spec() -> dict[str, Any]:
    """The merged spec, as the generated package carries it: read as data, without importing
    the client (the sandbox stands apart from what it tests)."""
    found = importlib.util.find_spec("aimlapi_veo_api")
    assert found is not None
    assert found.submodule_search_locations is not None
    folder = Path(next(iter(found.submodule_search_locations)))
    document: dict[str, Any] = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    return document


@functools.cache
def models() -> dict[str, dict[str, Any]]:
    """Each model's request schema, by model id (the create's discriminator)."""
    create = spec()["paths"]["/v2/video/generations"]["post"]
    mapping = create["requestBody"]["content"]["application/json"]["schema"]["discriminator"]
    schemas = spec()["components"]["schemas"]
    return {model: schemas[ref.rsplit("/", 1)[-1]] for model, ref in mapping["mapping"].items()}


class ValidationFailure(Exception):  # noqa: N818 - reads as what it is, not as a crash
    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CreateRequest:
    """Only what the render (and the deviations) need; the rest is checked and then forgotten."""

    prompt: str
    image: ImageInput  # "" for a model that takes no image: the render shows the prompt
    tail_image: ImageInput | None
    duration: int
    aspect_ratio: str
    seed: int | None = None
    resolution: str = "720p"
    model: str = "veo2/image-to-video"


def not_blank(value: object) -> bool:
    return isinstance(value, str) and _NOT_BLANK.search(value) is not None


def validate_create(payload: Any, profile: Profile, *, check_images: bool = True) -> CreateRequest:
    """Raises ValidationFailure naming the first bad field; unknown fields are ignored."""
    if not isinstance(payload, dict):
        raise ValidationFailure(None, "request body must be a JSON object")
    model = payload.get("model")
    known = models()
    if model is None or model == "":
        raise ValidationFailure("model", "model should not be empty")
    if not isinstance(model, str) or model not in known:
        raise ValidationFailure(
            "model", f"model must be one of the following values: {', '.join(known)}"
        )
    payload = _as_live(payload, profile)
    error = next(iter(_validator(model, check_images).iter_errors(payload)), None)
    if error is not None:
        field = str(error.path[0]) if error.path else _missing(error.message)
        raise ValidationFailure(field, f"{field} {_reason(error)}")
    duration = known[model]["properties"].get("duration", {})
    return _request(payload, duration.get("x-api-default", 8), check_images)


# JSON has one number type: 5.0 is the integer 5 (as for the service's JavaScript, and for
# JSON Schema since draft 6); OAS 3.0's validator would follow draft 4 and refuse it.
Validator = validators.extend(
    OAS30Validator,
    type_checker=OAS30Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: _draft6_integer(value)
    ),
)


def _draft6_integer(value: object) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


@functools.cache
def _validator(model: str, check_images: bool) -> Any:
    schema = copy.deepcopy(models()[model])
    if not check_images:  # the image_url_unchecked deviation: any non-empty string goes
        for name, field in schema["properties"].items():
            if not name.endswith(("_url", "_urls")):
                continue
            for part in (field, field.get("items", {})):
                if part.pop("pattern", None) is not None:
                    part["minLength"] = 1
    return Validator(schema)


def _as_live(payload: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """The live service skips a null (NestJS's @IsOptional) and reads "5" as 5."""
    if profile != "live":
        return payload
    live = {k: v for k, v in payload.items() if v is not None or k in ("model", "prompt")}
    duration = live.get("duration")
    if isinstance(duration, str) and duration.strip().isdigit():
        live["duration"] = int(duration)
    return live


def _missing(message: str) -> str:
    """The field a `required` error names ("'image_url' is a required property")."""
    found = re.match(r"'([^']+)'", message)
    return found.group(1) if found else "body"


def _reason(error: Any) -> str:
    if error.validator == "required":
        return "should not be empty"
    if error.validator == "enum":
        return f"must be one of the following values: {', '.join(map(str, error.validator_value))}"
    if error.validator == "pattern":
        return "does not have the form the spec gives (an http(s) URL or a data: URI)"
    return str(error.message)


def _request(payload: dict[str, Any], duration: int, check_images: bool) -> CreateRequest:
    first = payload.get("image_url") or next(iter(payload.get("image_urls") or []), "")
    tail = payload.get("tail_image_url") or payload.get("last_image_url")
    seed = payload.get("seed")
    aspect = str(payload.get("aspect_ratio", "16:9"))
    return CreateRequest(
        prompt=payload["prompt"],
        image=_image(first, check_images),
        tail_image=None if tail is None else _image(tail, check_images),
        duration=int(payload.get("duration", duration)),
        aspect_ratio="16:9" if aspect == "auto" else aspect,
        seed=int(seed) if isinstance(seed, int | float) and not isinstance(seed, bool) else None,
        resolution=str(payload.get("resolution", "720p")).lower(),
        model=payload["model"],
    )


def _image(value: str, check: bool) -> ImageInput:
    if not check or not value.startswith("data:image/"):
        return value  # a URL, or anything under image_url_unchecked: rendered as a placeholder
    try:
        return decode_data_uri(value)
    except ValueError:
        # The spec cannot say "an image Pillow reads": a well-formed data URI is valid, and
        # what it holds is rendered as a placeholder if it is not a readable image.
        return value
