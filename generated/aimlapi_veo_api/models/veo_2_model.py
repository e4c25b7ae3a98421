from typing import Literal

Veo2Model = Literal["veo2"]

VEO_2_MODEL_VALUES: set[Veo2Model] = {
    "veo2",
}


def check_veo_2_model(value: str) -> Veo2Model:
    if value in VEO_2_MODEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_2_MODEL_VALUES!r}")
