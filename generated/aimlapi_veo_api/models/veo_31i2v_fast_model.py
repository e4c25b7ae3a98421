from typing import Literal

Veo31I2VFastModel = Literal["google/veo-3.1-i2v-fast"]

VEO_31I2V_FAST_MODEL_VALUES: set[Veo31I2VFastModel] = {
    "google/veo-3.1-i2v-fast",
}


def check_veo_31i2v_fast_model(value: str) -> Veo31I2VFastModel:
    if value in VEO_31I2V_FAST_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31I2V_FAST_MODEL_VALUES!r}")
