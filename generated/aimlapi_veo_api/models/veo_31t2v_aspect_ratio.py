from typing import Literal

Veo31T2VAspectRatio = Literal["16:9", "9:16"]

VEO_31T2V_ASPECT_RATIO_VALUES: set[Veo31T2VAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_31t2v_aspect_ratio(value: str) -> Veo31T2VAspectRatio:
    if value in VEO_31T2V_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31T2V_ASPECT_RATIO_VALUES!r}"
    )
