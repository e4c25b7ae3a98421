"""Does a discrepancy break the generated client, the wrapper, or neither? Found by trying.

The wrapper's verdict comes from replaying answers through `VeoClient`'s whole flow,
create -> wait -> download, on a virtual clock moved only by its own sleeps, through an
`httpx.MockTransport`. The departing step is replayed as it really happened, the other steps
as the spec says:

- a paid job the harness followed (`Journey`): its fetch answers at the times they came,
  headers and all (Retry-After, encodings), the last one repeating (a status that never ended
  is not assumed to end), and its whole video download; `judge_journey` replays its wait and
  its download, each with the other step valid;
- a create answer: isolated first, valid except for that one departure, built on what was
  observed, with the real answer's headers, and replayed at its step. A fetch answer is
  judged on the followed job it came from (every job a run pays for is followed).

A step breaks when it raises (a failed job's GenerationFailedError excepted: the service said
it failed), when the wait outlives the job's expected window past its margin (the wrapper then
raises), or when the saved file is not a whole MP4. What the wrapper worked around, it says in
a warning, which the report keeps. The generated client is judged on the isolated answer: an
exception, a dropped success answer, or a value whose runtime type is not the annotated one.

An error answer to a request the flow never sends (no key, an invalid body) cannot break the
flow: refusing it is the point.
"""

from __future__ import annotations

import copy
import json
import logging
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
#: Found by replaying a followed job, not in one answer: judged already, no generated client.
FLOW_KINDS = {"breaks_flow", "handled_by_wrapper"}
_BODY_KINDS = BODY_KINDS - _RAW_KINDS  # isolated by putting the one field into a valid answer
#: Error answers that break the flow when they answer a request the flow does send.
_REFUSALS_OF_VALID = {"server_error", "valid_input_rejected", "created_generation_unavailable"}
BASE_URL = "https://impact.invalid"
DOWNLOAD = "download_video"  # the operation name the harness gives the video download
_JSON = {"content-type": "application/json"}
# The smallest whole MP4: ftyp (mp42), an empty moov, an mdat.
VIDEO = (
    b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    + b"\x00\x00\x00\x08moov"
    + b"\x00\x00\x04\x08mdat"
    + bytes(1024)
)
_FAILURES = {"error", "failed", "expired"}

Answer = tuple[int, dict[str, str], bytes]
Timeline = list[tuple[float, Answer]]  # answers at their seconds after creation


@dataclass
class Flow:
    """What the replayed service answers at each step of create -> wait -> download; fetches
    by the replay's clock, each answer from its time after creation on."""

    create: Answer = field(default_factory=lambda: _json_answer(200, _queued_answer()))
    timeline: Timeline = field(default_factory=lambda: [(0.0, _json_answer(200, _completed()))])
    download: Answer = (200, {"content-type": "video/mp4"}, VIDEO)


@dataclass
class Journey:
    """What a followed paid job really answered: fetches at their times, the download."""

    generation_id: str
    timeline: Timeline = field(default_factory=list)
    download: Answer | None = None
    create_headers: dict[str, str] = field(default_factory=dict)  # the create answer's hints


@dataclass(frozen=True)
class Replay:
    impact: Impact
    warnings: tuple[str, ...] = ()  # what the wrapper logged working around the answers


def assess(discrepancy: Discrepancy) -> Discrepancy:
    """The discrepancy with both verdicts filled in (a wrapper verdict the follower found by
    replaying the job's real answers is kept)."""
    if discrepancy.kind in FLOW_KINDS:
        return discrepancy
    wrapper = discrepancy.wrapper
    return discrepancy.with_impacts(
        on_generated_client(discrepancy.operation, *isolate(discrepancy)),
        wrapper if wrapper.breaks is not None else on_wrapper(discrepancy),
    )


# isolating one departure ------------------------------------------------------------------------


