from typing import Literal

Veo31ExtendVideoDuration = Literal[7]

VEO_31_EXTEND_VIDEO_DURATION_VALUES: set[Veo31ExtendVideoDuration] = {
    7,
}


def check_veo_31_extend_video_duration(value: int) -> Veo31ExtendVideoDuration:
    if value in VEO_31_EXTEND_VIDEO_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_EXTEND_VIDEO_DURATION_VALUES!r}"
    )
