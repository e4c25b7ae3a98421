from typing import Literal

Veo31LiteGenerate001PersonGeneration = Literal["allow_adult", "dont_allow"]

VEO_31_LITE_GENERATE_001_PERSON_GENERATION_VALUES: set[Veo31LiteGenerate001PersonGeneration] = {
    "allow_adult",
    "dont_allow",
}


def check_veo_31_lite_generate_001_person_generation(
    value: str,
) -> Veo31LiteGenerate001PersonGeneration:
    if value in VEO_31_LITE_GENERATE_001_PERSON_GENERATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_001_PERSON_GENERATION_VALUES!r}"
    )
