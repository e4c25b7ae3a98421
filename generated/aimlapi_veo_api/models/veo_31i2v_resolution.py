from typing import Literal

Veo31I2VResolution = Literal["1080p", "720p"]

VEO_31I2V_RESOLUTION_VALUES: set[Veo31I2VResolution] = {
    "1080p",
    "720p",
}


def check_veo_31i2v_resolution(value: str) -> Veo31I2VResolution:
    if value in VEO_31I2V_RESOLUTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31I2V_RESOLUTION_VALUES!r}")
