from typing import Literal

Veo30I2VDuration = Literal[4, 6, 8]

VEO_30I2V_DURATION_VALUES: set[Veo30I2VDuration] = {
    4,
    6,
    8,
}


def check_veo_30i2v_duration(value: int) -> Veo30I2VDuration:
    if value in VEO_30I2V_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_30I2V_DURATION_VALUES!r}")
