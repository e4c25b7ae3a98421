from typing import Literal

Veo2ImageToVideoModel = Literal["veo2/image-to-video"]

VEO_2_IMAGE_TO_VIDEO_MODEL_VALUES: set[Veo2ImageToVideoModel] = {
    "veo2/image-to-video",
}


def check_veo_2_image_to_video_model(value: str) -> Veo2ImageToVideoModel:
    if value in VEO_2_IMAGE_TO_VIDEO_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_2_IMAGE_TO_VIDEO_MODEL_VALUES!r}"
    )
