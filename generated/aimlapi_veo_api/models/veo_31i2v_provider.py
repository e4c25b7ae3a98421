from typing import Literal

Veo31I2VProvider = Literal["auto", "fal", "google"]

VEO_31I2V_PROVIDER_VALUES: set[Veo31I2VProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31i2v_provider(value: str) -> Veo31I2VProvider:
    if value in VEO_31I2V_PROVIDER_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31I2V_PROVIDER_VALUES!r}")
