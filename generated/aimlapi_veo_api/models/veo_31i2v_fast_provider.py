from typing import Literal

Veo31I2VFastProvider = Literal["auto", "fal", "google"]

VEO_31I2V_FAST_PROVIDER_VALUES: set[Veo31I2VFastProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31i2v_fast_provider(value: str) -> Veo31I2VFastProvider:
    if value in VEO_31I2V_FAST_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31I2V_FAST_PROVIDER_VALUES!r}"
    )
