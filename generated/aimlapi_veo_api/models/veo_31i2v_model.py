from typing import Literal

Veo31I2VModel = Literal["google/veo-3.1-i2v"]

VEO_31I2V_MODEL_VALUES: set[Veo31I2VModel] = {
    "google/veo-3.1-i2v",
}


def check_veo_31i2v_model(value: str) -> Veo31I2VModel:
    if value in VEO_31I2V_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31I2V_MODEL_VALUES!r}")
