from typing import Literal

Veo31LiteGenerate001Model = Literal["veo-3.1-lite-generate-001"]

VEO_31_LITE_GENERATE_001_MODEL_VALUES: set[Veo31LiteGenerate001Model] = {
    "veo-3.1-lite-generate-001",
}


def check_veo_31_lite_generate_001_model(value: str) -> Veo31LiteGenerate001Model:
    if value in VEO_31_LITE_GENERATE_001_MODEL_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_001_MODEL_VALUES!r}"
    )
