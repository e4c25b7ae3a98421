"""`python -m specpipe.diff OLD.json NEW.json`: exit 1 on breaking changes, 2 on bad input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from specpipe.diff_engine import diff_specs
from specpipe.diff_model import SpecError
from specpipe.diff_render import to_json, to_markdown, to_text

EXIT_OK, EXIT_BREAKING, EXIT_BAD_INPUT = 0, 1, 2


class BadInputError(Exception):
    """A file the diff cannot use; the message names it and says why."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        old, new = _load(args.old), _load(args.new)
        changes = diff_specs(old, new)
    except BadInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SpecError as exc:
        path = args.old if exc.side == "old" else args.new
        print(f"error: {path}: {exc.detail}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        sys.stdout.write(to_json(changes))
    elif args.format == "markdown":
        sys.stdout.write(
            to_markdown(changes, args.title or f"API changes: {args.old} -> {args.new}")
        )
    else:
        sys.stdout.write(to_text(changes))
    return EXIT_BREAKING if any(c.breaking for c in changes) else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m specpipe.diff",
        description="Compare two OpenAPI 3.0 documents and classify each change as breaking or "
        "not for users of the generated Python client. Exit status: 0 no breaking change, "
        "1 breaking changes found, 2 bad input.",
    )
    parser.add_argument("old", type=Path, help="the older document (JSON)")
    parser.add_argument("new", type=Path, help="the newer document (JSON)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--title", help="heading of the Markdown report")
    return parser


def _load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"cannot read {path}: {exc}") from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise BadInputError(f"{path} is not an OpenAPI document (top level is not an object)")
    return doc
