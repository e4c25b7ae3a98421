from typing import Literal

Veo31ReferenceToVideoDuration = Literal[8]

VEO_31_REFERENCE_TO_VIDEO_DURATION_VALUES: set[Veo31ReferenceToVideoDuration] = {
    8,
}


def check_veo_31_reference_to_video_duration(value: int) -> Veo31ReferenceToVideoDuration:
    if value in VEO_31_REFERENCE_TO_VIDEO_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_REFERENCE_TO_VIDEO_DURATION_VALUES!r}"
    )
