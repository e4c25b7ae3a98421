from typing import Literal

Veo31FirstLastImageToVideoResolution = Literal["1080p", "720p"]

VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_RESOLUTION_VALUES: set[Veo31FirstLastImageToVideoResolution] = {
    "1080p",
    "720p",
}


def check_veo_31_first_last_image_to_video_resolution(
    value: str,
) -> Veo31FirstLastImageToVideoResolution:
    if value in VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_RESOLUTION_VALUES!r}"
    )
