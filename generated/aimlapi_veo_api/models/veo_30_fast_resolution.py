from typing import Literal

Veo30FastResolution = Literal["1080P", "720P"]

VEO_30_FAST_RESOLUTION_VALUES: set[Veo30FastResolution] = {
    "1080P",
    "720P",
}


def check_veo_30_fast_resolution(value: str) -> Veo30FastResolution:
    if value in VEO_30_FAST_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_30_FAST_RESOLUTION_VALUES!r}"
    )
