from typing import Literal

Veo31FastExtendVideoModel = Literal["google/veo3-1-fast-extend-video"]

VEO_31_FAST_EXTEND_VIDEO_MODEL_VALUES: set[Veo31FastExtendVideoModel] = {
    "google/veo3-1-fast-extend-video",
}


def check_veo_31_fast_extend_video_model(value: str) -> Veo31FastExtendVideoModel:
    if value in VEO_31_FAST_EXTEND_VIDEO_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FAST_EXTEND_VIDEO_MODEL_VALUES!r}"
    )
