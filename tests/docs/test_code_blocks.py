"""The README's and docs' code blocks: each one runs (conftest.py at the root runs every
```python and ```bash block with Sybil), or says in its fence why it cannot; none slips through
under another name (```sh, ```py, ```shell) that nothing runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHOWN_ONLY = {"text", "console", "yaml", "toml", "json"}  # output and files, shown as they are
NOT_RUN = re.compile(r'^(python|bash) title="not run: .+"$')
FENCE = re.compile(r"^```(\S.*)$", re.MULTILINE)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_code_block_runs_or_says_why_not(page: Path) -> None:
    infos = FENCE.findall(page.read_text(encoding="utf-8"))
    strays = [
        info
        for info in infos
        if info not in ("python", "bash") and info not in SHOWN_ONLY and not NOT_RUN.match(info)
    ]
    assert strays == []


def test_blocks_that_cannot_run_are_few() -> None:
    """A live key, PostgreSQL, a long-running server or command: at most these few."""
    marked = [info for page in PAGES for info in FENCE.findall(page.read_text(encoding="utf-8"))]
    assert sum(bool(NOT_RUN.match(info)) for info in marked) <= 8
    assert sum(info in ("python", "bash") for info in marked) >= 15
