from typing import Literal

Veo31ExtendVideoResolution = Literal["720p"]

VEO_31_EXTEND_VIDEO_RESOLUTION_VALUES: set[Veo31ExtendVideoResolution] = {
    "720p",
}


def check_veo_31_extend_video_resolution(value: str) -> Veo31ExtendVideoResolution:
    if value in VEO_31_EXTEND_VIDEO_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_EXTEND_VIDEO_RESOLUTION_VALUES!r}"
    )
