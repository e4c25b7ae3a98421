from typing import Literal

Veo30I2VFastDuration = Literal[4, 6, 8]

VEO_30I2V_FAST_DURATION_VALUES: set[Veo30I2VFastDuration] = {
    4,
    6,
    8,
}


def check_veo_30i2v_fast_duration(value: int) -> Veo30I2VFastDuration:
    if value in VEO_30I2V_FAST_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_30I2V_FAST_DURATION_VALUES!r}"
    )
