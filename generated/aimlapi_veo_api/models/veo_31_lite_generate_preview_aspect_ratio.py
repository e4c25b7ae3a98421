from typing import Literal

Veo31LiteGeneratePreviewAspectRatio = Literal["16:9", "9:16"]

VEO_31_LITE_GENERATE_PREVIEW_ASPECT_RATIO_VALUES: set[Veo31LiteGeneratePreviewAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_31_lite_generate_preview_aspect_ratio(
    value: str,
) -> Veo31LiteGeneratePreviewAspectRatio:
    if value in VEO_31_LITE_GENERATE_PREVIEW_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_PREVIEW_ASPECT_RATIO_VALUES!r}"
    )
