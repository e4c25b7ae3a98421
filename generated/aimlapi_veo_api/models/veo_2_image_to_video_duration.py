from typing import Literal

Veo2ImageToVideoDuration = Literal[5, 6, 7, 8]

VEO_2_IMAGE_TO_VIDEO_DURATION_VALUES: set[Veo2ImageToVideoDuration] = {
    5,
    6,
    7,
    8,
}


def check_veo_2_image_to_video_duration(value: int) -> Veo2ImageToVideoDuration:
    if value in VEO_2_IMAGE_TO_VIDEO_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_2_IMAGE_TO_VIDEO_DURATION_VALUES!r}"
    )
