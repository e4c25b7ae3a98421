from typing import Literal

Veo31LiteGenerate001Resolution = Literal["1080P", "720P"]

VEO_31_LITE_GENERATE_001_RESOLUTION_VALUES: set[Veo31LiteGenerate001Resolution] = {
    "1080P",
    "720P",
}


def check_veo_31_lite_generate_001_resolution(value: str) -> Veo31LiteGenerate001Resolution:
    if value in VEO_31_LITE_GENERATE_001_RESOLUTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31_LITE_GENERATE_001_RESOLUTION_VALUES!r}"
    )
