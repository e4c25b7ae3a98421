from typing import Literal

Veo31FirstLastImageToVideoFastDuration = Literal[4, 6, 8]

VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_FAST_DURATION_VALUES: set[
    Veo31FirstLastImageToVideoFastDuration
] = {
    4,
    6,
    8,
}


def check_veo_31_first_last_image_to_video_fast_duration(
    value: int,
) -> Veo31FirstLastImageToVideoFastDuration:
    if value in VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_FAST_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_FAST_DURATION_VALUES!r}"
    )
