from typing import Literal

Veo31ExtendVideoModel = Literal["google/veo3-1-extend-video"]

VEO_31_EXTEND_VIDEO_MODEL_VALUES: set[Veo31ExtendVideoModel] = {
    "google/veo3-1-extend-video",
}


def check_veo_31_extend_video_model(value: str) -> Veo31ExtendVideoModel:
    if value in VEO_31_EXTEND_VIDEO_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_EXTEND_VIDEO_MODEL_VALUES!r}"
    )
