"""The httpx boundary is total: every httpx exception becomes one of ours, at one place, and a
new httpx exception class fails this test until it is mapped (as httpx's own test does)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from support import ID, PNG, Driver, FakeAPI

from aimlapi_veo.errors import (
    APIConnectionError,
    APITimeoutError,
    CreateOutcomeUnknownError,
    DownloadError,
    InvalidInputError,
    MalformedResponseError,
    VeoError,
)
from aimlapi_veo.wire import HTTPX_ERRORS, transport_error

HTTPX_CLASSES = sorted(
    (
        cls
        for _, cls in inspect.getmembers(httpx, inspect.isclass)
        if issubclass(cls, Exception) and cls.__module__.startswith("httpx")
    ),
    key=lambda cls: cls.__name__,
)


def instance(cls: type[Exception]) -> Exception:
    """One of `cls`, whatever its constructor wants."""
    request = httpx.Request("GET", "https://api.test/v2/x")
    for arguments in (("boom",), ()):
        try:
            made = cls(*arguments)
        except TypeError:
            continue
        if hasattr(made, "_request"):
            made.request = request  # type: ignore[attr-defined]
        return made
    response = httpx.Response(500, request=request)
    return cls("boom", request=request, response=response)  # type: ignore[call-arg]


def test_httpx_has_exception_classes_to_check() -> None:
    """The walk finds httpx's tree (so the tests below cannot pass on an empty list)."""
    names = {cls.__name__ for cls in HTTPX_CLASSES}
    assert {"HTTPError", "DecodingError", "TooManyRedirects", "InvalidURL"} <= names
    assert len(names) >= 25


@pytest.mark.parametrize("cls", HTTPX_CLASSES, ids=lambda cls: cls.__name__)
def test_every_httpx_exception_class_is_mapped_by_name(cls: type[Exception]) -> None:
    """Each class has its own row: a class added to httpx fails here until it is mapped."""
    assert cls in HTTPX_ERRORS


@pytest.mark.parametrize("cls", HTTPX_CLASSES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("create", [False, True])
def test_every_httpx_exception_becomes_a_veo_error(cls: type[Exception], create: bool) -> None:
    mapped = transport_error(instance(cls), create=create)
    assert isinstance(mapped, VeoError)
    assert "\n" not in str(mapped)


@pytest.mark.parametrize(
    ("exc", "expected", "says"),
    [
        (httpx.DecodingError("bad gzip"), MalformedResponseError, "could not be decoded"),
        (httpx.TooManyRedirects("loop"), APIConnectionError, "could not reach https://api.test"),
        (httpx.ReadTimeout("slow"), APITimeoutError, "did not answer in time"),
        (httpx.InvalidURL("bad"), InvalidInputError, "nothing was sent"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_send_maps_what_escaped_it_before(
    make_driver: Callable[..., Driver],
    api: FakeAPI,
    exc: Exception,
    expected: type[Exception],
    says: str,
) -> None:
    """DecodingError, TooManyRedirects and InvalidURL used to escape `_send` unmapped."""
    api.fetches = [exc]
    with pytest.raises(expected, match=says):
        make_driver().get(ID)


@pytest.mark.parametrize("exc", [httpx.UnsupportedProtocol("ftp"), httpx.InvalidURL("no host")])
def test_a_request_httpx_cannot_send_is_refused_once_and_says_nothing_was_sent(
    make_driver: Callable[..., Driver], api: FakeAPI, exc: Exception
) -> None:
    """No retries, no "may have been charged": the create never left."""
    api.creates = [exc]
    client = make_driver()
    with pytest.raises(InvalidInputError, match="nothing was sent: check the base URL"):
        client.create(PNG, "p")
    assert len(api.requests) == 1
    assert client.clock.sleeps == []
    assert client.client.journal.jobs() == []  # the intent went: nothing can exist


def test_an_undecodable_create_answer_is_an_unknown_outcome(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """The create may have happened: never 'malformed' alone, never resent."""
    api.creates = [httpx.DecodingError("bad gzip")]
    with pytest.raises(CreateOutcomeUnknownError):
        make_driver().create(PNG, "p")
    assert len(api.sent("POST")) == 1


def test_a_connection_error_names_the_url_it_tried(
    make_driver: Callable[..., Driver], api: FakeAPI
) -> None:
    """A wrong port: the message says where it tried, not only that it failed."""
    api.fetches = [httpx.ConnectError("refused")]
    with pytest.raises(APIConnectionError, match=r"could not reach https://api\.test/"):
        make_driver().get(ID)


@pytest.mark.parametrize(
    "exc", [httpx.TooManyRedirects("loop"), httpx.DecodingError("bad gzip")], ids=repr
)
def test_the_video_host_s_other_httpx_errors_are_download_errors(
    make_driver: Callable[..., Driver], api: FakeAPI, exc: Exception, tmp_path: Path
) -> None:
    """The CDN client follows redirects: a redirect loop is a DownloadError, not a raw httpx one."""
    api.cdn = [exc]
    with pytest.raises(DownloadError, match=type(exc).__name__):
        make_driver().download(ID, tmp_path / "out.mp4")
