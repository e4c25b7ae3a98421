"""The public surface is what was meant, and the twins match."""

from __future__ import annotations

import inspect
import subprocess
import sys
import typing

import pytest
from aimlapi_veo_api.models.veo_2_image_to_video_aspect_ratio import Veo2ImageToVideoAspectRatio
from aimlapi_veo_api.models.veo_2_image_to_video_duration import Veo2ImageToVideoDuration
from support import mypy_strict

import aimlapi_veo
from aimlapi_veo import AsyncVeoClient, VeoClient, errors
from aimlapi_veo.wire import AspectRatioValue, DurationSeconds

PUBLIC_METHODS = ["close", "create", "download", "finish", "generate", "get", "resume", "wait"]


def test_sync_and_async_clients_have_the_same_methods_and_parameters() -> None:
    """Same names, same parameters: code moves between the two by adding await."""
    for name in PUBLIC_METHODS:
        sync, asynchronous = getattr(VeoClient, name), getattr(AsyncVeoClient, name)
        assert (
            inspect.signature(sync).parameters.keys()
            == inspect.signature(asynchronous).parameters.keys()
        ), name
        assert inspect.iscoroutinefunction(asynchronous), name
    public = {n for n in dir(VeoClient) if not n.startswith("_")}
    assert public == {n for n in dir(AsyncVeoClient) if not n.startswith("_")}


def test_every_exception_is_exported_and_descends_from_veo_error() -> None:
    """One tree, all of it importable from the package."""
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, Exception) and c.__module__ == errors.__name__
    ]
    for cls in classes:
        assert issubclass(cls, aimlapi_veo.VeoError)
        assert cls.__name__ in aimlapi_veo.__all__
        assert cls.__name__ in errors.__doc__  # the docstring's tree names every class


def test_all_names_exist() -> None:
    """__all__ lists only what is importable."""
    assert all(hasattr(aimlapi_veo, name) for name in aimlapi_veo.__all__)


PINNED_ALL = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AspectRatioValue",
    "AsyncVeoClient",
    "AuthenticationError",
    "BadRequestError",
    "CreateOutcomeUnknownError",
    "DownloadError",
    "DurationSeconds",
    "Generation",
    "GenerationError",
    "GenerationFailedError",
    "GenerationStatus",
    "GenerationTimeoutError",
    "InternalServerError",
    "InvalidInputError",
    "Job",
    "Journal",
    "JournalError",
    "LeaseLostError",
    "MalformedResponseError",
    "MissingAPIKeyError",
    "NotFoundError",
    "OutputExistsError",
    "PermissionDeniedError",
    "PollPolicy",
    "RateLimitError",
    "ReconcileResult",
    "ResumeResult",
    "RetryPolicy",
    "UnprocessableEntityError",
    "VeoClient",
    "VeoError",
    "WaitUpdate",
    "__version__",
]
REQUEST_FIELDS = {
    "tail_image": "ImageInput | None",
    "duration": "DurationSeconds | None",
    "aspect_ratio": "AspectRatioValue | None",
    "negative_prompt": "str | None",
    "seed": "int | None",
    "enhance_prompt": "bool | None",
}


def test_the_public_names_are_exactly_these() -> None:
    """Adding, renaming or dropping a public name is a decision this test makes visible."""
    assert aimlapi_veo.__all__ == PINNED_ALL


def test_every_public_name_loads_lazily_from_where_it_is_defined() -> None:
    """The lazy table and __all__ agree, so `from aimlapi_veo import X` works for each X."""
    assert sorted([*aimlapi_veo._MODULES, "__version__"]) == sorted(PINNED_ALL)


@pytest.mark.parametrize("client", [VeoClient, AsyncVeoClient])
@pytest.mark.parametrize("method", ["create", "generate"])
def test_create_and_generate_spell_out_every_request_field(client: type, method: str) -> None:
    """No **kwargs: each request field is a keyword-only argument with a precise type."""
    parameters = inspect.signature(getattr(client, method)).parameters
    kinds = {p.kind for p in parameters.values()}
    assert inspect.Parameter.VAR_KEYWORD not in kinds
    assert inspect.Parameter.VAR_POSITIONAL not in kinds
    for name, annotation in REQUEST_FIELDS.items():
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].annotation == annotation
        assert parameters[name].default is None


