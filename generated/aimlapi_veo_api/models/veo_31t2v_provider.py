from typing import Literal

Veo31T2VProvider = Literal["auto", "fal", "google"]

VEO_31T2V_PROVIDER_VALUES: set[Veo31T2VProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31t2v_provider(value: str) -> Veo31T2VProvider:
    if value in VEO_31T2V_PROVIDER_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {VEO_31T2V_PROVIDER_VALUES!r}")
