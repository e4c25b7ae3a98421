"""The API key never appears in logs, reprs, errors, the journal or files."""

from __future__ import annotations

import base64
import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from support import ID, KEY, PNG, VIDEO, Driver, FakeAPI, completed, generation

from aimlapi_veo import (
    AuthenticationError,
    CreateOutcomeUnknownError,
    MissingAPIKeyError,
    VeoClient,
    VeoError,
)


def test_key_is_absent_from_every_log_line_repr_and_error(
    make_driver: type, api: FakeAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Even when the server echoes the key back in an error message, it is redacted."""
    api.creates = [httpx.Response(401, json={"message": f"invalid key {KEY}"})]
    api.fetches = [
        httpx.Response(500),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, json=completed()),
    ]
    api.cdn = [httpx.Response(200, content=VIDEO)]
    texts: list[str] = []
    with caplog.at_level(logging.DEBUG):
        client = make_driver()
        texts.append(repr(client.client))
        with pytest.raises(AuthenticationError) as caught:
            client.create(PNG, "p")
        texts += [str(caught.value), repr(caught.value), caught.value.message]
        client.download(client.get(ID), tmp_path / "v.mp4")
    texts += [record.getMessage() for record in caplog.records]
    assert texts
    assert all(KEY not in text for text in texts)
    assert "***" in str(caught.value)
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert KEY.encode() not in stored


def test_outcome_unknown_error_holds_no_request_details(client: Driver, api: FakeAPI) -> None:
    """The error about a lost create answer explains itself without echoing the request."""
    api.creates = [httpx.ReadTimeout("timed out")]
    with pytest.raises(CreateOutcomeUnknownError) as caught:
        client.create(PNG, "p")
    assert KEY not in str(caught.value)
    assert "ReadTimeout" in str(caught.value)


def test_missing_key_says_how_to_provide_one() -> None:
    """No key anywhere: refused at construction, before any request."""
    with pytest.raises(MissingAPIKeyError, match="AIMLAPI_API_KEY"):
        VeoClient()


def test_key_and_base_url_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """AIMLAPI_API_KEY and AIMLAPI_BASE_URL configure a client built without arguments."""
    monkeypatch.setenv("AIMLAPI_API_KEY", KEY)
    monkeypatch.setenv("AIMLAPI_BASE_URL", "http://127.0.0.1:9/")
    with VeoClient(journal=False) as client:
        assert client.base_url == "http://127.0.0.1:9"
        assert KEY not in repr(client)


def chain(error: BaseException | None) -> list[BaseException]:
    """The error and every cause or context behind it."""
    found = []
    while error is not None:
        found.append(error)
        error = error.__cause__ or error.__context__
    return found


def key_forms() -> dict[str, str]:
    return {
        "raw": KEY,
        "base64": base64.b64encode(KEY.encode()).decode(),
        "base64-basic": base64.b64encode(f"{KEY}:".encode()).decode(),
        "urlsafe": base64.urlsafe_b64encode(KEY.encode()).decode().rstrip("="),
    }


@pytest.mark.parametrize("form", list(key_forms()))
def test_a_server_echoing_the_key_in_any_form_never_gets_it_out(
    client: Driver, api: FakeAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture, form: str
) -> None:
    """Error messages, status values and error fields are redacted before they are raised,
    logged or journaled: in the key's raw and Base64 forms."""
    echoed = key_forms()[form]
    api.creates = [httpx.Response(200, json={"id": ID, "status": f"queued-{echoed}"})]
    api.fetches = [
        httpx.Response(500, json={"message": f"upstream said {echoed}"}),
        httpx.Response(
            200,
            json={
                "id": ID,
                "status": "failed",
                "error": {"name": echoed, "message": f"bad key {echoed}"},
            },
        ),
    ]
    texts: list[str] = []
    with caplog.at_level(logging.DEBUG):
        client.create(PNG, "p")
        with pytest.raises(VeoError) as caught:
            client.wait(ID)
    texts += [text for error in chain(caught.value) for text in (str(error), repr(error))]
    texts += [record.getMessage() for record in caplog.records]
    journal = client.client.journal
    texts += [repr(job) for job in journal.jobs()] + [repr(journal.history(ID))]
    assert all(echoed not in text for text in texts)
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert echoed.encode() not in stored


def test_no_exception_chain_carries_a_transport_error_quoting_the_key(
    client: Driver, api: FakeAPI
) -> None:
    """An httpx error whose text quotes the header is neither the cause nor in the message."""
    api.fetches = [httpx.LocalProtocolError(f"Illegal header value b'Bearer {KEY}'")]
    with pytest.raises(VeoError) as caught:
        client.get(ID)
    assert all(KEY not in repr(e.args) and KEY not in str(e) for e in chain(caught.value))


class _EchoingKey(BaseHTTPRequestHandler):
    """An API that echoes the Authorization header in an answer header (a debugging proxy
    would), on both operations."""

    def _answer(self) -> None:
        body = json.dumps(generation("queued")).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Echo-Authorization", self.headers.get("Authorization", ""))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def log_message(self, *args: object) -> None:
        """Quiet: the test reads the client's logs, not the server's."""


def test_a_key_echoed_in_a_header_reaches_no_debug_log_line(
    make_driver: Callable[..., Driver], caplog: pytest.LogCaptureFixture
) -> None:
    """httpcore logs raw answer headers at DEBUG: the key is redacted there too (create and
    fetch, sync and async), against a real server on loopback."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoingKey)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = make_driver(base_url=f"http://127.0.0.1:{server.server_port}", transport=None)
        with caplog.at_level(logging.DEBUG):
            client.create(PNG, "p")
            client.get(ID)
    finally:
        server.shutdown()
        server.server_close()
    headers = [
        r.getMessage()
        for r in caplog.records
        if "receive_response_headers.complete" in r.getMessage()
    ]
    assert len(headers) == 2  # httpcore did log both answers' headers
    assert all(b"X-Echo-Authorization" in text.encode() for text in headers)
    assert not [r.getMessage() for r in caplog.records if KEY in r.getMessage()]
