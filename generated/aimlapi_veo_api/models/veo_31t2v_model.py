from typing import Literal

Veo31T2VModel = Literal["google/veo-3.1-t2v"]

VEO_31T2V_MODEL_VALUES: set[Veo31T2VModel] = {
    "google/veo-3.1-t2v",
}


def check_veo_31t2v_model(value: str) -> Veo31T2VModel:
    if value in VEO_31T2V_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31T2V_MODEL_VALUES!r}")
