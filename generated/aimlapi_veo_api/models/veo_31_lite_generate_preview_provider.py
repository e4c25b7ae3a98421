from typing import Literal

Veo31LiteGeneratePreviewProvider = Literal["auto", "fal", "google"]

VEO_31_LITE_GENERATE_PREVIEW_PROVIDER_VALUES: set[Veo31LiteGeneratePreviewProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31_lite_generate_preview_provider(value: str) -> Veo31LiteGeneratePreviewProvider:
    if value in VEO_31_LITE_GENERATE_PREVIEW_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_PREVIEW_PROVIDER_VALUES!r}"
    )
