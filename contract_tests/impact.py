"""Does a discrepancy break the generated client, the wrapper, or neither? Found by trying.

Each discrepancy is *isolated* first: answers that are valid except for that one departure,
built on what was observed (a `queued` answer stays `queued`; a departure in a completed answer
goes into a completed one). They are then replayed through an `httpx.MockTransport`:

- into the generated operation function: an exception, a dropped success answer, or a value
  whose runtime type is not the annotated one breaks it;
- into `VeoClient`'s whole flow, create -> wait -> download, with the departing answer at its
  step (create's answer, the fetches, or the video download) and valid answers elsewhere. The
  verdict names the step that broke and why (an exception, an id that is not text, a saved
  file that is not a video), or says what each step returned when none did.

An error answer to a request the flow never sends (no key, an invalid body) cannot break the
flow: refusing it is the point. An error answer to a valid request (a 500 to a valid create, a
404 for an id create returned) is replayed like any other and breaks the step it lands on.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from aimlapi_veo_api.client import AuthenticatedClient

from .classify import BODY_KINDS
from .findings import Discrepancy, Exchange, Impact
from .model_types import runtime_type_problems
from .operation_map import generated_module
from .spec import Json, find_operation, operation, validation_errors
from .spec_fixtures import EXAMPLE_ID, EXAMPLE_VIDEO_URL

_RAW_KINDS = {"wrong_content_type", "not_json"}
_BODY_KINDS = BODY_KINDS - _RAW_KINDS  # isolated by putting the one field into a valid answer
#: Error answers that break the flow when they answer a request the flow does send.
_REFUSALS_OF_VALID = {"server_error", "valid_input_rejected", "created_generation_unavailable"}
BASE_URL = "https://impact.invalid"
DOWNLOAD = "download_video"  # the operation name the harness gives the video download
_JSON = {"content-type": "application/json"}
VIDEO = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(1000)

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Flow:
    """What the replayed service answers at each step of create -> wait -> download."""

    create: Answer = field(default_factory=lambda: _json_answer(200, _queued_answer()))
    fetches: list[Answer] = field(default_factory=lambda: [_json_answer(200, _completed())])
    download: Answer = (200, {"content-type": "video/mp4"}, VIDEO)


def assess(discrepancy: Discrepancy) -> Discrepancy:
    """The discrepancy with both verdicts filled in."""
    return discrepancy.with_impacts(
        on_generated_client(discrepancy.operation, *isolate(discrepancy)),
        on_wrapper(discrepancy),
    )


# isolating one departure ------------------------------------------------------------------------


def isolate(discrepancy: Discrepancy) -> Answer:
    """The first answer that departs from the spec by this discrepancy only."""
    return _departing(discrepancy)[0]


def _departing(discrepancy: Discrepancy) -> list[Answer]:
    """The answers of the departing step: one, or for fetch the polls until it ends."""
    exchange = discrepancy.exchange
    if discrepancy.operation == DOWNLOAD:
        return [_departing_download(discrepancy)]
    if discrepancy.kind in _BODY_KINDS and discrepancy.where:
        changed = _with_departure(discrepancy, _valid_like(exchange.response_body))
        if changed is not None:
            answers = [_json_answer(exchange.status_code, changed)]
            if changed.get("status") != "completed" and discrepancy.where != "/status":
                after = _with_departure(discrepancy, _completed())
                answers += [] if after is None else [_json_answer(exchange.status_code, after)]
            return answers
    if discrepancy.kind not in _RAW_KINDS and 200 <= exchange.status_code < 300:
        return [_json_answer(exchange.status_code, _valid_like(exchange.response_body))]
    observed = (exchange.status_code, exchange.response_headers, _raw(exchange.response_body))
    if discrepancy.kind in _RAW_KINDS and 200 <= exchange.status_code < 300:
        # A JSON body under the wrong content type: a valid body, so that only the content
        # type departs; and the same departure on the answer that ends the wait.
        headers, body = exchange.response_headers, exchange.response_body
        first = _raw(_valid_like(body)) if isinstance(body, dict) else observed[2]
        completed = json.dumps(_completed()).encode()
        return [(exchange.status_code, headers, first), (exchange.status_code, headers, completed)]
    return [observed]


def _with_departure(discrepancy: Discrepancy, body: Json) -> Json | None:
    """`body` with the observed value at the discrepancy's pointer (or without it)."""
    pointer = discrepancy.where.strip("/").split("/")
    body = copy.deepcopy(body)
    try:
        if discrepancy.kind == "missing_required_field":
            _parent(body, pointer).pop(pointer[-1], None)
        else:
            _parent(body, pointer)[pointer[-1]] = _at(discrepancy.exchange.response_body, pointer)
    except (KeyError, IndexError, TypeError):
        return None  # the pointer is not in the observed answer: judge it as observed
    return body


