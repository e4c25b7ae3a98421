from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.veo_2_image_to_video_aspect_ratio import (
    Veo2ImageToVideoAspectRatio,
    check_veo_2_image_to_video_aspect_ratio,
)
from ..models.veo_2_image_to_video_duration import (
    Veo2ImageToVideoDuration,
    check_veo_2_image_to_video_duration,
)
from ..models.veo_2_image_to_video_model import (
    Veo2ImageToVideoModel,
    check_veo_2_image_to_video_model,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="Veo2ImageToVideo")


@_attrs_define
class Veo2ImageToVideo:
    """
    Attributes:
        model (Veo2ImageToVideoModel):  Default: 'veo2/image-to-video'.
        prompt (str): The text description of the scene, subject, or action to generate in the video.
        image_url (str): A direct link to an online image or a Base64-encoded local image that will serve as the visual
            base or the first frame for the video.
        tail_image_url (str | Unset): A direct link to an online image or a Base64-encoded local image to be used as the
            last frame of the video.
        duration (Veo2ImageToVideoDuration | Unset): The length of the output video in seconds.
        aspect_ratio (Veo2ImageToVideoAspectRatio | Unset): The aspect ratio of the generated video.
        negative_prompt (str | Unset): The description of elements to avoid in the generated video.
        seed (int | Unset): Varying the seed integer is a way to get different results for the same other request
            parameters. Using the same value for an identical request will produce similar results. If unspecified, a random
            number is chosen.
        enhance_prompt (bool | Unset): Whether to enhance the video generation.
    """

    prompt: str
    image_url: str
    model: Veo2ImageToVideoModel = "veo2/image-to-video"
    tail_image_url: str | Unset = UNSET
    duration: Veo2ImageToVideoDuration | Unset = UNSET
    aspect_ratio: Veo2ImageToVideoAspectRatio | Unset = UNSET
    negative_prompt: str | Unset = UNSET
    seed: int | Unset = UNSET
    enhance_prompt: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: str = self.model

        prompt = self.prompt

        image_url = self.image_url

        tail_image_url = self.tail_image_url

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
                "image_url": image_url,
            }
        )
        if tail_image_url is not UNSET:
            field_dict["tail_image_url"] = tail_image_url
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
        model = check_veo_2_image_to_video_model(d.pop("model"))

        prompt = d.pop("prompt")

        image_url = d.pop("image_url")

        tail_image_url = d.pop("tail_image_url", UNSET)

        _duration = d.pop("duration", UNSET)
        duration: Veo2ImageToVideoDuration | Unset
        if isinstance(_duration, Unset):
            duration = UNSET
        else:
            duration = check_veo_2_image_to_video_duration(_duration)

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: Veo2ImageToVideoAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = check_veo_2_image_to_video_aspect_ratio(_aspect_ratio)

        negative_prompt = d.pop("negative_prompt", UNSET)

        seed = d.pop("seed", UNSET)

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        veo_2_image_to_video = cls(
            model=model,
            prompt=prompt,
            image_url=image_url,
            tail_image_url=tail_image_url,
            duration=duration,
            aspect_ratio=aspect_ratio,
            negative_prompt=negative_prompt,
            seed=seed,
            enhance_prompt=enhance_prompt,
        )

        veo_2_image_to_video.additional_properties = d
        return veo_2_image_to_video

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
