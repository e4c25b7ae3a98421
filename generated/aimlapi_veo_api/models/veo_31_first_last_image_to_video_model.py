from typing import Literal

Veo31FirstLastImageToVideoModel = Literal["google/veo-3.1-first-last-image-to-video"]

VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_MODEL_VALUES: set[Veo31FirstLastImageToVideoModel] = {
    "google/veo-3.1-first-last-image-to-video",
}


def check_veo_31_first_last_image_to_video_model(value: str) -> Veo31FirstLastImageToVideoModel:
    if value in VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_MODEL_VALUES!r}"
    )