def _valid_like(observed: Any) -> Json:
    """A spec-valid answer in the observed answer's state: completed, failed or in progress."""
    status = observed.get("status") if isinstance(observed, dict) else None
    if status == "completed":
        return _completed()
    if status == "error":
        return {"id": EXAMPLE_ID, "status": "error", "error": {"name": "E", "message": "failed"}}
    return {"id": EXAMPLE_ID, "status": status if status == "generating" else "queued"}


def _departing_download(discrepancy: Discrepancy) -> Answer:
    """A valid video answer with the one observed problem in it (see follow.download_problems)."""
    observed, problem = discrepancy.exchange, discrepancy.value
    headers = {"content-type": "video/mp4"}
    if problem.startswith("status"):
        return observed.status_code, observed.response_headers, _raw(observed.response_body)
    if problem.startswith("content type"):
        headers["content-type"] = observed.response_headers.get("content-type", "")
    if problem == "no Content-Length":
        headers["x-no-content-length"] = "1"  # _replay streams it, so no length is sent
    if problem == "not an MP4":
        return 200, headers, b"<html>not a video</html>"
    return 200, headers, VIDEO


# the generated client ------------------------------------------------------------------------


def on_generated_client(
    operation_id: str, status: int, headers: dict[str, str], content: bytes
) -> Impact:
    try:
        module = generated_module(operation(operation_id))
    except KeyError:
        return Impact(None, f"not assessed: the generated client has no {operation_id}")
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="k",
        httpx_args={"transport": _replay([(status, headers, content)])},
    )
    call = f"{module.__name__.rsplit('.', 1)[-1]}.sync_detailed"
    try:
        parsed = module.sync_detailed(client=client, **_arguments(operation_id)).parsed
    except Exception as exc:
        return Impact(True, f"{call} raises {exc!r:.200}", step=operation_id)
    if parsed is None:
        if 200 <= status < 300:
            return Impact(True, f"{call} drops the {status} answer: .parsed is None", operation_id)
        return Impact(False, f"{call} reports the {status} as an undocumented error (None)")
    problems = runtime_type_problems(parsed)
    if problems:
        return Impact(True, f"{call} parses it, but {'; '.join(problems)}", step=operation_id)
    return Impact(False, f"{call} parses it as {type(parsed).__name__}{_kept(parsed)}")


# the wrapper's flow ----------------------------------------------------------------------------


def on_wrapper(discrepancy: Discrepancy) -> Impact:
    try:
        from aimlapi_veo import VeoClient  # noqa: PLC0415 - the wrapper is an optional layer
    except ImportError as exc:
        return Impact(None, f"not assessed: the wrapper is not importable ({exc})")
    exchange = discrepancy.exchange
    refusal = exchange.status_code >= 400 and discrepancy.operation != DOWNLOAD
    if refusal and not (discrepancy.kind in _REFUSALS_OF_VALID and _flow_sends(exchange)):
        return Impact(
            False,
            f"HTTP {exchange.status_code} refuses a request the wrapper's create -> wait -> "
            "download never sends (no key, a wrong key or input the spec calls invalid)",
        )
    return replay_flow(VeoClient, _flow(discrepancy))


