from typing import Literal

Veo31FirstLastImageToVideoAspectRatio = Literal["16:9", "9:16"]

VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_ASPECT_RATIO_VALUES: set[Veo31FirstLastImageToVideoAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_31_first_last_image_to_video_aspect_ratio(
    value: str,
) -> Veo31FirstLastImageToVideoAspectRatio:
    if value in VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_ASPECT_RATIO_VALUES!r}"
    )
