"""Does a discrepancy break the generated client, the wrapper, or neither? Found by trying.

Each discrepancy is *isolated* first: a spec-valid answer with only that one departure in it
(for answer-level kinds the observed answer itself). That answer is then replayed through an
`httpx.MockTransport` into the generated operation function and into `VeoClient`, and what
they do is the verdict: an exception, a dropped answer, or a value whose runtime type is not
the annotated one breaks; anything else does not, and the evidence says what happened (e.g. the
open enum kept `waiting` with `is_known` False; the wrapper kept polling through it).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx
from aimlapi_veo_api.client import AuthenticatedClient

from .classify import BODY_KINDS
from .findings import Discrepancy, Impact
from .model_types import runtime_type_problems
from .operation_map import generated_module
from .spec import Json, operation
from .spec_fixtures import EXAMPLE_ID, EXAMPLE_VIDEO_URL

_RAW_KINDS = {"wrong_content_type", "not_json"}
_BODY_KINDS = BODY_KINDS - _RAW_KINDS  # isolated by putting the one field into a valid answer
BASE_URL = "https://impact.invalid"
_JSON = {"content-type": "application/json"}


def assess(discrepancy: Discrepancy) -> Discrepancy:
    """The discrepancy with both verdicts filled in."""
    answer = isolate(discrepancy)
    return discrepancy.with_impacts(
        on_generated_client(discrepancy.operation, *answer),
        on_wrapper(discrepancy.operation, *answer, later=_completed_answer()),
    )


Answer = tuple[int, dict[str, str], bytes]


def isolate(discrepancy: Discrepancy) -> Answer:
    """An answer that departs from the spec by this discrepancy only.

    A field-level departure goes into an otherwise valid completed generation. A departure of
    the exchange (status code, auth, input handling) keeps the observed status code but, on a
    success, a valid body: the verdict is then about that departure, not about others the same
    answer happened to carry.
    """
    exchange = discrepancy.exchange
    body = _completed_answer()
    if (
        discrepancy.kind in _BODY_KINDS
        and discrepancy.where
        and isinstance(exchange.response_body, dict)
    ):
        pointer = discrepancy.where.strip("/").split("/")
        try:
            if discrepancy.kind == "missing_required_field":
                _parent(body, pointer).pop(pointer[-1], None)
            else:
                _parent(body, pointer)[pointer[-1]] = _at(exchange.response_body, pointer)
        except (KeyError, IndexError, TypeError):
            pass  # the pointer is not in the answer: judge the answer as observed
        else:
            return exchange.status_code, _JSON, json.dumps(body).encode()
    if discrepancy.kind not in _RAW_KINDS and 200 <= exchange.status_code < 300:
        return exchange.status_code, _JSON, json.dumps(body).encode()
    raw = exchange.response_body
    content = (
        b"" if raw is None else raw.encode() if isinstance(raw, str) else json.dumps(raw).encode()
    )
    return exchange.status_code, exchange.response_headers, content


def on_generated_client(
    operation_id: str, status: int, headers: dict[str, str], content: bytes
) -> Impact:
    try:
        module = generated_module(operation(operation_id))
    except KeyError:
        return Impact(None, f"not assessed: the spec has no operation {operation_id}")
    client = AuthenticatedClient(
        base_url=BASE_URL, token="k", httpx_args={"transport": _replay(status, headers, content)}
    )
    call = f"{module.__name__.rsplit('.', 1)[-1]}.sync_detailed"
    try:
        parsed = module.sync_detailed(client=client, **_arguments(operation_id)).parsed
    except Exception as exc:
        return Impact(True, f"{call} raises {exc!r:.200}")
    if parsed is None:
        if 200 <= status < 300:
            return Impact(True, f"{call} drops the {status} answer: .parsed is None")
        return Impact(False, f"{call} reports the {status} as an error (.parsed is None)")
    problems = runtime_type_problems(parsed)
    if problems:
        return Impact(True, f"{call} parses it, but {'; '.join(problems)}")
    return Impact(False, f"{call} parses it{_kept(parsed)}")


def on_wrapper(
    operation_id: str, status: int, headers: dict[str, str], content: bytes, *, later: Json
) -> Impact:
    try:
        from aimlapi_veo import VeoClient  # noqa: PLC0415 - the wrapper is an optional layer
    except ImportError as exc:
        return Impact(None, f"not assessed: the wrapper is not importable ({exc})")
    answers = [(status, headers, content), (200, _JSON, json.dumps(later).encode())]
    with _wrapper(VeoClient, answers) as client:
        name = "create" if operation_id == "create_generation" else "get"
        try:
            if name == "create":
                result = client.create("https://example.com/i.png", "a prompt")
            else:
                result = client.get(EXAMPLE_ID)
        except Exception as exc:
            expected = status >= 400
            verdict = "as it should for an error answer" if expected else "on a success answer"
            return Impact(not expected, f"VeoClient.{name} raises {exc!r:.200}, {verdict}")
    if not isinstance(result.id, str) or not isinstance(result.status.value, str):
        shown = f"id {result.id!r} ({type(result.id).__name__})"
        return Impact(True, f"VeoClient.{name} returns a Generation with {shown}, annotated str")
    if result.status.is_known:
        return Impact(False, f"VeoClient.{name} returns Generation(status={result.status.value!r})")
    with _wrapper(VeoClient, answers) as client:
        return _waiting_through(client, result.status.value)


def _waiting_through(client: Any, status: str) -> Impact:
    """What wait() does when a poll says `status`, then `completed`."""
    kept = f"VeoClient keeps status {status!r} (is_known False)"
    try:
        done = client.wait(EXAMPLE_ID, timeout=60)
    except Exception as exc:
        return Impact(False, f"{kept}; wait() treats it as terminal and raises {exc!r:.160}")
    return Impact(
        False, f"{kept}; wait() treats it as in progress, then returns {done.status.value!r}"
    )


def _wrapper(client_class: Any, answers: list[Answer]) -> Any:
    from aimlapi_veo import RetryPolicy  # noqa: PLC0415 - the wrapper is an optional layer

    return client_class(
        "k",
        base_url=BASE_URL,
        journal=False,
        retry=RetryPolicy(max_attempts=1),
        transport=_replay_sequence(answers),
        sleep=lambda _: None,
    )


def _completed_answer() -> Json:
    return {
        "id": EXAMPLE_ID,
        "status": "completed",
        "video": {"url": EXAMPLE_VIDEO_URL, "duration": 5},
        "duration": 5,
        "meta": {"usage": {"credits_used": 525000}},
    }


def _arguments(operation_id: str) -> dict[str, Any]:
    from .operation_map import sample_arguments  # noqa: PLC0415

    return sample_arguments(operation(operation_id))


def _replay(status: int, headers: dict[str, str], content: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(status, headers=headers, content=content)
    )


def _replay_sequence(answers: list[Answer]) -> httpx.MockTransport:
    queue = list(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        status, headers, content = queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(status, headers=headers, content=content)

    return httpx.MockTransport(answer)


def _kept(parsed: Any) -> str:
    status = getattr(parsed, "status", None)
    notes = []
    if status is not None and not status.is_known:
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
