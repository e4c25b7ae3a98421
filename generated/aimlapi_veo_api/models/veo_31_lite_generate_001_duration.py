from typing import Literal

Veo31LiteGenerate001Duration = Literal[4, 6, 8]

VEO_31_LITE_GENERATE_001_DURATION_VALUES: set[Veo31LiteGenerate001Duration] = {
    4,
    6,
    8,
}


def check_veo_31_lite_generate_001_duration(value: int) -> Veo31LiteGenerate001Duration:
    if value in VEO_31_LITE_GENERATE_001_DURATION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_001_DURATION_VALUES!r}"
    )
