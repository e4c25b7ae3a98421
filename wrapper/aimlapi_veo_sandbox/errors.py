"""Error answers shaped like the live gateway's (NestJS), and the simulated dropped connection."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send


class SimulatedConnectionDropError(Exception):
    """Raised on purpose after a response has started, so the server closes the connection.

    uvicorn answers an exception raised *before* the response starts with a clean 500, which
    is not a dropped connection; raised after the headers and part of the body, it makes uvicorn
    close the socket and the client sees a truncated response. With `httpx.ASGITransport` the
    exception itself reaches the caller.
    """


def nest_error(
    status: int,
    message: str | list[str],
    *,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """`{"statusCode": 400, "message": ..., "error": "Bad Request"}` (the spec's ErrorResponse).

    `field` is for the sandbox's own /_sandbox/ routes only: the API's answers carry exactly
    the documented members.
    """
    body: dict[str, object] = {
        "statusCode": status,
        "message": message,
        "error": HTTPStatus(status).phrase,
    }
    if field is not None:
        body["field"] = field
    return JSONResponse(body, status_code=status, headers=headers)


def bad_request(message: str) -> JSONResponse:
    """A validation error as NestJS's ValidationPipe words it: a list of messages, each
    starting with the field it is about."""
    return nest_error(400, [message])


def unauthorized() -> JSONResponse:
    return nest_error(401, "Unauthorized", headers={"WWW-Authenticate": "Bearer"})


def not_found(message: str = "Generation not found") -> JSONResponse:
    return nest_error(404, message)


_CDN_ERROR = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>{code}</Code><Message>{message}</Message></Error>\n"
)


def cdn_error(status: int, code: str, message: str) -> Response:
    """The CDN speaks like an object store (XML), not like the NestJS API."""
    body = _CDN_ERROR.format(code=code, message=message)
    return Response(body, status, media_type="application/xml")


class DroppedConnectionResponse(Response):
    """Sends the headers and the start of a body, then drops the connection."""

    def __init__(self, head: bytes, total_length: int, media_type: str) -> None:
        super().__init__(
            status_code=200,
            media_type=media_type,
            headers={"content-length": str(total_length)},
        )
        self._head = head

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self._head, "more_body": True})
        raise SimulatedConnectionDropError("sandbox fault injection: connection dropped")
