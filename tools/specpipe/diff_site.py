"""Where a compared schema sits, which decides rule names, wording and severity.

The same edit means opposite things on the two sides of a call: a new enum value is harmless in
a request (callers may send one more value) and breaking in a response (a strict client meets a
value it does not know). A `Site` carries that direction along with the operation and location.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from specpipe.diff_model import Change, Severity, join_path
from specpipe.diff_refs import Resolver

Direction = Literal["request", "response"]


@dataclass(frozen=True)
class Site:
    """A schema's context: `root_*` name the schema itself, `nested_*` any property inside it."""

    operation: str | None
    direction: Direction
    location: str
    root_rule: str
    nested_rule: str
    root_noun: str
    nested_noun: str
    old: Resolver
    new: Resolver

    def rule(self, path: str, suffix: str) -> str:
        """`request-body-became-nullable` at the top, `request-property-became-nullable` below."""
        return f"{self.nested_rule if path else self.root_rule}-{suffix}"

    def subject(self, path: str) -> str:
        """How messages name the schema at `path`: `request property \\`meta.usage\\``."""
        return f"{self.nested_noun} `{path}`" if path else self.root_noun

    def pick(self, *, request: Severity, response: Severity) -> Severity:
        return request if self.direction == "request" else response

    def change(self, rule: str, severity: Severity, path: str, message: str, reason: str) -> Change:
        return Change(
            rule, severity, self.operation, join_path(self.location, path), message, reason
        )


def body_site(
    operation: str | None, direction: Direction, location: str, old: Resolver, new: Resolver
) -> Site:
    """The site of a request or response body schema."""
    return Site(
        operation=operation,
        direction=direction,
        location=location,
        root_rule=f"{direction}-body",
        nested_rule=f"{direction}-property",
        root_noun=f"{direction} body",
        nested_noun=f"{direction} property",
        old=old,
        new=new,
    )


def parameter_site(
    operation: str | None, where: str, name: str, old: Resolver, new: Resolver
) -> Site:
    """The site of a parameter's schema (`where` is `query`, `path`, `header` or `cookie`)."""
    noun = f"{where} parameter `{name}`"
    return Site(
        operation=operation,
        direction="request",
        location=f"parameters.{where}.{name}",
        root_rule="request-parameter",
        nested_rule="request-parameter-property",
        root_noun=noun,
        nested_noun=f"{noun} property",
        old=old,
        new=new,
    )
