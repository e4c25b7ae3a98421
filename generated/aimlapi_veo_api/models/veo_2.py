from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_2_aspect_ratio import Veo2AspectRatio, check_veo_2_aspect_ratio
from ..models.veo_2_duration import Veo2Duration, check_veo_2_duration
from ..models.veo_2_model import Veo2Model, check_veo_2_model
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo2")


@_attrs_define
class Veo2:
    """
    Attributes:
        model (Veo2Model):  Default: 'veo2'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        duration (Veo2Duration | Unset): The length of the output video in seconds.
        aspect_ratio (Veo2AspectRatio | Unset): The aspect ratio of the generated video.
        negative_prompt (str | Unset): The description of elements to avoid in the generated video.
        seed (int | Unset): Varying the seed integer is a way to get different results for the same other request
            parameters. Using the same value for an identical request will produce similar results. If unspecified, a random
            number is chosen.
        enhance_prompt (bool | Unset): Whether to enhance the video generation.
    """

    prompt: str
    model: Veo2Model = "veo2"
    duration: Veo2Duration | Unset = UNSET
    aspect_ratio: Veo2AspectRatio | Unset = UNSET
    negative_prompt: str | Unset = UNSET
    seed: int | Unset = UNSET
    enhance_prompt: bool | Unset = UNSET
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

        negative_prompt = self.negative_prompt

        seed = self.seed

        enhance_prompt = self.enhance_prompt

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
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if seed is not UNSET:
            field_dict["seed"] = seed
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_veo_2_model(d.pop("model"))

        prompt = d.pop("prompt")

        _duration = d.pop("duration", UNSET)
        duration: Veo2Duration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_2_duration(_duration)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo2AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_2_aspect_ratio(_aspect_ratio)

        negative_prompt = d.pop("negative_prompt", UNSET)

        seed = d.pop("seed", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        veo_2 = cls(
            model=model,
            prompt=prompt,
            duration=duration,
            aspect_ratio=aspect_ratio,
            negative_prompt=negative_prompt,
            seed=seed,
            enhance_prompt=enhance_prompt,
        )

        veo_2.additional_properties = d
        return veo_2

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
