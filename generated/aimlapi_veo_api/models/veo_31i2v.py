from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_31i2v_aspect_ratio import Veo31I2VAspectRatio, check_veo_31i2v_aspect_ratio
from ..models.veo_31i2v_duration import Veo31I2VDuration, check_veo_31i2v_duration
from ..models.veo_31i2v_model import Veo31I2VModel, check_veo_31i2v_model
from ..models.veo_31i2v_provider import Veo31I2VProvider, check_veo_31i2v_provider
from ..models.veo_31i2v_resolution import Veo31I2VResolution, check_veo_31i2v_resolution
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo31I2V")


@_attrs_define
class Veo31I2V:
    """
    Attributes:
        model (Veo31I2VModel):  Default: 'google/veo-3.1-i2v'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        image_url (str): URL of the input image to animate. Should be 720p or higher resolution.
        aspect_ratio (Veo31I2VAspectRatio | Unset): The aspect ratio of the generated video.
        duration (Veo31I2VDuration | Unset): The length of the output video in seconds.
        resolution (Veo31I2VResolution | Unset):
        generate_audio (bool | Unset): Whether to generate audio for the video.
        provider (Veo31I2VProvider | Unset): Provider routing override. `google` runs native Google with no fallback;
            `fal` runs the fal.ai mirror; `auto` (default) uses the Google -> fal.ai fallback chain. Case-insensitive.
            Example: auto.
    """

    prompt: str
    image_url: str
    model: Veo31I2VModel = "google/veo-3.1-i2v"
    aspect_ratio: Veo31I2VAspectRatio | Unset = UNSET
    duration: Veo31I2VDuration | Unset = UNSET
    resolution: Veo31I2VResolution | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    provider: Veo31I2VProvider | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        image_url = self.image_url

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

        provider: str | Unset = UNSET
        if not isinstance(self.provider, Unset):
            provider = self.provider

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
                "image_url": image_url,
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
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_veo_31i2v_model(d.pop("model"))

        prompt = d.pop("prompt")

        image_url = d.pop("image_url")

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo31I2VAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_31i2v_aspect_ratio(_aspect_ratio)

        _duration = d.pop("duration", UNSET)
        duration: Veo31I2VDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_31i2v_duration(_duration)

        _resolution = d.pop("resolution", UNSET)
        resolution: Veo31I2VResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_veo_31i2v_resolution(_resolution)

        generate_audio = d.pop("generate_audio", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: Veo31I2VProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = check_veo_31i2v_provider(_provider)

        veo_31i2v = cls(
            model=model,
            prompt=prompt,
            image_url=image_url,
            aspect_ratio=aspect_ratio,
            duration=duration,
            resolution=resolution,
            generate_audio=generate_audio,
            provider=provider,
        )

        veo_31i2v.additional_properties = d
        return veo_31i2v

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
