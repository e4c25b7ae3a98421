"""The record every diff rule produces, and the order reports list them in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["breaking", "non-breaking"]
BREAKING: Final = "breaking"
NON_BREAKING: Final = "non-breaking"


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
    """One difference between two documents, classified for users of the generated client.

    `location` is a dotted path into the operation (`requestBody.duration`,
    `responses.200.meta.usage.tokens_used`); `operation` is `METHOD /path` as published in the
    newer document (or the older one, when the operation is gone), None for document-wide changes.
    """

    rule: str
    severity: Severity
    operation: str | None
    location: str
    message: str
    reason: str

    @property
    def breaking(self) -> bool:
        return self.severity == BREAKING


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Deterministic order: by operation, then location, then rule, then message."""
    return sorted(changes, key=lambda c: (c.operation or "", c.location, c.rule, c.message))


def join_path(base: str, name: str) -> str:
    """`join_path("meta", "usage")` is `meta.usage`; an empty side is dropped."""
    return f"{base}.{name}" if base and name else base or name
