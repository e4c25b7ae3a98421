from typing import Literal

Veo30FastAspectRatio = Literal["16:9", "9:16"]

VEO_30_FAST_ASPECT_RATIO_VALUES: set[Veo30FastAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_30_fast_aspect_ratio(value: str) -> Veo30FastAspectRatio:
    if value in VEO_30_FAST_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_30_FAST_ASPECT_RATIO_VALUES!r}"
    )
