from typing import Literal

Veo31ExtendVideoProvider = Literal["auto", "fal", "google"]

VEO_31_EXTEND_VIDEO_PROVIDER_VALUES: set[Veo31ExtendVideoProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31_extend_video_provider(value: str) -> Veo31ExtendVideoProvider:
    if value in VEO_31_EXTEND_VIDEO_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_EXTEND_VIDEO_PROVIDER_VALUES!r}"
    )
