from typing import Literal

Veo31T2VFastModel = Literal["google/veo-3.1-t2v-fast"]

VEO_31T2V_FAST_MODEL_VALUES: set[Veo31T2VFastModel] = {
    "google/veo-3.1-t2v-fast",
}


def check_veo_31t2v_fast_model(value: str) -> Veo31T2VFastModel:
    if value in VEO_31T2V_FAST_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31T2V_FAST_MODEL_VALUES!r}")
