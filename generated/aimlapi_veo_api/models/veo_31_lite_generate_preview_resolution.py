from typing import Literal

Veo31LiteGeneratePreviewResolution = Literal["1080p", "720p"]

VEO_31_LITE_GENERATE_PREVIEW_RESOLUTION_VALUES: set[Veo31LiteGeneratePreviewResolution] = {
    "1080p",
    "720p",
}


def check_veo_31_lite_generate_preview_resolution(value: str) -> Veo31LiteGeneratePreviewResolution:
    if value in VEO_31_LITE_GENERATE_PREVIEW_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_PREVIEW_RESOLUTION_VALUES!r}"
    )
