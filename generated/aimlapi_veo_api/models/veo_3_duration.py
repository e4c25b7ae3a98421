from typing import Literal

Veo3Duration = Literal[4, 6, 8]

VEO_3_DURATION_VALUES: set[Veo3Duration] = {
    4,
    6,
    8,
}


def check_veo_3_duration(value: int) -> Veo3Duration:
    if value in VEO_3_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_3_DURATION_VALUES!r}")
