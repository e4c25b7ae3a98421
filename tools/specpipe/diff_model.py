"""The record every diff rule produces, its three levels, and the order reports list them in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from specpipe.diff_rules import LEVELS, Level


class SpecError(ValueError):
    """A document cannot be compared: wrong shape, or a `$ref` that does not resolve.

    `side` is `old` or `new`, so a caller holding file names can say which file is at fault.
    """

    def __init__(self, side: str, detail: str) -> None:
        super().__init__(f"{side} document: {detail}")
        self.side = side
        self.detail = detail


@dataclass(frozen=True)
class Change:
    """One difference between two documents, levelled for users of the generated client.

    `location` is a dotted path into the operation (`requestBody.duration`,
    `responses.200.meta.usage.tokens_used`); `operation` is `METHOD /path` as published in the
    newer document (or the older one, when the operation is gone), None for document-wide changes.
    """

    rule: str
    level: Level
    operation: str | None
    location: str
    message: str
    reason: str

    @property
    def breaking(self) -> bool:
        return self.level == "breaking"


def at_or_above(changes: Iterable[Change], level: Level) -> list[Change]:
    """The changes whose level is `level` or worse (`may-break` includes `breaking`)."""
    worst = LEVELS[: LEVELS.index(level) + 1]
    return [c for c in changes if c.level in worst]


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Deterministic order: by operation, then location, then rule, then message."""
    return sorted(changes, key=lambda c: (c.operation or "", c.location, c.rule, c.message))
