from typing import Literal

Veo31T2VFastProvider = Literal["auto", "fal", "google"]

VEO_31T2V_FAST_PROVIDER_VALUES: set[Veo31T2VFastProvider] = {
    "auto",
    "fal",
    "google",
}


def check_veo_31t2v_fast_provider(value: str) -> Veo31T2VFastProvider:
    if value in VEO_31T2V_FAST_PROVIDER_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {VEO_31T2V_FAST_PROVIDER_VALUES!r}"
    )
