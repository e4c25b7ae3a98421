from typing import Literal

Veo30I2VAspectRatio = Literal["16:9", "9:16"]

VEO_30I2V_ASPECT_RATIO_VALUES: set[Veo30I2VAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_30i2v_aspect_ratio(value: str) -> Veo30I2VAspectRatio:
    if value in VEO_30I2V_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_30I2V_ASPECT_RATIO_VALUES!r}"
    )
