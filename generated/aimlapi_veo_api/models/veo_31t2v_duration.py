from typing import Literal

Veo31T2VDuration = Literal[4, 6, 8]

VEO_31T2V_DURATION_VALUES: set[Veo31T2VDuration] = {
    4,
    6,
    8,
}


def check_veo_31t2v_duration(value: int) -> Veo31T2VDuration:
    if value in VEO_31T2V_DURATION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31T2V_DURATION_VALUES!r}")
