"""Reports of a diff: plain text for terminals, Markdown for pull requests and the drift files,
JSON for tools. Each lists the worst level first and otherwise keeps the order it is given
(`diff_specs` returns changes sorted), so the same two documents always render to the same bytes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict

from specpipe.diff_model import Change
from specpipe.diff_rules import LEVELS

HEADINGS = {
    "breaking": "Breaking changes",
    "may-break": "Changes that may break",
    "non-breaking": "Non-breaking changes",
}
WORDS = {"breaking": "breaking", "may-break": "may break", "non-breaking": "non-breaking"}


def by_level(changes: Iterable[Change]) -> dict[str, list[Change]]:
    listed = list(changes)
    return {level: [c for c in listed if c.level == level] for level in LEVELS}


def summary(changes: Iterable[Change]) -> str:
    """`3 changes: 1 breaking, 1 may break, 1 non-breaking` (or `no changes`)."""
    groups = by_level(changes)
    total = sum(map(len, groups.values()))
    if not total:
        return "no changes"
    counts = ", ".join(f"{len(group)} {WORDS[level]}" for level, group in groups.items())
    return f"{total} change{'s' * (total != 1)}: {counts}"


def to_text(changes: Iterable[Change]) -> str:
    groups = by_level(changes)
    lines = []
    for level, group in groups.items():
        for change in group:
            label = "BREAKING" if level == "breaking" else WORDS[level]
            lines.append(f"{label:<13}{change.operation or '(document)'}  {change.location}")
            lines.append(f"{'':13}{change.message}  [{change.rule}]")
            lines.append(f"{'':13}why: {change.reason}")
    lines.append(summary([c for g in groups.values() for c in g]).capitalize() + ".")
    return "\n".join(lines) + "\n"


def to_markdown(changes: Iterable[Change], title: str) -> str:
    listed = list(changes)
    out = [f"# {title}", "", summary(listed).capitalize() + ".", *markdown_tables(listed)]
    return "\n".join(out) + "\n"


def markdown_tables(changes: Iterable[Change], level: int = 2) -> list[str]:
    """One table per level that has changes, each under a heading of `level`, as lines; for
    reports that embed a diff under headings of their own (DRIFT.md, HISTORY.md, the PR body)."""
    out: list[str] = []
    for name, group in by_level(changes).items():
        if group:
            out += ["", f"{'#' * level} {HEADINGS[name]}", ""]
            out += ["| Operation | Location | Change | Why | Rule |", "|---|---|---|---|---|"]
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
    escaped = (c.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ") for c in cells)
    return "| " + " | ".join(escaped) + " |"


def to_json(changes: Iterable[Change]) -> str:
    groups = by_level(changes)
    report = {
        "summary": {level: len(group) for level, group in groups.items()},
        "changes": [asdict(c) for group in groups.values() for c in group],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