def isolate(discrepancy: Discrepancy) -> Answer:
    """The answer with this departure only: a valid answer in the observed one's state with the
    observed value at the pointer, a valid body under the observed headers (content type), or,
    for an error or an unparsable body, the answer as observed."""
    exchange = discrepancy.exchange
    status, body = exchange.status_code, exchange.response_body
    if discrepancy.kind in _BODY_KINDS and discrepancy.where:
        changed = _with_departure(discrepancy, _valid_like(body))
        if changed is not None:
            return _json_answer(status, changed)
    if not 200 <= status < 300:
        return status, exchange.response_headers, _raw(body)
    if discrepancy.kind not in _RAW_KINDS:
        return _json_answer(status, _valid_like(body))
    valid = _raw(_valid_like(body)) if isinstance(body, dict) else _raw(body)
    return status, exchange.response_headers, valid


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
    if discrepancy.operation == DOWNLOAD:
        return Impact(None, "not assessed: a download is judged on the followed job's video")
    if exchange.status_code >= 400 and not (
        discrepancy.kind in _REFUSALS_OF_VALID and _flow_sends(exchange)
    ):
        return Impact(
            False,
            f"HTTP {exchange.status_code} refuses a request the wrapper's create -> wait -> "
            "download never sends (no key, a wrong key or input the spec calls invalid)",
        )
    if discrepancy.operation != "create_generation":  # how a job goes on: its real answers
        return Impact(None, "not assessed here: judged on a followed job's real answers")
    # The real answer's headers ride along (Location, Retry-After): the wrapper reads them.
    status, headers, content = isolate(discrepancy)
    real = dict(discrepancy.exchange.response_headers)
    real.pop("content-length", None)
    return replay(VeoClient, Flow(create=(status, {**real, **headers}, content))).impact


def judge_journey(journey: Journey) -> dict[str, Replay]:
    """A followed job's wait (its real fetches, a valid video) and, when its video was
    downloaded, its download (a valid completed answer, the real video), each replayed."""
    from aimlapi_veo import VeoClient  # noqa: PLC0415

    created = _created(journey)
    judged = {"wait": replay(VeoClient, _wait_flow(journey, journey.timeline))}
    if journey.download is not None:
        done = _json_answer(200, {**_completed(), "id": journey.generation_id})
        flow = Flow(create=created, timeline=[(0.0, done)], download=journey.download)
        judged["download"] = replay(VeoClient, flow)
    return judged


def _announced(timeline: Timeline) -> int | None:
    """The `video.file_size` the job's last answer announced, if any."""
    try:
        size = json.loads(timeline[-1][1][2])["video"]["file_size"]
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return size if isinstance(size, int) and not isinstance(size, bool) else None


def _video_of(size: int | None) -> bytes:
    """A whole MP4 of `size` bytes (its mdat padded), so that a valid download matches what
    the answer announced; VIDEO when none or too small for one."""
    if size is None or not len(VIDEO) <= size <= 10**8:
        return VIDEO
    head = VIDEO[:32]  # ftyp + moov
    return head + (size - len(head)).to_bytes(4, "big") + b"mdat" + bytes(size - len(head) - 8)


def replay(client_class: Any, flow: Flow) -> Replay:
    """create -> wait -> download through the wrapper against `flow`, with its warnings."""
    caught = _Warnings()
    logger = logging.getLogger("aimlapi_veo")
    logger.addHandler(caught)
    try:
        impact = replay_flow(client_class, flow)
    finally:
        logger.removeHandler(caught)
    return Replay(impact, tuple(dict.fromkeys(caught.messages)))


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def replay_flow(client_class: Any, flow: Flow) -> Impact:
    """create -> wait -> download through the wrapper against `flow`; the first step that
    raises or saves something that is not the video breaks it."""
    from aimlapi_veo.download import mp4_problem  # noqa: PLC0415
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
            finished = client.wait(created.id)
            problem = _id_problem(finished)
            if problem:
                return Impact(True, f"{'; '.join(done)}; wait returns {problem}", step="wait")
            done.append(f"wait returns Generation(status={finished.status.value!r}){_polled(flow)}")
            step = "download"
            saved = client.download(finished, Path(folder) / "video.mp4")
            wrong = mp4_problem(saved)
        except GenerationFailedError as exc:
            said = f"{'; '.join(done)}; wait raises {exc!r:.200}".lstrip("; ")
            if exc.error_name or exc.error_message or exc.status in _FAILURES:
                return Impact(False, f"{said}, as for any failed job")
            return Impact(True, said, step)
        except Exception as exc:
            said = f"{'; '.join(done)}; {step} raises {exc!r:.300}".lstrip("; ")
            return Impact(True, said, step)
    if wrong:
        return Impact(True, f"{'; '.join(done)}; download saves a wrong file: {wrong}", step)
    return Impact(False, f"{'; '.join(done)}; download saves the video")


def _id_problem(generation: Any) -> str:
    if isinstance(generation.id, str) and isinstance(generation.status.value, str):
        return ""
    return f"a Generation with id {generation.id!r} ({type(generation.id).__name__}), annotated str"


def _polled(flow: Flow) -> str:
    statuses = [_status_in(answer) for _, answer in flow.timeline]
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
        transport=_flow_transport(flow, clock),
        sleep=clock.advance,
        clock=clock,
    ) as client:
        yield client


