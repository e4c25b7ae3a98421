from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_logs_response_200 import ListLogsResponse200
from ...models.list_logs_status import ListLogsStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    period: str | Unset = UNSET,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    key_prefix: str | Unset = UNSET,
    model: str | Unset = UNSET,
    status: ListLogsStatus | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["period"] = period

    params["start"] = start

    params["end"] = end

    params["key_prefix"] = key_prefix

    params["model"] = model

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status

    params["status"] = json_status

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/logs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListLogsResponse200 | None:
    if response.status_code == 200:
        response_200 = ListLogsResponse200.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ListLogsResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    key_prefix: str | Unset = UNSET,
    model: str | Unset = UNSET,
    status: ListLogsStatus | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[ListLogsResponse200]:
    """List the requests made with this account's keys, newest first, with their cost

    Args:
        period (str | Unset):  Example: 7d.
        start (str | Unset):  Example: 2026-07-01T00:00:00Z.
        end (str | Unset):  Example: 2026-07-28T00:00:00Z.
        key_prefix (str | Unset):  Example: abcd1234.
        model (str | Unset):  Example: openai/gpt-5.
        status (ListLogsStatus | Unset):  Example: succeeded.
        limit (int | Unset):  Default: 50. Example: 50.
        offset (int | Unset):  Default: 0. Example: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListLogsResponse200]
    """

    kwargs = _get_kwargs(
        period=period,
        start=start,
        end=end,
        key_prefix=key_prefix,
        model=model,
        status=status,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    key_prefix: str | Unset = UNSET,
    model: str | Unset = UNSET,
    status: ListLogsStatus | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> ListLogsResponse200 | None:
    """List the requests made with this account's keys, newest first, with their cost

    Args:
        period (str | Unset):  Example: 7d.
        start (str | Unset):  Example: 2026-07-01T00:00:00Z.
        end (str | Unset):  Example: 2026-07-28T00:00:00Z.
        key_prefix (str | Unset):  Example: abcd1234.
        model (str | Unset):  Example: openai/gpt-5.
        status (ListLogsStatus | Unset):  Example: succeeded.
        limit (int | Unset):  Default: 50. Example: 50.
        offset (int | Unset):  Default: 0. Example: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListLogsResponse200
    """

    return sync_detailed(
        client=client,
        period=period,
        start=start,
        end=end,
        key_prefix=key_prefix,
        model=model,
        status=status,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    key_prefix: str | Unset = UNSET,
    model: str | Unset = UNSET,
    status: ListLogsStatus | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[ListLogsResponse200]:
    """List the requests made with this account's keys, newest first, with their cost

    Args:
        period (str | Unset):  Example: 7d.
        start (str | Unset):  Example: 2026-07-01T00:00:00Z.
        end (str | Unset):  Example: 2026-07-28T00:00:00Z.
        key_prefix (str | Unset):  Example: abcd1234.
        model (str | Unset):  Example: openai/gpt-5.
        status (ListLogsStatus | Unset):  Example: succeeded.
        limit (int | Unset):  Default: 50. Example: 50.
        offset (int | Unset):  Default: 0. Example: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListLogsResponse200]
    """

    kwargs = _get_kwargs(
        period=period,
        start=start,
        end=end,
        key_prefix=key_prefix,
        model=model,
        status=status,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    period: str | Unset = UNSET,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    key_prefix: str | Unset = UNSET,
    model: str | Unset = UNSET,
    status: ListLogsStatus | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> ListLogsResponse200 | None:
    """List the requests made with this account's keys, newest first, with their cost

    Args:
        period (str | Unset):  Example: 7d.
        start (str | Unset):  Example: 2026-07-01T00:00:00Z.
        end (str | Unset):  Example: 2026-07-28T00:00:00Z.
        key_prefix (str | Unset):  Example: abcd1234.
        model (str | Unset):  Example: openai/gpt-5.
        status (ListLogsStatus | Unset):  Example: succeeded.
        limit (int | Unset):  Default: 50. Example: 50.
        offset (int | Unset):  Default: 0. Example: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListLogsResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            period=period,
            start=start,
            end=end,
            key_prefix=key_prefix,
            model=model,
            status=status,
            limit=limit,
            offset=offset,
        )
    ).parsed
