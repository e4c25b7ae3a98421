from typing import Literal

Veo31LiteGeneratePreviewDuration = Literal[4, 6, 8]

VEO_31_LITE_GENERATE_PREVIEW_DURATION_VALUES: set[Veo31LiteGeneratePreviewDuration] = {
    4,
    6,
    8,
}


def check_veo_31_lite_generate_preview_duration(value: int) -> Veo31LiteGeneratePreviewDuration:
    if value in VEO_31_LITE_GENERATE_PREVIEW_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_PREVIEW_DURATION_VALUES!r}"
    )
