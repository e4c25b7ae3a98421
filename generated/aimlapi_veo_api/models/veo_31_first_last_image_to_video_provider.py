from typing import Literal

Veo31FirstLastImageToVideoProvider = Literal["auto", "fal", "google"]

VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_PROVIDER_VALUES: set[Veo31FirstLastImageToVideoProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31_first_last_image_to_video_provider(
    value: str,
) -> Veo31FirstLastImageToVideoProvider:
    if value in VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_FIRST_LAST_IMAGE_TO_VIDEO_PROVIDER_VALUES!r}"
    )
