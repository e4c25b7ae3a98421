"""The CLI's messages and exit codes, one exception at a time, and the expected-time wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from aimlapi_veo_api.models import GenerationStatus

from aimlapi_veo.errors import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    CreateOutcomeUnknownError,
    DownloadError,
    GenerationFailedError,
    GenerationTimeoutError,
    InternalServerError,
    InvalidInputError,
    MissingAPIKeyError,
    NotFoundError,
    PermissionDeniedError,
)
from aimlapi_veo.generation import Generation
from aimlapi_veo.hooks import WaitUpdate
from aimlapi_veo_cli.errors import EXIT_CODES, RULES, Session, describe, worst
from aimlapi_veo_cli.views import WaitView, expectation

ID = "9bf4e6f6-dae7-41c7-94aa-354443b300c6:veo2/image-to-video"


@pytest.mark.parametrize(
    ("error", "code", "says"),
    [
        (MissingAPIKeyError(), 2, "set AIMLAPI_API_KEY"),
        (InvalidInputError("duration must be one of 5, 6, 7, 8"), 2, "nothing was sent"),
        (AuthenticationError(401, "Unauthorized"), 6, "check AIMLAPI_API_KEY"),
        (PermissionDeniedError(403, "Forbidden"), 6, "the API refused the key"),
        (BadRequestError(400, "image_url is bad"), 1, "(nothing was created)"),
        (GenerationFailedError(ID, "error", "E", "boom"), 3, f"generation {ID} ended"),
        (GenerationTimeoutError(ID, "generating", 12.0), 4, f"Finish it with: veo wait {ID}"),
        (DownloadError(ID, Path("a.mp4"), "HTTP 500"), 1, f"veo download {ID} --output a.mp4"),
        (NotFoundError(404, "Not Found"), 1, "is unknown to the API"),
        (CreateOutcomeUnknownError("ReadTimeout"), 5, "Not resubmitted"),
        (APIConnectionError("could not reach the API"), 1, "could not reach the API"),
        (InternalServerError(502, "Bad gateway"), 1, "HTTP 502"),
        (FileNotFoundError(2, "No such file or directory", "x.csv"), 1, "directory: x.csv"),
        (RuntimeError("odd"), 1, "unexpected RuntimeError: odd (run with --debug"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else None,
)
def test_each_error_has_its_exit_code_and_an_actionable_line(
    error: BaseException, code: int, says: str
) -> None:
    got_code, message = describe(error)
    assert (got_code, says in message) == (code, True), message
    assert "\n" not in message


def test_the_id_of_the_generation_at_hand_is_always_named() -> None:
    """An error that does not know the id (a dropped connection while polling) gets it added,
    with the command that picks the job up again."""
    session = Session(generation_id=ID)
    _, message = describe(APIConnectionError("could not reach the API"), session)
    assert message.endswith(f"(generation {ID}: finish it with `veo wait {ID}`)")
    _, named = describe(GenerationTimeoutError(ID, "queued", 3.0), session)
    assert named.count(ID) == 2  # in the message and in the command, not added a third time


@pytest.mark.parametrize(
    ("codes", "exit_code"),
    [([4, 3], 3), ([4, 1, 3], 1), ([4, 4], 4), ([2, 3], 2), ([1, 5, 3], 5), ([6, 3], 6), ([], 0)],
)
def test_worst_picks_the_outcome_that_needs_a_person_most(codes: list[int], exit_code: int) -> None:
    assert worst(codes) == exit_code


@pytest.mark.parametrize(
    ("elapsed", "text"),
    [
        (0, "expected in 40-50 s"),
        (30, "expected in 10-20 s"),
        (45, "expected within 5 s"),
        (60, "taking longer than usual"),
    ],
)
def test_expected_time_in_words(elapsed: float, text: str) -> None:
    assert expectation(elapsed, (40.0, 50.0)) == text


def test_the_wait_line_expects_nothing_once_the_generation_is_done() -> None:
    """The live display's last frame: `completed  44 s since created`, no "expected in"."""
    view = WaitView(clock=lambda: 0.0)
    done = Generation(ID, GenerationStatus("completed"), video_url="https://cdn.test/v.mp4")
    view(WaitUpdate(ID, "completed", done, 0.0, (40.0, 50.0), 44.0, 44.0))
    assert view.line() == "completed  44 s since created"


def test_the_timeout_line_tells_waiting_time_from_age() -> None:
    """`--timeout 1` after a job ran 4 s: the line says it stopped waiting after 1 s (what
    --timeout counts), not that the job is 1 s old (the wait view counts since creation)."""
    _, message = describe(GenerationTimeoutError(ID, "queued", 1.0))
    assert message.startswith(f"stopped waiting for generation {ID} after 1 s (--timeout)")


def test_every_exit_code_is_documented_in_the_help() -> None:
    """The codes the rules use are the table `veo --help` prints."""
    documented = {code for code, _ in EXIT_CODES}
    assert {code for _, code, _, _ in RULES} <= documented
    assert documented == {0, 1, 2, 3, 4, 5, 6, 130}
