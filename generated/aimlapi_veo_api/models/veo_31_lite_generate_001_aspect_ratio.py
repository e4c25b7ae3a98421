from typing import Literal

Veo31LiteGenerate001AspectRatio = Literal["16:9", "9:16"]

VEO_31_LITE_GENERATE_001_ASPECT_RATIO_VALUES: set[Veo31LiteGenerate001AspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_31_lite_generate_001_aspect_ratio(value: str) -> Veo31LiteGenerate001AspectRatio:
    if value in VEO_31_LITE_GENERATE_001_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_001_ASPECT_RATIO_VALUES!r}"
    )
