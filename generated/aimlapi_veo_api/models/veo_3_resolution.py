from typing import Literal

Veo3Resolution = Literal["1080P", "720P"]

VEO_3_RESOLUTION_VALUES: set[Veo3Resolution] = {
    "1080P",
    "720P",
}


def check_veo_3_resolution(value: str) -> Veo3Resolution:
    if value in VEO_3_RESOLUTION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_3_RESOLUTION_VALUES!r}")
