from typing import Literal

Veo31T2VResolution = Literal["1080p", "720p"]

VEO_31T2V_RESOLUTION_VALUES: set[Veo31T2VResolution] = {
    "1080p",
    "720p",
}


def check_veo_31t2v_resolution(value: str) -> Veo31T2VResolution:
    if value in VEO_31T2V_RESOLUTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31T2V_RESOLUTION_VALUES!r}")
