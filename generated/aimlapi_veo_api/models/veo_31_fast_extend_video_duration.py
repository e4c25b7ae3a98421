from typing import Literal

Veo31FastExtendVideoDuration = Literal[7]

VEO_31_FAST_EXTEND_VIDEO_DURATION_VALUES: set[Veo31FastExtendVideoDuration] = {
    7,
}


def check_veo_31_fast_extend_video_duration(value: int) -> Veo31FastExtendVideoDuration:
    if value in VEO_31_FAST_EXTEND_VIDEO_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FAST_EXTEND_VIDEO_DURATION_VALUES!r}"
    )
