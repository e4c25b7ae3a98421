from typing import Literal

Veo31ReferenceToVideoProvider = Literal["auto", "fal", "google"]

VEO_31_REFERENCE_TO_VIDEO_PROVIDER_VALUES: set[Veo31ReferenceToVideoProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31_reference_to_video_provider(value: str) -> Veo31ReferenceToVideoProvider:
    if value in VEO_31_REFERENCE_TO_VIDEO_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_REFERENCE_TO_VIDEO_PROVIDER_VALUES!r}"
    )
