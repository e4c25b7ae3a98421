"""What an import loads: the generated client, the journal's stores and asyncio load when they
are used, not when `VeoClient` is imported (the time itself is measured by `make bench`, in
bench/startup.py, never asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Loaded on first use only: the generated package and attrs (its models) on the first request,
# sqlite3/platformdirs/psycopg when a journal is opened, asyncio with AsyncVeoClient.
LAZY = (
    "aimlapi_veo_api",
    "attr",
    "attrs",
    "sqlite3",
    "platformdirs",
    "psycopg",
    "asyncio",
    "aimlapi_veo.async_client",
    "aimlapi_veo.journal.sqlite",
    "aimlapi_veo.journal.postgres",
)


def loaded(code: str) -> list[str]:
    """The LAZY modules a fresh interpreter holds after running `code`."""
    script = (
        f"import sys, json\n{code}\n"
        f"lazy = {LAZY!r}\n"
        "print(json.dumps(sorted({m for m in sys.modules if m in lazy or m.split('.')[0] in lazy})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return found


def roots(modules: list[str]) -> set[str]:
    return {m for m in modules if m in LAZY}


@pytest.mark.parametrize(
    "code",
    [
        "from aimlapi_veo import VeoClient",
        "import aimlapi_veo.journal",
        "from aimlapi_veo.journal import open_journal, JournalStore, Job",
    ],
)
def test_importing_the_client_or_the_journal_loads_no_model_store_or_asyncio(code: str) -> None:
    """A user's first line costs httpx and the library, not what only later calls need."""
    assert loaded(code) == []


def test_the_first_create_loads_the_models_and_still_checks_before_sending() -> None:
    """The laziness moves imports, not checks: a bad duration is refused with nothing sent."""
    code = (
        "import httpx\n"
        "from aimlapi_veo import InvalidInputError, VeoClient\n"
        "sent = []\n"
        "def answer(request):\n"
        "    sent.append(request)\n"
        "    return httpx.Response(500)\n"
        "client = VeoClient(api_key='k', journal=False, transport=httpx.MockTransport(answer))\n"
        "try:\n"
        "    client.create(b'\\x89PNG\\r\\n\\x1a\\n' + bytes(64), 'yawn', duration=10)\n"
        "except InvalidInputError:\n"
        "    pass\n"
        "assert sent == []\n"
    )
    assert roots(loaded(code)) == {"aimlapi_veo_api", "attr", "attrs"}


def test_opening_a_journal_loads_sqlite(tmp_path: Path) -> None:
    """The SQLite store, and only it, loads when a journal file is opened."""
    code = (
        "from aimlapi_veo import VeoClient\n"
        f"VeoClient(api_key='k', journal={str(tmp_path / 'jobs.sqlite3')!r}).close()\n"
    )
    assert roots(loaded(code)) == {"sqlite3", "platformdirs", "aimlapi_veo.journal.sqlite"}
