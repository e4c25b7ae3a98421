from typing import Literal

Veo30I2VFastAspectRatio = Literal["16:9", "9:16"]

VEO_30I2V_FAST_ASPECT_RATIO_VALUES: set[Veo30I2VFastAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_30i2v_fast_aspect_ratio(value: str) -> Veo30I2VFastAspectRatio:
    if value in VEO_30I2V_FAST_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_30I2V_FAST_ASPECT_RATIO_VALUES!r}"
    )
