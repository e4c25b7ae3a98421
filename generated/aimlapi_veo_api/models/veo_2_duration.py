from typing import Literal

Veo2Duration = Literal[5, 6, 7, 8]

VEO_2_DURATION_VALUES: set[Veo2Duration] = {
    5,
    6,
    7,
    8,
}


def check_veo_2_duration(value: int) -> Veo2Duration:
    if value in VEO_2_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_2_DURATION_VALUES!r}")
