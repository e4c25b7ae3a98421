from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.generation import Generation
from ...models.veo_2 import Veo2
from ...models.veo_2_image_to_video import Veo2ImageToVideo
from ...models.veo_3 import Veo3
from ...models.veo_30_fast import Veo30Fast
from ...models.veo_30i2v import Veo30I2V
from ...models.veo_30i2v_fast import Veo30I2VFast
from ...models.veo_31_extend_video import Veo31ExtendVideo
from ...models.veo_31_fast_extend_video import Veo31FastExtendVideo
from ...models.veo_31_first_last_image_to_video import Veo31FirstLastImageToVideo
from ...models.veo_31_first_last_image_to_video_fast import Veo31FirstLastImageToVideoFast
from ...models.veo_31_lite_generate_001 import Veo31LiteGenerate001
from ...models.veo_31_lite_generate_preview import Veo31LiteGeneratePreview
from ...models.veo_31_reference_to_video import Veo31ReferenceToVideo
from ...models.veo_31i2v import Veo31I2V
from ...models.veo_31i2v_fast import Veo31I2VFast
from ...models.veo_31t2v import Veo31T2V
from ...models.veo_31t2v_fast import Veo31T2VFast
from ...types import Response


def _get_kwargs(
    *,
    body: Veo2
    | Veo2ImageToVideo
    | Veo3
    | Veo30Fast
    | Veo30I2V
    | Veo30I2VFast
    | Veo31ExtendVideo
    | Veo31FastExtendVideo
    | Veo31FirstLastImageToVideo
    | Veo31FirstLastImageToVideoFast
    | Veo31I2V
    | Veo31I2VFast
    | Veo31LiteGenerate001
    | Veo31LiteGeneratePreview
    | Veo31ReferenceToVideo
    | Veo31T2V
    | Veo31T2VFast,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/video/generations",
    }

    if isinstance(body, Veo2ImageToVideo):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31LiteGeneratePreview):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo30Fast):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo30I2VFast):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo30I2V):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31FirstLastImageToVideoFast):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31FirstLastImageToVideo):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31I2VFast):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31I2V):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31LiteGenerate001):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31ReferenceToVideo):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31T2VFast):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31T2V):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo2):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31ExtendVideo):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, Veo31FastExtendVideo):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | Generation | None:
    if response.status_code == 200:
        response_200 = Generation.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | Generation]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Veo2
    | Veo2ImageToVideo
    | Veo3
    | Veo30Fast
    | Veo30I2V
    | Veo30I2VFast
    | Veo31ExtendVideo
    | Veo31FastExtendVideo
    | Veo31FirstLastImageToVideo
    | Veo31FirstLastImageToVideoFast
    | Veo31I2V
    | Veo31I2VFast
    | Veo31LiteGenerate001
    | Veo31LiteGeneratePreview
    | Veo31ReferenceToVideo
    | Veo31T2V
    | Veo31T2VFast,
) -> Response[ErrorResponse | Generation]:
    """Submit a video generation with one of the Veo models (paid)

    Args:
        body (Veo2 | Veo2ImageToVideo | Veo3 | Veo30Fast | Veo30I2V | Veo30I2VFast |
            Veo31ExtendVideo | Veo31FastExtendVideo | Veo31FirstLastImageToVideo |
            Veo31FirstLastImageToVideoFast | Veo31I2V | Veo31I2VFast | Veo31LiteGenerate001 |
            Veo31LiteGeneratePreview | Veo31ReferenceToVideo | Veo31T2V | Veo31T2VFast):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Generation]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: Veo2
    | Veo2ImageToVideo
    | Veo3
    | Veo30Fast
    | Veo30I2V
    | Veo30I2VFast
    | Veo31ExtendVideo
    | Veo31FastExtendVideo
    | Veo31FirstLastImageToVideo
    | Veo31FirstLastImageToVideoFast
    | Veo31I2V
    | Veo31I2VFast
    | Veo31LiteGenerate001
    | Veo31LiteGeneratePreview
    | Veo31ReferenceToVideo
    | Veo31T2V
    | Veo31T2VFast,
) -> ErrorResponse | Generation | None:
    """Submit a video generation with one of the Veo models (paid)

    Args:
        body (Veo2 | Veo2ImageToVideo | Veo3 | Veo30Fast | Veo30I2V | Veo30I2VFast |
            Veo31ExtendVideo | Veo31FastExtendVideo | Veo31FirstLastImageToVideo |
            Veo31FirstLastImageToVideoFast | Veo31I2V | Veo31I2VFast | Veo31LiteGenerate001 |
            Veo31LiteGeneratePreview | Veo31ReferenceToVideo | Veo31T2V | Veo31T2VFast):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Generation
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: Veo2
    | Veo2ImageToVideo
    | Veo3
    | Veo30Fast
    | Veo30I2V
    | Veo30I2VFast
    | Veo31ExtendVideo
    | Veo31FastExtendVideo
    | Veo31FirstLastImageToVideo
    | Veo31FirstLastImageToVideoFast
    | Veo31I2V
    | Veo31I2VFast
    | Veo31LiteGenerate001
    | Veo31LiteGeneratePreview
    | Veo31ReferenceToVideo
    | Veo31T2V
    | Veo31T2VFast,
) -> Response[ErrorResponse | Generation]:
    """Submit a video generation with one of the Veo models (paid)

    Args:
        body (Veo2 | Veo2ImageToVideo | Veo3 | Veo30Fast | Veo30I2V | Veo30I2VFast |
            Veo31ExtendVideo | Veo31FastExtendVideo | Veo31FirstLastImageToVideo |
            Veo31FirstLastImageToVideoFast | Veo31I2V | Veo31I2VFast | Veo31LiteGenerate001 |
            Veo31LiteGeneratePreview | Veo31ReferenceToVideo | Veo31T2V | Veo31T2VFast):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | Generation]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: Veo2
    | Veo2ImageToVideo
    | Veo3
    | Veo30Fast
    | Veo30I2V
    | Veo30I2VFast
    | Veo31ExtendVideo
    | Veo31FastExtendVideo
    | Veo31FirstLastImageToVideo
    | Veo31FirstLastImageToVideoFast
    | Veo31I2V
    | Veo31I2VFast
    | Veo31LiteGenerate001
    | Veo31LiteGeneratePreview
    | Veo31ReferenceToVideo
    | Veo31T2V
    | Veo31T2VFast,
) -> ErrorResponse | Generation | None:
    """Submit a video generation with one of the Veo models (paid)

    Args:
        body (Veo2 | Veo2ImageToVideo | Veo3 | Veo30Fast | Veo30I2V | Veo30I2VFast |
            Veo31ExtendVideo | Veo31FastExtendVideo | Veo31FirstLastImageToVideo |
            Veo31FirstLastImageToVideoFast | Veo31I2V | Veo31I2VFast | Veo31LiteGenerate001 |
            Veo31LiteGeneratePreview | Veo31ReferenceToVideo | Veo31T2V | Veo31T2VFast):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | Generation
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
