from typing import Literal

Veo31ReferenceToVideoModel = Literal["google/veo-3.1-reference-to-video"]

VEO_31_REFERENCE_TO_VIDEO_MODEL_VALUES: set[Veo31ReferenceToVideoModel] = {
    "google/veo-3.1-reference-to-video",
}


def check_veo_31_reference_to_video_model(value: str) -> Veo31ReferenceToVideoModel:
    if value in VEO_31_REFERENCE_TO_VIDEO_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_REFERENCE_TO_VIDEO_MODEL_VALUES!r}"
    )
