from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_31_lite_generate_preview_aspect_ratio import (
    Veo31LiteGeneratePreviewAspectRatio,
    check_veo_31_lite_generate_preview_aspect_ratio,
)
from ..models.veo_31_lite_generate_preview_duration import (
    Veo31LiteGeneratePreviewDuration,
    check_veo_31_lite_generate_preview_duration,
)
from ..models.veo_31_lite_generate_preview_model import (
    Veo31LiteGeneratePreviewModel,
    check_veo_31_lite_generate_preview_model,
)
from ..models.veo_31_lite_generate_preview_provider import (
    Veo31LiteGeneratePreviewProvider,
    check_veo_31_lite_generate_preview_provider,
)
from ..models.veo_31_lite_generate_preview_resolution import (
    Veo31LiteGeneratePreviewResolution,
    check_veo_31_lite_generate_preview_resolution,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo31LiteGeneratePreview")


@_attrs_define
class Veo31LiteGeneratePreview:
    """
    Attributes:
        model (Veo31LiteGeneratePreviewModel):  Default: 'google/veo-3-1-lite-generate-preview'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        image_url (str | Unset): A direct link to an online image or a Base64-encoded local image to be used as the
            first frame of the video. Should be 720p or higher resolution.
        last_image_url (str | Unset): A direct link to an online image or a Base64-encoded local image to be used as the
            last frame of the video. Should be 720p or higher resolution. When using this parameter, the duration can only
            be 8s.
        aspect_ratio (Veo31LiteGeneratePreviewAspectRatio | Unset): The aspect ratio of the generated video.
        resolution (Veo31LiteGeneratePreviewResolution | Unset): The resolution of the output video, where the number
            refers to the short side in pixels.
        duration (Veo31LiteGeneratePreviewDuration | Unset): The length of the output video in seconds. When using
            last_image_url, the duration can only be 8s.
        generate_audio (bool | Unset): Whether to generate audio for the video.
        provider (Veo31LiteGeneratePreviewProvider | Unset): Provider routing override. `google` runs native Google with
            no fallback; `fal` runs the fal.ai mirror; `auto` (default) uses the Google -> fal.ai fallback chain. Case-
            insensitive. Example: auto.
    """

    prompt: str
    model: Veo31LiteGeneratePreviewModel = "google/veo-3-1-lite-generate-preview"
    image_url: str | Unset = UNSET
    last_image_url: str | Unset = UNSET
    aspect_ratio: Veo31LiteGeneratePreviewAspectRatio | Unset = UNSET
    resolution: Veo31LiteGeneratePreviewResolution | Unset = UNSET
    duration: Veo31LiteGeneratePreviewDuration | Unset = UNSET
    generate_audio: bool | Unset = UNSET
    provider: Veo31LiteGeneratePreviewProvider | Unset = UNSET
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
        if provider is not UNSET:
            field_dict["provider"] = provider

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = check_veo_31_lite_generate_preview_model(d.pop("model"))

        prompt = d.pop("prompt")

        image_url = d.pop("image_url", UNSET)

        last_image_url = d.pop("last_image_url", UNSET)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo31LiteGeneratePreviewAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_31_lite_generate_preview_aspect_ratio(_aspect_ratio)

        _resolution = d.pop("resolution", UNSET)
        resolution: Veo31LiteGeneratePreviewResolution | Unset
        if isinstance(_resolution, Unset):
            resolution = UNSET
        else:
            resolution = check_veo_31_lite_generate_preview_resolution(_resolution)

        _duration = d.pop("duration", UNSET)
        duration: Veo31LiteGeneratePreviewDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_31_lite_generate_preview_duration(_duration)

        generate_audio = d.pop("generate_audio", UNSET)

        _provider = d.pop("provider", UNSET)
        provider: Veo31LiteGeneratePreviewProvider | Unset
        if isinstance(_provider, Unset):
            provider = UNSET
        else:
            provider = check_veo_31_lite_generate_preview_provider(_provider)

        veo_31_lite_generate_preview = cls(
            model=model,
            prompt=prompt,
            image_url=image_url,
            last_image_url=last_image_url,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            duration=duration,
            generate_audio=generate_audio,
            provider=provider,
        )

        veo_31_lite_generate_preview.additional_properties = d
        return veo_31_lite_generate_preview

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
