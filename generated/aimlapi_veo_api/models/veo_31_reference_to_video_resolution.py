from typing import Literal

Veo31ReferenceToVideoResolution = Literal["1080p", "720p"]

VEO_31_REFERENCE_TO_VIDEO_RESOLUTION_VALUES: set[Veo31ReferenceToVideoResolution] = {
    "1080p",
    "720p",
}


def check_veo_31_reference_to_video_resolution(value: str) -> Veo31ReferenceToVideoResolution:
    if value in VEO_31_REFERENCE_TO_VIDEO_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_REFERENCE_TO_VIDEO_RESOLUTION_VALUES!r}"
    )
