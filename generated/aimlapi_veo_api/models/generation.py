from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.generation_status import GenerationStatus, check_generation_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generation_error import GenerationError
    from ..models.generation_meta import GenerationMeta
    from ..models.generation_video import GenerationVideo


T = TypeVar("T", bound="Generation")


@_attrs_define
class Generation:
    """
    Attributes:
        id (str): The ID of the generated video. Example: 60ac7c34-3224-4b14-8e7d-0aa0db708325.
        status (GenerationStatus): The current status of the generation task. Example: completed.
        video (GenerationVideo | None | Unset):
        error (GenerationError | None | Unset): Description of the error, if any.
        meta (GenerationMeta | None | Unset): Additional details about the generation.
    """

    id: str
    status: GenerationStatus
    video: GenerationVideo | None | Unset = UNSET
    error: GenerationError | None | Unset = UNSET
    meta: GenerationMeta | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.generation_error import GenerationError  # noqa: PLC0415
        from ..models.generation_meta import GenerationMeta  # noqa: PLC0415
        from ..models.generation_video import GenerationVideo  # noqa: PLC0415

        id = self.id

        status: str = self.status

        video: dict[str, Any] | None | Unset
        if isinstance(self.video, Unset):
            video = UNSET
        elif isinstance(self.video, GenerationVideo):
            video = self.video.to_dict()
        else:
            video = self.video

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, GenerationError):
            error = self.error.to_dict()
        else:
            error = self.error

        meta: dict[str, Any] | None | Unset
        if isinstance(self.meta, Unset):
            meta = UNSET
        elif isinstance(self.meta, GenerationMeta):
            meta = self.meta.to_dict()
        else:
            meta = self.meta

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
            }
        )
        if video is not UNSET:
            field_dict["video"] = video
        if error is not UNSET:
            field_dict["error"] = error
        if meta is not UNSET:
            field_dict["meta"] = meta

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generation_error import GenerationError  # noqa: PLC0415
        from ..models.generation_meta import GenerationMeta  # noqa: PLC0415
        from ..models.generation_video import GenerationVideo  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = check_generation_status(d.pop("status"))

        def _parse_video(data: object) -> GenerationVideo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                video_type_0 = GenerationVideo.from_dict(data)

                return video_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationVideo | None | Unset, data)

        video = _parse_video(d.pop("video", UNSET))

        def _parse_error(data: object) -> GenerationError | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = GenerationError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationError | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_meta(data: object) -> GenerationMeta | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                meta_type_0 = GenerationMeta.from_dict(data)

                return meta_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerationMeta | None | Unset, data)

        meta = _parse_meta(d.pop("meta", UNSET))

        generation = cls(
            id=id,
            status=status,
            video=video,
            error=error,
            meta=meta,
        )

        generation.additional_properties = d
        return generation

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
