from typing import Literal

Veo31FastExtendVideoResolution = Literal["720p"]

VEO_31_FAST_EXTEND_VIDEO_RESOLUTION_VALUES: set[Veo31FastExtendVideoResolution] = {
    "720p",
}


def check_veo_31_fast_extend_video_resolution(value: str) -> Veo31FastExtendVideoResolution:
    if value in VEO_31_FAST_EXTEND_VIDEO_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FAST_EXTEND_VIDEO_RESOLUTION_VALUES!r}"
    )
