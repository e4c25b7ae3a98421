from typing import Literal

Veo31FastExtendVideoProvider = Literal["auto", "fal", "google"]

VEO_31_FAST_EXTEND_VIDEO_PROVIDER_VALUES: set[Veo31FastExtendVideoProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31_fast_extend_video_provider(value: str) -> Veo31FastExtendVideoProvider:
    if value in VEO_31_FAST_EXTEND_VIDEO_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FAST_EXTEND_VIDEO_PROVIDER_VALUES!r}"
    )
