from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_31t2v_fast_aspect_ratio import (
    Veo31T2VFastAspectRatio,
    check_veo_31t2v_fast_aspect_ratio,
)
from ..models.veo_31t2v_fast_duration import Veo31T2VFastDuration, check_veo_31t2v_fast_duration
from ..models.veo_31t2v_fast_model import Veo31T2VFastModel, check_veo_31t2v_fast_model
from ..models.veo_31t2v_fast_provider import Veo31T2VFastProvider, check_veo_31t2v_fast_provider
from ..models.veo_31t2v_fast_resolution import (
    Veo31T2VFastResolution,
    check_veo_31t2v_fast_resolution,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo31T2VFast")


@_attrs_define
class Veo31T2VFast:
    """
    Attributes:
        model (Veo31T2VFastModel):  Default: 'google/veo-3.1-t2v-fast'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        aspect_ratio (Veo31T2VFastAspectRatio | Unset): The aspect ratio of the generated video.
        duration (Veo31T2VFastDuration | Unset): The length of the output video in seconds.
        resolution (Veo31T2VFastResolution | Unset):
        generate_audio (bool | Unset): Whether to generate audio for the video.
        seed (int | Unset): Varying the seed integer is a way to get different results for the same other request
            parameters. Using the same value for an identical request will produce similar results. If unspecified, a random
            number is chosen.
        auto_fix (bool | Unset): Whether to automatically attempt to fix prompts that fail content policy or other
            validation checks by rewriting them.
        negative_prompt (str | Unset): The description of elements to avoid in the generated video.
        enhance_prompt (bool | Unset): Whether to enhance the video generation.
        provider (Veo31T2VFastProvider | Unset): Provider routing override. `google` runs native Google with no
            fallback; `fal` runs the fal.ai mirror; `auto` (default) uses the Google -> fal.ai fallback chain. Case-
            insensitive. Example: auto.
    """

    prompt: str
    model: Veo31T2VFastModel = "google/veo-3.1-t2v-fast"
    aspect_ratio: Veo31T2VFastAspectRatio | Unset = UNSET
    duration: Veo31T2VFastDuration | Unset = UNSET
    resolution: Veo31T2VFastResolution | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    seed: int | Unset = UNSET
    auto_fix: bool | Unset = UNSET
    negative_prompt: str | Unset = UNSET
    enhance_prompt: bool | Unset = UNSET
    provider: Veo31T2VFastProvider | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution

        generate_audio = self.generate_audio

        seed = self.seed

        auto_fix = self.auto_fix

        negative_prompt = self.negative_prompt

        enhance_prompt = self.enhance_prompt

        provider: str | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if duration is not UNSET:
            field_dict["duration"] = duration
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if generate_audio is not UNSET:
            field_dict["generate_audio"] = generate_audio
        if seed is not UNSET:
            field_dict["seed"] = seed
        if auto_fix is not UNSET:
            field_dict["auto_fix"] = auto_fix
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_veo_31t2v_fast_model(d.pop("model"))

        prompt = d.pop("prompt")

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo31T2VFastAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_31t2v_fast_aspect_ratio(_aspect_ratio)

        _duration = d.pop("duration", UNSET)
        duration: Veo31T2VFastDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_31t2v_fast_duration(_duration)

        _resolution = d.pop("resolution", UNSET)
        resolution: Veo31T2VFastResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_veo_31t2v_fast_resolution(_resolution)

        generate_audio = d.pop("generate_audio", UNSET)

        seed = d.pop("seed", UNSET)

        auto_fix = d.pop("auto_fix", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: Veo31T2VFastProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = check_veo_31t2v_fast_provider(_provider)

        veo_31t2v_fast = cls(
            model=model,
            prompt=prompt,
            aspect_ratio=aspect_ratio,
            duration=duration,
            resolution=resolution,
            generate_audio=generate_audio,
            seed=seed,
            auto_fix=auto_fix,
            negative_prompt=negative_prompt,
            enhance_prompt=enhance_prompt,
            provider=provider,
        )

        veo_31t2v_fast.additional_properties = d
        return veo_31t2v_fast

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
