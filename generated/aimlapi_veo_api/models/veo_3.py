from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_3_aspect_ratio import Veo3AspectRatio, check_veo_3_aspect_ratio
from ..models.veo_3_duration import Veo3Duration, check_veo_3_duration
from ..models.veo_3_model import Veo3Model, check_veo_3_model
from ..models.veo_3_resolution import Veo3Resolution, check_veo_3_resolution
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo3")


@_attrs_define
class Veo3:
    """
    Attributes:
        model (Veo3Model):  Default: 'google/veo3'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        duration (Veo3Duration | Unset): The length of the output video in seconds.
        aspect_ratio (Veo3AspectRatio | Unset): The aspect ratio of the generated video.
        resolution (Veo3Resolution | Unset):
        negative_prompt (str | Unset): The description of elements to avoid in the generated video.
        seed (int | Unset): Varying the seed integer is a way to get different results for the same other request
            parameters. Using the same value for an identical request will produce similar results. If unspecified, a random
            number is chosen.
        enhance_prompt (bool | Unset): Whether to enhance the video generation.
        generate_audio (bool | Unset): Whether to generate audio for the video.
    """

    prompt: str
    model: Veo3Model = "google/veo3"
    duration: Veo3Duration | Unset = UNSET
    aspect_ratio: Veo3AspectRatio | Unset = UNSET
    resolution: Veo3Resolution | Unset = UNSET
    negative_prompt: str | Unset = UNSET
    seed: int | Unset = UNSET
    enhance_prompt: bool | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution

        negative_prompt = self.negative_prompt

        seed = self.seed

        enhance_prompt = self.enhance_prompt

        generate_audio = self.generate_audio

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if duration is not UNSET:
            field_dict["duration"] = duration
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if seed is not UNSET:
            field_dict["seed"] = seed
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt
        if generate_audio is not UNSET:
            field_dict["generate_audio"] = generate_audio

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_veo_3_model(d.pop("model"))

        prompt = d.pop("prompt")

        _duration = d.pop("duration", UNSET)
        duration: Veo3Duration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_3_duration(_duration)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo3AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_3_aspect_ratio(_aspect_ratio)

        _resolution = d.pop("resolution", UNSET)
        resolution: Veo3Resolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_veo_3_resolution(_resolution)

        negative_prompt = d.pop("negative_prompt", UNSET)

        seed = d.pop("seed", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        generate_audio = d.pop("generate_audio", UNSET)

        veo_3 = cls(
            model=model,
            prompt=prompt,
            duration=duration,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            negative_prompt=negative_prompt,
            seed=seed,
            enhance_prompt=enhance_prompt,
            generate_audio=generate_audio,
        )

        veo_3.additional_properties = d
        return veo_3

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
