from typing import Literal

Veo2AspectRatio = Literal["16:9", "9:16"]

VEO_2_ASPECT_RATIO_VALUES: set[Veo2AspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_2_aspect_ratio(value: str) -> Veo2AspectRatio:
    if value in VEO_2_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_2_ASPECT_RATIO_VALUES!r}")
