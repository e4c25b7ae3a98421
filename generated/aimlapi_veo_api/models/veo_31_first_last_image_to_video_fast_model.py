from typing import Literal

Veo31FirstLastImageToVideoFastModel = Literal["google/veo-3.1-first-last-image-to-video-fast"]

VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_FAST_MODEL_VALUES: set[Veo31FirstLastImageToVideoFastModel] = {
    "google/veo-3.1-first-last-image-to-video-fast",
}


def check_veo_31_first_last_image_to_video_fast_model(
    value: str,
) -> Veo31FirstLastImageToVideoFastModel:
    if value in VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_FAST_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_FAST_MODEL_VALUES!r}"
    )
