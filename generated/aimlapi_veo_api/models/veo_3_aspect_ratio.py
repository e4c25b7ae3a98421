from typing import Literal

Veo3AspectRatio = Literal["16:9", "9:16"]

VEO_3_ASPECT_RATIO_VALUES: set[Veo3AspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_3_aspect_ratio(value: str) -> Veo3AspectRatio:
    if value in VEO_3_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_3_ASPECT_RATIO_VALUES!r}")
