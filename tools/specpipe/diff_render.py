"""Reports of a diff: plain text for terminals, Markdown for pull requests, JSON for tools.

Each lists breaking changes first and otherwise keeps the order it is given (`diff_specs`
returns changes sorted), so the same two documents always render to the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

from specpipe.diff_model import Change


def _split(changes: Iterable[Change]) -> tuple[list[Change], list[Change]]:
    listed = list(changes)
    return [c for c in listed if c.breaking], [c for c in listed if not c.breaking]


def summary(changes: Iterable[Change]) -> str:
    """`3 changes: 2 breaking, 1 non-breaking` (or `no changes`)."""
    breaking, other = _split(changes)
    total = len(breaking) + len(other)
    if not total:
        return "no changes"
    noun = "change" if total == 1 else "changes"
    return f"{total} {noun}: {len(breaking)} breaking, {len(other)} non-breaking"


def to_text(changes: Iterable[Change]) -> str:
    breaking, other = _split(changes)
    lines = []
    for change in [*breaking, *other]:
        label = "BREAKING" if change.breaking else "non-breaking"
        lines.append(f"{label:<13}{change.operation or '(document)'}  {change.location}")
        lines.append(f"{'':13}{change.message}  [{change.rule}]")
        lines.append(f"{'':13}why: {change.reason}")
    lines.append(summary([*breaking, *other]).capitalize() + ".")
    return "\n".join(lines) + "\n"


def to_markdown(changes: Iterable[Change], title: str) -> str:
    listed = list(changes)
    out = [f"# {title}", "", summary(listed).capitalize() + ".", *markdown_tables(listed)]
    return "\n".join(out) + "\n"


def markdown_tables(changes: Iterable[Change], level: int = 2) -> list[str]:
    """The breaking and non-breaking tables, each under a heading of `level`, as lines; for
    reports that embed a diff under headings of their own (spec/DRIFT.md, spec/HISTORY.md)."""
    breaking, other = _split(changes)
    out: list[str] = []
    for heading, group in (("Breaking changes", breaking), ("Non-breaking changes", other)):
        if not group:
            continue
        out += [
            "",
            f"{'#' * level} {heading}",
            "",
            "| Operation | Location | Change | Why | Rule |",
        ]
        out.append("|---|---|---|---|---|")
        out += [_row(change) for change in group]
    return out


def _row(change: Change) -> str:
    cells = [
        f"`{change.operation}`" if change.operation else "",
        f"`{change.location}`",
        change.message,
        change.reason,
        f"`{change.rule}`",
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_json(changes: Iterable[Change]) -> str:
    breaking, other = _split(changes)
    report = {
        "summary": {"breaking": len(breaking), "non-breaking": len(other)},
        "changes": [asdict(c) for c in [*breaking, *other]],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
