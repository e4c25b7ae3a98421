from typing import Literal

Veo30FastDuration = Literal[4, 6, 8]

VEO_30_FAST_DURATION_VALUES: set[Veo30FastDuration] = {
    4,
    6,
    8,
}


def check_veo_30_fast_duration(value: int) -> Veo30FastDuration:
    if value in VEO_30_FAST_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_30_FAST_DURATION_VALUES!r}")
