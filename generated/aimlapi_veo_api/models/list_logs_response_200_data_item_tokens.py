from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ListLogsResponse200DataItemTokens")


@_attrs_define
class ListLogsResponse200DataItemTokens:
    """Token counts for the request. Zero for models that are not billed per token.

    Attributes:
        input_ (int):  Example: 10.
        output (int):  Example: 20.
        total (int):  Example: 30.
    """

    input_: int
    output: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        output = self.output

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input": input_,
                "output": output,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        input_ = d.pop("input")

        output = d.pop("output")

        total = d.pop("total")

        list_logs_response_200_data_item_tokens = cls(
            input_=input_,
            output=output,
            total=total,
        )

        list_logs_response_200_data_item_tokens.additional_properties = d
        return list_logs_response_200_data_item_tokens

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
