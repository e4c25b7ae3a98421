from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.list_logs_response_200_data_item_origin import (
    ListLogsResponse200DataItemOrigin,
    check_list_logs_response_200_data_item_origin,
)
from ..models.list_logs_response_200_data_item_status import (
    ListLogsResponse200DataItemStatus,
    check_list_logs_response_200_data_item_status,
)

if TYPE_CHECKING:
    from ..models.list_logs_response_200_data_item_cost import ListLogsResponse200DataItemCost
    from ..models.list_logs_response_200_data_item_tokens import ListLogsResponse200DataItemTokens


T = TypeVar("T", bound="ListLogsResponse200DataItem")


@_attrs_define
class ListLogsResponse200DataItem:
    """
    Attributes:
        created (str): When the request was made, in UTC. Example: 2026-07-02T03:04:05.000Z.
        status (ListLogsResponse200DataItemStatus): Outcome of the request. A failed request is billed nothing, so its
            cost is zero. Example: succeeded.
        origin (ListLogsResponse200DataItemOrigin): Where the request came from. Example: api.
        model (str): Model the request was made to, as `source/alias`. Example: openai/gpt-5.
        cost (ListLogsResponse200DataItemCost): What the request was charged.
        tokens (ListLogsResponse200DataItemTokens): Token counts for the request. Zero for models that are not billed
            per token.
        request_id (None | str): Identifier of the individual HTTP call. Example: req-1.
        inference_id (str): Identifier of the inference. This is the value returned in the `x-inference-id` response
            header, and the `reference_id` of the matching charge in `GET /v2/billing/transactions`. Example: inf-1.
        client_request_id (None | str): The `X-Client-Request-Id` you sent with the request. Null when you sent none,
            and on rows recorded before this field existed. Example: customer-42.
    """

    created: str
    status: ListLogsResponse200DataItemStatus
    origin: ListLogsResponse200DataItemOrigin
    model: str
    cost: ListLogsResponse200DataItemCost
    tokens: ListLogsResponse200DataItemTokens
    request_id: None | str
    inference_id: str
    client_request_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        status: str = self.status

        origin: str = self.origin

        model = self.model

        cost = self.cost.to_dict()

        tokens = self.tokens.to_dict()

        request_id: None | str
        request_id = self.request_id

        inference_id = self.inference_id

        client_request_id: None | str
        client_request_id = self.client_request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "status": status,
                "origin": origin,
                "model": model,
                "cost": cost,
                "tokens": tokens,
                "request_id": request_id,
                "inference_id": inference_id,
                "client_request_id": client_request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.list_logs_response_200_data_item_cost import ListLogsResponse200DataItemCost  # noqa: PLC0415
        from ..models.list_logs_response_200_data_item_tokens import (
            ListLogsResponse200DataItemTokens,  # noqa: PLC0415
        )

        d = dict(src_dict)
        created = d.pop("created")

        status = check_list_logs_response_200_data_item_status(d.pop("status"))

        origin = check_list_logs_response_200_data_item_origin(d.pop("origin"))

        model = d.pop("model")

        cost = ListLogsResponse200DataItemCost.from_dict(d.pop("cost"))

        tokens = ListLogsResponse200DataItemTokens.from_dict(d.pop("tokens"))

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        inference_id = d.pop("inference_id")

        def _parse_client_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        client_request_id = _parse_client_request_id(d.pop("client_request_id"))

        list_logs_response_200_data_item = cls(
            created=created,
            status=status,
            origin=origin,
            model=model,
            cost=cost,
            tokens=tokens,
            request_id=request_id,
            inference_id=inference_id,
            client_request_id=client_request_id,
        )

        list_logs_response_200_data_item.additional_properties = d
        return list_logs_response_200_data_item

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
