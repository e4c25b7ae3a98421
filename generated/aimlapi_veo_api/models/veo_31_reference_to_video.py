from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_31_reference_to_video_duration import (
    Veo31ReferenceToVideoDuration,
    check_veo_31_reference_to_video_duration,
)
from ..models.veo_31_reference_to_video_model import (
    Veo31ReferenceToVideoModel,
    check_veo_31_reference_to_video_model,
)
from ..models.veo_31_reference_to_video_provider import (
    Veo31ReferenceToVideoProvider,
    check_veo_31_reference_to_video_provider,
)
from ..models.veo_31_reference_to_video_resolution import (
    Veo31ReferenceToVideoResolution,
    check_veo_31_reference_to_video_resolution,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo31ReferenceToVideo")


@_attrs_define
class Veo31ReferenceToVideo:
    """
    Attributes:
        model (Veo31ReferenceToVideoModel):  Default: 'google/veo-3.1-reference-to-video'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        image_urls (list[str]): URL of the input image to animate. Should be 720p or higher resolution.
        duration (Veo31ReferenceToVideoDuration | Unset): The length of the output video in seconds.
        resolution (Veo31ReferenceToVideoResolution | Unset):
        generate_audio (bool | Unset): Whether to generate audio for the video.
        provider (Veo31ReferenceToVideoProvider | Unset): Provider routing override. `google` runs native Google with no
            fallback; `fal` runs the fal.ai mirror; `auto` (default) uses the Google -> fal.ai fallback chain. Case-
            insensitive. Example: auto.
    """

    prompt: str
    image_urls: list[str]
    model: Veo31ReferenceToVideoModel = "google/veo-3.1-reference-to-video"
    duration: Veo31ReferenceToVideoDuration | Unset = UNSET
    resolution: Veo31ReferenceToVideoResolution | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    provider: Veo31ReferenceToVideoProvider | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        image_urls = self.image_urls

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
                "image_urls": image_urls,
            }
        )
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
        model = check_veo_31_reference_to_video_model(d.pop("model"))

        prompt = d.pop("prompt")

        image_urls = cast(list[str], d.pop("image_urls"))

        _duration = d.pop("duration", UNSET)
        duration: Veo31ReferenceToVideoDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_31_reference_to_video_duration(_duration)

        _resolution = d.pop("resolution", UNSET)
        resolution: Veo31ReferenceToVideoResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_veo_31_reference_to_video_resolution(_resolution)

        generate_audio = d.pop("generate_audio", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: Veo31ReferenceToVideoProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = check_veo_31_reference_to_video_provider(_provider)

        veo_31_reference_to_video = cls(
            model=model,
            prompt=prompt,
            image_urls=image_urls,
            duration=duration,
            resolution=resolution,
            generate_audio=generate_audio,
            provider=provider,
        )

        veo_31_reference_to_video.additional_properties = d
        return veo_31_reference_to_video

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