def _flow(discrepancy: Discrepancy) -> Flow:
    flow, answers = Flow(), _departing(discrepancy)
    if discrepancy.operation == "create_generation":
        flow.create = answers[0]
    elif discrepancy.operation == "fetch_generation":
        # Polls that have not ended (or an error) are followed by the service recovering.
        tail = [] if _ends(answers[-1]) else [_json_answer(200, _completed())]
        flow.fetches = [*answers, *tail]
    elif discrepancy.operation == DOWNLOAD:
        flow.download = answers[0]
    size = _file_size(flow.fetches[-1])
    if size is not None and flow.download == Flow.download:
        flow.download = (200, {"content-type": "video/mp4"}, VIDEO.ljust(size, b"\0"))
    return flow


def _file_size(answer: Answer) -> int | None:
    """The size a completed answer announces (the live service's `video.file_size`)."""
    try:
        size = json.loads(answer[2])["video"]["file_size"]
    except (ValueError, KeyError, TypeError):
        return None
    return size if isinstance(size, int) and len(VIDEO) <= size <= 10**7 else None


def replay_flow(client_class: Any, flow: Flow) -> Impact:
    """create -> wait -> download through the wrapper against `flow`; the first step that
    raises or returns something unusable breaks it."""
    from aimlapi_veo.errors import GenerationFailedError  # noqa: PLC0415

    done: list[str] = []
    step = "create"
    with tempfile.TemporaryDirectory() as folder, _wrapper(client_class, flow) as client:
        try:
            created = client.create("https://example.com/i.png", "a prompt")
            problem = _id_problem(created)
            if problem:
                return Impact(True, f"create returns {problem}", step="create")
            done.append(f"create returns Generation(status={created.status.value!r})")
            step = "wait"
            finished = client.wait(created.id, timeout=600)
            problem = _id_problem(finished)
            if problem:
                return Impact(True, f"{'; '.join(done)}; wait returns {problem}", step="wait")
            done.append(f"wait returns Generation(status={finished.status.value!r}){_polled(flow)}")
            step = "download"
            saved = client.download(finished, Path(folder) / "video.mp4")
            head = saved.read_bytes()[:8]
        except GenerationFailedError as exc:
            if _failed_status(flow):  # a failure status, read as one: the flow works
                said = f"{'; '.join(done)}; wait raises {exc!r:.160}, as for any failed job"
                return Impact(False, said.lstrip("; "))
            return Impact(True, f"{'; '.join(done)}; wait raises {exc!r:.200}".lstrip("; "), step)
        except Exception as exc:
            return Impact(True, f"{'; '.join(done)}; {step} raises {exc!r:.200}".lstrip("; "), step)
    if head[4:8] != b"ftyp":
        return Impact(True, f"{'; '.join(done)}; download saves bytes that are not an MP4", step)
    return Impact(False, f"{'; '.join(done)}; download saves the video")


def _failed_status(flow: Flow) -> bool:
    """Whether the replayed polls end in a status other than completed (a failed job)."""
    ending = [s for s in map(_status_in, flow.fetches) if s is not None]
    return bool(ending) and ending[0] != "completed" and _ends(flow.fetches[0])


def _id_problem(generation: Any) -> str:
    if isinstance(generation.id, str) and isinstance(generation.status.value, str):
        return ""
    return f"a Generation with id {generation.id!r} ({type(generation.id).__name__}), annotated str"


def _polled(flow: Flow) -> str:
    statuses = [_status_in(answer) for answer in flow.fetches]
    unknown = [s for s in statuses if s and s not in _spec_statuses()]
    return f", polling through {', '.join(map(repr, unknown))}" if unknown else ""


