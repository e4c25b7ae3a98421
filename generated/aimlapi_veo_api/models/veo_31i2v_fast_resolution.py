from typing import Literal

Veo31I2VFastResolution = Literal["1080p", "720p"]

VEO_31I2V_FAST_RESOLUTION_VALUES: set[Veo31I2VFastResolution] = {
    "1080p",
    "720p",
}


def check_veo_31i2v_fast_resolution(value: str) -> Veo31I2VFastResolution:
    if value in VEO_31I2V_FAST_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31I2V_FAST_RESOLUTION_VALUES!r}"
    )
