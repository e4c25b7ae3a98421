from typing import Literal

Veo30I2VFastResolution = Literal["1080P", "720P"]

VEO_30I2V_FAST_RESOLUTION_VALUES: set[Veo30I2VFastResolution] = {
    "1080P",
    "720P",
}


def check_veo_30i2v_fast_resolution(value: str) -> Veo30I2VFastResolution:
    if value in VEO_30I2V_FAST_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_30I2V_FAST_RESOLUTION_VALUES!r}"
    )