def _flow_sends(exchange: Exchange) -> bool:
    """Whether the request is one the flow makes: the key, and input the spec calls valid."""
    op = find_operation(exchange.method, exchange.path)
    if op is None or not exchange.had_key:
        return False
    query = parse_qs(urlsplit(exchange.url).query, keep_blank_values=True)
    for param in op.parameters:
        values = query.get(param["name"], [])
        if (param.get("required") and not values) or any(
            validation_errors(param["schema"], v) for v in values
        ):
            return False
    schema = op.request_schema
    return schema is None or not validation_errors(schema, exchange.request_body)


@contextmanager
def _wrapper(client_class: Any, flow: Flow) -> Iterator[Any]:
    clock = _Clock()
    with client_class(
        "k",
        base_url=BASE_URL,
        journal=False,
        transport=_flow_transport(flow),
        sleep=clock.advance,
        clock=clock,
    ) as client:
        yield client


class _Clock:
    """The wrapper's time, moved only by its own sleeps: a wait that never ends times out."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += max(seconds, 0.001)


def _flow_transport(flow: Flow) -> httpx.MockTransport:
    fetches = list(flow.fetches)
    fetch_path = operation("fetch_generation").path

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return _response(flow.create)
        if request.url.path == fetch_path:
            return _response(fetches.pop(0) if len(fetches) > 1 else fetches[0])
        return _response(flow.download)

    return httpx.MockTransport(answer)


def _replay(answers: list[Answer]) -> httpx.MockTransport:
    queue = list(answers)
    return httpx.MockTransport(
        lambda request: _response(queue.pop(0) if len(queue) > 1 else queue[0])
    )


def _response(answer: Answer) -> httpx.Response:
    status, headers, content = answer
    if "x-no-content-length" in headers:
        return httpx.Response(status, headers=headers, content=iter([content]))
    return httpx.Response(status, headers=headers, content=content)


# answers ---------------------------------------------------------------------------------------


def _completed() -> Json:
    return {
        "id": EXAMPLE_ID,
        "status": "completed",
        "video": {"url": EXAMPLE_VIDEO_URL},
        "meta": {"usage": {"credits_used": 525000}},
    }


def _queued_answer() -> Json:
    return {"id": EXAMPLE_ID, "status": "queued"}


def _json_answer(status: int, body: Json) -> Answer:
    return status, dict(_JSON), json.dumps(body).encode()


def _raw(body: Any) -> bytes:
    if body is None:
        return b""
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()


def _status_in(answer: Answer) -> str | None:
    try:
        body = json.loads(answer[2])
    except ValueError:
        return None
    status = body.get("status") if isinstance(body, dict) else None
    return status if isinstance(status, str) else None


def _ends(answer: Answer) -> bool:
    return _status_in(answer) in {"completed", "error", "failed", "expired"}


def _spec_statuses() -> set[str]:
    schema = operation("fetch_generation").response_schema(200) or {}
    return set(schema.get("properties", {}).get("status", {}).get("enum", []))


def _arguments(operation_id: str) -> dict[str, Any]:
    from .operation_map import sample_arguments  # noqa: PLC0415

    return sample_arguments(operation(operation_id))


def _kept(parsed: Any) -> str:
    status = getattr(parsed, "status", None)
    notes = []
    if status is not None and hasattr(status, "is_known") and not status.is_known:
        notes.append(f"; the open enum keeps status {status.value!r} (is_known False)")
    extra = _extras(parsed)
    if extra:
        notes.append(f"; additional_properties keep {', '.join(extra)}")
    return "".join(notes)


def _extras(model: Any, where: str = "") -> list[str]:
    found = [f"{where}{key}" for key in getattr(model, "additional_properties", {})]
    for name in ("video", "meta", "usage", "error"):
        child = getattr(model, name, None)
        if hasattr(child, "additional_properties"):
            found += _extras(child, f"{where}{name}.")
    return found


def _parent(body: Json, pointer: list[str]) -> Json:
    node = body
    for part in pointer[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    return node


def _at(body: Any, pointer: list[str]) -> Any:
    node = body
    for part in pointer:
        node = node[part]
    return copy.deepcopy(node)
