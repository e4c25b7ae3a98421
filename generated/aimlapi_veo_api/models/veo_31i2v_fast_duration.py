from typing import Literal

Veo31I2VFastDuration = Literal[4, 6, 8]

VEO_31I2V_FAST_DURATION_VALUES: set[Veo31I2VFastDuration] = {
    4,
    6,
    8,
}


def check_veo_31i2v_fast_duration(value: int) -> Veo31I2VFastDuration:
    if value in VEO_31I2V_FAST_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31I2V_FAST_DURATION_VALUES!r}"
    )
