from typing import Literal

Veo30FastModel = Literal["google/veo-3.0-fast"]

VEO_30_FAST_MODEL_VALUES: set[Veo30FastModel] = {
    "google/veo-3.0-fast",
}


def check_veo_30_fast_model(value: str) -> Veo30FastModel:
    if value in VEO_30_FAST_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_30_FAST_MODEL_VALUES!r}")
