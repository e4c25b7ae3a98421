"""The Veo models: what each one takes, read from the spec the client is generated from.

Each model has a generated request class (`from aimlapi_veo_api.models import Veo31I2V`)
whose constructor a type checker holds to that model's fields and values; `check` holds any
body to the same model's schema at run time, before anything is sent. The spec travels in
the generated package (`aimlapi_veo_api/openapi.json`); nothing here restates it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from aimlapi_veo.errors import InvalidInputError

Json = dict[str, Any]
LEGACY_MODEL = "veo2/image-to-video"  # what `create(image, prompt, ...)` sends
# Veo2 image-to-video's page: "around 40-50 seconds for a 5-second video". Upstream states no
# window for any other model, so each one's is this one's scaled by the video's length.
PAGE_WINDOW, PAGE_SECONDS = (40.0, 50.0), 5
MEDIA = ("image_url", "tail_image_url", "last_image_url", "image_urls", "video_url")
PY_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "number": (int, float),
    "array": list,
}
TYPE_WORDS = {"integer": "an integer", "boolean": "true or false", "array": "a list"}


@dataclass(frozen=True)
class Model:
    """One Veo model: its id, its request schema (spec/openapi.json) and generated class name."""

    id: str
    class_name: str
    schema: Json

    @property
    def fields(self) -> dict[str, Json]:
        return {k: v for k, v in self.schema["properties"].items() if k != "model"}

    @property
    def required(self) -> list[str]:
        return [k for k in self.schema.get("required", []) if k != "model"]

    @property
    def default_duration(self) -> int:
        """The seconds of video the API makes when the request names none."""
        prop = self.fields.get("duration", {})
        return int(prop.get("x-api-default", prop.get("enum", [PAGE_SECONDS])[0]))

    def window(self, duration: int | None = None) -> tuple[float, float]:
        """When a video of this length should be done, in seconds after the create."""
        scale = (duration or self.default_duration) / PAGE_SECONDS
        return PAGE_WINDOW[0] * scale, PAGE_WINDOW[1] * scale

    def request_class(self) -> type[Any]:
        from aimlapi_veo_api import models  # noqa: PLC0415 (start-up time: see wire.py)

        cls: type[Any] = getattr(models, self.class_name)
        return cls


@functools.cache
def spec() -> Json:
    data: Json = json.loads(files("aimlapi_veo_api").joinpath("openapi.json").read_text("utf-8"))
    return data


@functools.cache
def models() -> dict[str, Model]:
    """Every model the create operation takes, by id, in the spec's order."""
    create = spec()["paths"]["/v2/video/generations"]["post"]
    mapping = create["requestBody"]["content"]["application/json"]["schema"]["discriminator"]
    schemas = spec()["components"]["schemas"]
    found = {}
    for model_id, ref in mapping["mapping"].items():
        name = ref.rsplit("/", 1)[-1]
        found[model_id] = Model(model_id, name, schemas[name])
    return found


def get(model_id: str) -> Model:
    try:
        return models()[model_id]
    except KeyError:
        raise InvalidInputError(
            f"unknown model {model_id!r}; `veo models` lists them: {', '.join(models())}"
        ) from None


def check(body: Json) -> Json:
    """`body` if its model's schema takes it (a numeric string duration read as one), else
    InvalidInputError naming the field and what it takes."""
    model = get(str(body.get("model")))
    checked = {"model": model.id}
    for name, value in body.items():
        if name == "model" or value is None:
            continue
        prop = model.fields.get(name)
        if prop is None:
            raise InvalidInputError(
                f"{model.id} does not take {name}; it takes {', '.join(model.fields)}"
            )
        checked[name] = _value(model.id, name, prop, value)
    missing = [name for name in model.required if name not in checked]
    if missing:
        raise InvalidInputError(f"{model.id} needs {', '.join(missing)}")
    return checked


def _value(model: str, name: str, prop: Json, value: Any) -> Any:
    if name == "duration" and isinstance(value, str) and value.isdigit():
        value = int(value)  # the vendor's own example sends "duration": "5"
    expected = PY_TYPES.get(prop.get("type", ""), object)
    wrong = not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool)
    problem = (
        f"must be {TYPE_WORDS.get(prop['type'], 'a ' + prop['type'])}"
        if wrong
        else f"must be one of {', '.join(map(str, prop['enum']))}"
        if "enum" in prop and value not in prop["enum"]
        else "does not have the form the API takes"
        if isinstance(value, str) and not re.search(prop.get("pattern", ""), value)
        else f"needs at least {prop['minItems']} item(s)"
        if isinstance(value, list) and len(value) < prop.get("minItems", 0)
        else None
    )
    if problem:
        shown = (
            "a data: URI" if isinstance(value, str) and value.startswith("data:") else repr(value)
        )
        raise InvalidInputError(f"{name} {problem}, not {shown[:80]} ({model})")
    return value
