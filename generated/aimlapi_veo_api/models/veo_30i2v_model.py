from typing import Literal

Veo30I2VModel = Literal["google/veo-3.0-i2v"]

VEO_30I2V_MODEL_VALUES: set[Veo30I2VModel] = {
    "google/veo-3.0-i2v",
}


def check_veo_30i2v_model(value: str) -> Veo30I2VModel:
    if value in VEO_30I2V_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_30I2V_MODEL_VALUES!r}")
