from typing import Literal

Veo31I2VDuration = Literal[4, 6, 8]

VEO_31I2V_DURATION_VALUES: set[Veo31I2VDuration] = {
    4,
    6,
    8,
}


def check_veo_31i2v_duration(value: int) -> Veo31I2VDuration:
    if value in VEO_31I2V_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31I2V_DURATION_VALUES!r}")
