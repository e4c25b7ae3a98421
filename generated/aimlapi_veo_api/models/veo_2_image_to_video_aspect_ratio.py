from typing import Literal

Veo2ImageToVideoAspectRatio = Literal["16:9", "9:16"]

VEO_2_IMAGE_TO_VIDEO_ASPECT_RATIO_VALUES: set[Veo2ImageToVideoAspectRatio] = {
    "16:9",
    "9:16",
}


def check_veo_2_image_to_video_aspect_ratio(value: str) -> Veo2ImageToVideoAspectRatio:
    if value in VEO_2_IMAGE_TO_VIDEO_ASPECT_RATIO_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_2_IMAGE_TO_VIDEO_ASPECT_RATIO_VALUES!r}"
    )
