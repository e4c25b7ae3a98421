from typing import Literal

Veo30I2VResolution = Literal["1080P", "720P"]

VEO_30I2V_RESOLUTION_VALUES: set[Veo30I2VResolution] = {
    "1080P",
    "720P",
}


def check_veo_30i2v_resolution(value: str) -> Veo30I2VResolution:
    if value in VEO_30I2V_RESOLUTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_30I2V_RESOLUTION_VALUES!r}")