def test_the_literals_are_the_generated_veo2_image_to_video_ones() -> None:
    """The Literals a type checker sees are exactly what the spec allows that model."""
    assert set(typing.get_args(DurationSeconds)) == set(typing.get_args(Veo2ImageToVideoDuration))
    assert set(typing.get_args(AspectRatioValue)) == set(
        typing.get_args(Veo2ImageToVideoAspectRatio)
    )


USER_SCRIPT = """\
from aimlapi_veo import VeoClient

with VeoClient(api_key="k", journal=False) as client:
    client.create("cat.png", "yawn", duration=6, aspect_ratio="9:16", seed=1)
    client.create("cat.png", "yawn", durration=6)
    client.create("cat.png", "yawn", duration=10)
    client.generate("cat.png", "yawn", "cat.mp4", aspect_ratio="1:1")
    client.generate("cat.png", "yawn", "cat.mp4", enhance_prompt="no")
"""


@pytest.fixture(scope="module")
def user_mypy(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """mypy --strict's complaints about each user file, run in the user's folder (none of this
    project's settings), once for all of them: mypy starts slowly."""
    folder = tmp_path_factory.mktemp("user")
    files = {"user.py": USER_SCRIPT, "test_user.py": USER_TEST}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = mypy_strict(*files, cwd=folder).splitlines()
    return {
        name: "\n".join(line for line in lines if line.startswith(f"{name}:")) for name in files
    }


def test_mypy_strict_rejects_a_typo_and_impossible_values_in_user_code(
    user_mypy: dict[str, str],
) -> None:
    """A user's type checker catches `durration=6`, `duration=10`, `aspect_ratio="1:1"`; the
    correct call on line 4 passes."""
    found = user_mypy["user.py"]
    lines = {int(line.split(":")[1]) for line in found.splitlines() if ": error:" in line}
    assert lines == {5, 6, 7, 8}, found
    assert 'Unexpected keyword argument "durration"' in found
    assert 'Argument "duration" to "create" of "VeoClient" has incompatible type' in found


def test_mypy_strict_passes_on_a_user_test_that_uses_the_sandbox(
    user_mypy: dict[str, str],
) -> None:
    """Both packages ship py.typed: a user's strict type check sees their types, not Any."""
    assert user_mypy["test_user.py"] == ""


def test_the_request_fields_types_are_importable_from_the_package() -> None:
    """`from aimlapi_veo import DurationSeconds, AspectRatioValue`: what create() takes."""
    assert typing.get_args(aimlapi_veo.DurationSeconds) == (5, 6, 7, 8)
    assert typing.get_args(aimlapi_veo.AspectRatioValue) == ("16:9", "9:16")


@pytest.mark.parametrize("client", [VeoClient, AsyncVeoClient])
@pytest.mark.parametrize("method", PUBLIC_METHODS)
def test_every_annotation_resolves_at_run_time(client: type, method: str) -> None:
    """typing.get_type_hints works (tools built on it: pydantic, typer, docs generators)."""
    hints = typing.get_type_hints(getattr(client, method))
    if method == "create":
        assert hints["duration"] == DurationSeconds | None


def test_python_m_aimlapi_veo_says_the_version_and_where_the_cli_is() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aimlapi_veo"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"aimlapi-veo {aimlapi_veo.__version__}")
    assert "veo --help" in done.stdout


USER_TEST = """import httpx

from aimlapi_veo import AspectRatioValue, DurationSeconds, VeoClient
from aimlapi_veo_sandbox import SandboxConfig, run_server

SIX: DurationSeconds = 6
WIDE: AspectRatioValue = "16:9"


def test_a_video_from_the_sandbox() -> None:
    with run_server(SandboxConfig(generation_seconds=0)) as sandbox:
        assert httpx.get(f"{sandbox.base_url}/_sandbox/stats").status_code == 200
        with VeoClient(sandbox.api_key, base_url=sandbox.base_url, journal=False) as client:
            client.create(b"", "yawn", duration=SIX, aspect_ratio=WIDE)
"""
