"""The async client is generated from the sync one by a rewrite of its syntax, not its layout."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from make_async import SOURCE, TARGET, translate

RUFF = Path(sys.executable).parent / "ruff"


def reformat(source: str, *options: str) -> str:
    done = subprocess.run(
        [str(RUFF), "format", *options, "--stdin-filename", "client.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def meaning(source: str) -> str:
    return ast.dump(ast.parse(source))


def test_async_client_is_what_the_sync_client_makes() -> None:
    """A hand edit to async_client.py, or a client.py change without `make async-twin`, fails."""
    assert TARGET.read_text(encoding="utf-8") == translate(SOURCE.read_text(encoding="utf-8"))


def test_reformatting_client_py_does_not_change_the_twin() -> None:
    """Narrow lines, other quotes and wrapped calls give a twin with the same syntax tree."""
    original = SOURCE.read_text(encoding="utf-8")
    narrow = reformat(original, "--line-length", "50", "--config", "format.quote-style='single'")
    assert narrow != original
    assert meaning(translate(narrow)) == meaning(translate(original))


def test_a_method_doing_io_becomes_async_and_so_do_its_callers() -> None:
    """No method list: a new method that sleeps is `async def`, and a caller awaits it."""
    extra = (
        "\n    def nap(self) -> None:\n        self._sleep(1)\n"
        "\n    def twice(self) -> int:\n        self.nap()\n        return self.get('x').id.count('x')\n"
    )
    twin = translate(SOURCE.read_text(encoding="utf-8") + extra)
    assert "    async def nap(self) -> None:\n        await self._sleep(1)" in twin
    assert "    async def twice(self) -> int:\n        await self.nap()" in twin
    assert 'return (await self.get("x")).id.count("x")' in twin


def test_streaming_loops_become_async_for() -> None:
    """Any httpx streaming iterator is swapped for its async form."""
    source = SOURCE.read_text(encoding="utf-8").replace(
        "response.iter_bytes()", "response.iter_raw()"
    )
    assert "async for chunk in response.aiter_raw():" in translate(source)
