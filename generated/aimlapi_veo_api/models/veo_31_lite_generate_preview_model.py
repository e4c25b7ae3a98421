from typing import Literal

Veo31LiteGeneratePreviewModel = Literal["google/veo-3-1-lite-generate-preview"]

VEO_31_LITE_GENERATE_PREVIEW_MODEL_VALUES: set[Veo31LiteGeneratePreviewModel] = {
    "google/veo-3-1-lite-generate-preview",
}


def check_veo_31_lite_generate_preview_model(value: str) -> Veo31LiteGeneratePreviewModel:
    if value in VEO_31_LITE_GENERATE_PREVIEW_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_PREVIEW_MODEL_VALUES!r}"
    )
