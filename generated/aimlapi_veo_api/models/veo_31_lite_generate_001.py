from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_31_lite_generate_001_aspect_ratio import (
    Veo31LiteGenerate001AspectRatio,
    check_veo_31_lite_generate_001_aspect_ratio,
)
from ..models.veo_31_lite_generate_001_duration import (
    Veo31LiteGenerate001Duration,
    check_veo_31_lite_generate_001_duration,
)
from ..models.veo_31_lite_generate_001_model import (
    Veo31LiteGenerate001Model,
    check_veo_31_lite_generate_001_model,
)
from ..models.veo_31_lite_generate_001_person_generation import (
    Veo31LiteGenerate001PersonGeneration,
    check_veo_31_lite_generate_001_person_generation,
)
from ..models.veo_31_lite_generate_001_resolution import (
    Veo31LiteGenerate001Resolution,
    check_veo_31_lite_generate_001_resolution,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo31LiteGenerate001")


@_attrs_define
class Veo31LiteGenerate001:
    """
    Attributes:
        model (Veo31LiteGenerate001Model):  Default: 'veo-3.1-lite-generate-001'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        image_url (str | Unset): A direct link to an online image or a Base64-encoded local image to be used as the
            first frame of the video. Should be 720p or higher resolution.
        last_image_url (str | Unset): A direct link to an online image or a Base64-encoded local image to be used as the
            last frame of the video. Should be 720p or higher resolution.
        aspect_ratio (Veo31LiteGenerate001AspectRatio | Unset): The aspect ratio of the generated video.
        resolution (Veo31LiteGenerate001Resolution | Unset): The resolution of the output video, where the number refers
            to the short side in pixels.
        duration (Veo31LiteGenerate001Duration | Unset): The length of the output video in seconds.
        generate_audio (bool | Unset): Whether to generate audio for the video.
        person_generation (Veo31LiteGenerate001PersonGeneration | Unset): Allow generation of people.
    """

    prompt: str
    model: Veo31LiteGenerate001Model = "veo-3.1-lite-generate-001"
    image_url: str | Unset = UNSET
    last_image_url: str | Unset = UNSET
    aspect_ratio: Veo31LiteGenerate001AspectRatio | Unset = UNSET
    resolution: Veo31LiteGenerate001Resolution | Unset = UNSET
    duration: Veo31LiteGenerate001Duration | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    person_generation: Veo31LiteGenerate001PersonGeneration | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        image_url = self.image_url

        last_image_url = self.last_image_url

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio

        resolution: str | Unset = UNSET
        if not isinstance(self.resolution, Unset):
            resolution = self.resolution

        duration: int | Unset = UNSET
        if not isinstance(self.duration, Unset):
            duration = self.duration

        generate_audio = self.generate_audio

        person_generation: str | Unset = UNSET
        if not isinstance(self.person_generation, Unset):
            person_generation = self.person_generation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if image_url is not UNSET:
            field_dict["image_url"] = image_url
        if last_image_url is not UNSET:
            field_dict["last_image_url"] = last_image_url
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if resolution is not UNSET:
            field_dict["resolution"] = resolution
        if duration is not UNSET:
            field_dict["duration"] = duration
        if generate_audio is not UNSET:
            field_dict["generate_audio"] = generate_audio
        if person_generation is not UNSET:
            field_dict["person_generation"] = person_generation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_veo_31_lite_generate_001_model(d.pop("model"))

        prompt = d.pop("prompt")

        image_url = d.pop("image_url", UNSET)

        last_image_url = d.pop("last_image_url", UNSET)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo31LiteGenerate001AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_31_lite_generate_001_aspect_ratio(_aspect_ratio)

        _resolution = d.pop("resolution", UNSET)
        resolution: Veo31LiteGenerate001Resolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_veo_31_lite_generate_001_resolution(_resolution)

        _duration = d.pop("duration", UNSET)
        duration: Veo31LiteGenerate001Duration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_31_lite_generate_001_duration(_duration)

        generate_audio = d.pop("generate_audio", UNSET)

        _person_generation = d.pop("person_generation", UNSET)
        person_generation: Veo31LiteGenerate001PersonGeneration | Unset
        if isinstance(_person_generation, Unset):
            person_generation = UNSET
        else:
            person_generation = check_veo_31_lite_generate_001_person_generation(_person_generation)

        veo_31_lite_generate_001 = cls(
            model=model,
            prompt=prompt,
            image_url=image_url,
            last_image_url=last_image_url,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            duration=duration,
            generate_audio=generate_audio,
            person_generation=person_generation,
        )

        veo_31_lite_generate_001.additional_properties = d
        return veo_31_lite_generate_001

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
