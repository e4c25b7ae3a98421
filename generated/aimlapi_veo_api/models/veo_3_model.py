from typing import Literal

Veo3Model = Literal["google/veo3"]

VEO_3_MODEL_VALUES: set[Veo3Model] = {
    "google/veo3",
}


def check_veo_3_model(value: str) -> Veo3Model:
    if value in VEO_3_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_3_MODEL_VALUES!r}")
