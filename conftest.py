"""Every code block of README.md and docs/ runs as a test (Sybil), against a sandbox of the API
that this file starts on a free loopback port, in a fresh folder per page holding a copy of
demo/ (the quickstart's sample image).

- ```python blocks run each in a fresh namespace (a block that forgets an import fails), with
  AIMLAPI_BASE_URL and AIMLAPI_API_KEY pointing at the sandbox, as the README shows.
- ```bash blocks run as bash scripts (`set -euo pipefail`), `veo` first on PATH. The address
  the docs give `veo sandbox` (http://127.0.0.1:8000) becomes the test sandbox's.
- A block that cannot run here (a live key, PostgreSQL, a command that runs the whole suite)
  says so in its fence, which the docs show as its title: ```bash title="not run: why".
  Other languages (text, console, yaml) are shown, not run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser

ROOT = Path(__file__).resolve().parent
DOCUMENTED_SANDBOX = "http://127.0.0.1:8000"
DOCUMENTED_KEY = "sandbox-key"  # the sandbox's default key, as the README exports it


SANDBOX = ExitStack()  # closed at the end of the session (pytest_sessionfinish)


@cache
def docs_sandbox() -> Any:
    """One sandbox for every page, started by the first page that runs."""
    from aimlapi_veo_sandbox import SandboxConfig, run_server  # noqa: PLC0415 (docs runs only)

    return SANDBOX.enter_context(
        run_server(SandboxConfig(api_key=DOCUMENTED_KEY, generation_seconds=1))
    )


def pytest_sessionfinish() -> None:
    SANDBOX.close()


def _setup(namespace: dict[str, Any]) -> None:
    """A fresh folder with demo/, and the environment a reader of the README would have."""
    folder = Path(tempfile.mkdtemp(prefix="aimlapi-veo-docs-"))
    shutil.copytree(ROOT / "demo", folder / "demo", ignore=shutil.ignore_patterns("*.py"))
    environment = {
        "AIMLAPI_BASE_URL": docs_sandbox().base_url,
        "AIMLAPI_API_KEY": DOCUMENTED_KEY,
        "AIMLAPI_VEO_JOURNAL": str(folder / "journal.sqlite3"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    namespace["_saved"] = (Path.cwd(), {name: os.environ.get(name) for name in environment})
    os.environ.update(environment)
    os.chdir(folder)
    namespace["_folder"] = folder


def _teardown(namespace: dict[str, Any]) -> None:
    cwd, saved = namespace["_saved"]
    os.chdir(cwd)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(namespace["_folder"], ignore_errors=True)


def _python(example: Example) -> None:
    code = compile(example.parsed, str(example.path), "exec")
    exec(code, {"__name__": "__main__"})  # noqa: S102 (the docs' own examples)


def _bash(example: Example) -> None:
    script = str(example.parsed).replace(DOCUMENTED_SANDBOX, os.environ["AIMLAPI_BASE_URL"])
    done = subprocess.run(  # noqa: S603 (the docs' own examples)
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607 (bash from PATH, as a reader's)
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"


pytest_collect_file = Sybil(
    parsers=[
        CodeBlockParser(language="python", evaluator=_python),
        CodeBlockParser(language="bash", evaluator=_bash),
    ],
    patterns=["README.md", "docs/*.md"],
    setup=_setup,
    teardown=_teardown,
).pytest()


# What `make check` leaves to `make test`, besides the tests marked slow where they are: the
# tests that take seconds each (processes, servers, video encoding, hypothesis, schemathesis,
# regeneration), by path prefix of their node id, with why. The README's and docs' blocks too.
SLOW: dict[str, str] = {
    "README.md": "runs the quickstart against a sandbox",
    "docs/": "runs every example against a sandbox",
    "contract_tests/test_harness.py": "schemathesis against a sandbox per deviation",
    "contract_tests/target/": "schemathesis and the probe against a sandbox",
    "contract_tests/test_spec_properties.py": "hypothesis draws hundreds of instances",
    "tests/specpipe/test_upstream_git.py": "builds git repositories and runs make",
    "tests/specpipe/test_update.py": "regenerates the client on copies of the repository",
    "tests/library/test_processes.py": "real processes on one journal",
    "tests/library/test_against_sandbox.py": "real videos from a sandbox",
    "tests/sandbox/test_sandbox_video.py": "encodes H.264",
    "contract_tests/test_wrapper_wire.py": "hypothesis draws the bodies the wrapper sends",
    "contract_tests/test_generated_client_wire.py": "hypothesis draws the bodies the models build",
    "tests/journal/test_stores.py::test_claims_are_atomic_across_processes": "processes",
}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    import pytest  # noqa: PLC0415

    for item in items:
        postgres = "postgres" in item.nodeid.lower()  # a PostgreSQL server starts for them
        if postgres or any(item.nodeid.startswith(prefix) for prefix in SLOW):
            item.add_marker(pytest.mark.slow)