class _Clock:
    """The wrapper's time, moved only by its own sleeps: a wait that never ends times out."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.created = self.now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += max(seconds, 0.001)


def _flow_transport(flow: Flow, clock: _Clock) -> httpx.MockTransport:
    fetch_path = operation("fetch_generation").path

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            clock.created = clock.now
            return _response(flow.create)
        if request.url.path != fetch_path:
            return _response(flow.download)
        return _response(_answer_at(flow.timeline, clock.now - clock.created))

    return httpx.MockTransport(answer)


def _answer_at(timeline: Timeline, elapsed: float) -> Answer:
    """The answer the job gave last at `elapsed` seconds after creation (its first before)."""
    seen = [answer for at, answer in timeline if at <= elapsed]
    return seen[-1] if seen else timeline[0][1]


def _replay(answers: list[Answer]) -> httpx.MockTransport:
    queue = list(answers)
    return httpx.MockTransport(
        lambda request: _response(queue.pop(0) if len(queue) > 1 else queue[0])
    )


def _response(answer: Answer) -> httpx.Response:
    status, headers, content = answer
    return httpx.Response(status, headers=headers, content=content)


# answers ---------------------------------------------------------------------------------------


def _completed() -> Json:
    return {
        "id": EXAMPLE_ID,
        "status": "completed",
        "video": {"url": EXAMPLE_VIDEO_URL, "duration": 5},
        "duration": 5,
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


# blame: which departures of a followed job's answers its breaking step comes from -----------

_MISSING = object()


def blamed(discrepancy: Discrepancy, journey: Journey, others: list[Discrepancy]) -> bool:
    """Whether the job's wait, which breaks on its real answers, breaks for this departure:
    it works with this one repaired (the departure is needed for the break), or, with every
    departure repaired it works and with all but this one it does not (it is enough for one).
    A wait that breaks with all of them repaired breaks for something none of them names."""
    if _waits_cleanly(journey, [discrepancy]):
        return True
    rest = [item for item in others if item is not discrepancy]
    return bool(rest) and not _waits_cleanly(journey, rest) and _waits_cleanly(journey, others)


def _waits_cleanly(journey: Journey, repairs: list[Discrepancy]) -> bool:
    from aimlapi_veo import VeoClient  # noqa: PLC0415

    timeline = []
    for at, real in journey.timeline:
        answer = real
        for item in repairs:
            answer = _repaired(item, answer, journey.generation_id)
        timeline.append((at, answer))
    return not replay(VeoClient, _wait_flow(journey, timeline)).impact.breaks


def _wait_flow(journey: Journey, timeline: Timeline) -> Flow:
    """The job's wait on `timeline`, its video valid (of the size its answers announced)."""
    valid = (200, {"content-type": "video/mp4"}, _video_of(_announced(journey.timeline)))
    return Flow(create=_created(journey), timeline=timeline, download=valid)


def _created(journey: Journey) -> Answer:
    """A valid create answer for the job, with the real one's headers (a Retry-After)."""
    status, headers, body = _json_answer(200, {"id": journey.generation_id, "status": "queued"})
    return status, {**journey.create_headers, **headers}, body


def _repaired(discrepancy: Discrepancy, answer: Answer, generation_id: str) -> Answer:
    """The answer without the departure, when it shows it; else as it was."""
    status, headers, content = answer
    example = discrepancy.exchange
    if not 200 <= example.status_code < 300:  # an error status: the job's next answer instead
        valid = {"id": generation_id, "status": "queued"}
        return _json_answer(200, valid) if status == example.status_code else answer
    if discrepancy.kind == "wrong_content_type":
        return status, {**headers, "content-type": "application/json"}, content
    try:
        body = json.loads(content)
    except ValueError:
        return answer
    if not isinstance(body, dict) or not discrepancy.where:
        return answer
    pointer = discrepancy.where.strip("/").split("/")
    seen, shown = _get(body, pointer), _get(example.response_body, pointer)
    if seen is not shown and seen != shown:
        return answer  # this answer does not depart this way
    # Its state when it says one; else (or when that state lacks the field) a completed one.
    valid = {**_valid_like(body), "id": generation_id}
    if "status" not in body or (
        discrepancy.kind == "missing_required_field" and _get(valid, pointer) is _MISSING
    ):
        valid = {**_completed(), "id": generation_id}
    fixed = copy.deepcopy(body) if "status" in body else {**body, **valid}
    value = _get(valid, pointer)
    if value is _MISSING:
        _parent(fixed, pointer).pop(pointer[-1], None)
    else:
        _parent(fixed, pointer)[pointer[-1]] = value
    return status, headers, json.dumps(fixed).encode()


def _get(body: Any, pointer: list[str]) -> Any:
    try:
        return _at(body, pointer)
    except (KeyError, IndexError, TypeError):
        return _MISSING
