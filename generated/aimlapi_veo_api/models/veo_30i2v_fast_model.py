from typing import Literal

Veo30I2VFastModel = Literal["google/veo-3.0-i2v-fast"]

VEO_30I2V_FAST_MODEL_VALUES: set[Veo30I2VFastModel] = {
    "google/veo-3.0-i2v-fast",
}


def check_veo_30i2v_fast_model(value: str) -> Veo30I2VFastModel:
    if value in VEO_30I2V_FAST_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_30I2V_FAST_MODEL_VALUES!r}")
