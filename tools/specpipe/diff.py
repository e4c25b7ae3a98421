"""The spec diff, and its one command line (`make spec-diff`, `make spec-history`).

    changes = diff_specs(old_doc, new_doc, USAGE)   # list[Change], levelled and sorted
    print(to_text(changes))                         # or to_markdown(changes, title), to_json

    python -m specpipe.diff OLD NEW [--format text|markdown|json] [--fail-on may-break|breaking]
    python -m specpipe.diff --history [--format ...] [--output FILE]

OLD and NEW are each a JSON file or a revision of the mirror (a date, a ref or a ref prefix from
its index.json: the locked files at that revision, sha256-checked and merged). A file may be an
upstream file as published or a normalized document such as `spec/openapi.json` (normalizing
twice changes nothing). Either way the document goes through the generic part of the normalizer
only (merge, strip noise, generic repairs, prune): revisions are compared as upstream published
them. Each change is `breaking`, `may-break` or `non-breaking` (oasdiff's ERR/WARN/INFO, rules
in `diff_rules`), a may-break change on what the wrapper uses raised to breaking
(`aimlapi_veo.spec_usage`). `--history` compares every consecutive pair of mirror revisions.

Exit status: 0 nothing at or above `--fail-on` (default may-break); 1 changes at or above it;
2 bad input (the message names the side). `--history` exits 0 once written: its changes are history.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aimlapi_veo.spec_usage import USAGE
from specpipe.diff_engine import diff_specs
from specpipe.diff_model import Change, SpecError, at_or_above
from specpipe.diff_render import markdown_tables, summary, to_json, to_markdown, to_text
from specpipe.fetch import default_mirror
from specpipe.normalize import NormalizeError, normalize
from specpipe.revisions import MirrorSource, Revision, RevisionError, documents_at, find_revision

Json = dict[str, Any]
EXIT_OK, EXIT_CHANGES, EXIT_BAD_INPUT = 0, 1, 2


class BadInputError(Exception):
    """One side cannot be read or normalized; the message names it."""


@dataclass(frozen=True)
class Step:
    """The changes between two consecutive revisions."""

    old: Revision
    new: Revision
    changes: list[Change]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.history:
            _write(history_report(history(_mirror()), args.format), args.output)
            return EXIT_OK
        (old, old_label), (new, new_label) = _sides(args.old, args.new)
        changes = diff_specs(old, new, USAGE)
    except (BadInputError, RevisionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SpecError as exc:
        print(
            f"error: {args.old if exc.side == 'old' else args.new}: {exc.detail}", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    print(f"old: {old_label}\nnew: {new_label}", file=sys.stderr)
    title = args.title or f"API changes: {args.old} -> {args.new}"
    _write(render(changes, args.format, title), args.output)
    return EXIT_CHANGES if at_or_above(changes, args.fail_on) else EXIT_OK


def _sides(old: str | None, new: str | None) -> tuple[tuple[Json, str], tuple[Json, str]]:
    if not old or not new:
        raise BadInputError("give two documents: make spec-diff OLD=<file|rev> NEW=<file|rev>")
    return load_side(old), load_side(new)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m specpipe.diff",
        description="Compare two OpenAPI documents after generic normalization and level each "
        "change breaking / may-break / non-breaking for users of this client. Exit status: 0 "
        "nothing at or above --fail-on, 1 changes at or above it, 2 bad input.",
    )
    parser.add_argument("old", nargs="?", help="a JSON file, or a mirror revision (date or ref)")
    parser.add_argument("new", nargs="?", help="a JSON file, or a mirror revision (date or ref)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--title", help="heading of the Markdown report")
    parser.add_argument("--fail-on", choices=("may-break", "breaking"), default="may-break")
    parser.add_argument("--history", action="store_true", help="every consecutive mirror pair")
    parser.add_argument("--output", type=Path, help="write the report here instead of stdout")
    return parser


def _mirror() -> MirrorSource:
    mirror = default_mirror()
    if mirror is None:
        raise BadInputError(
            "no mirror: revisions are read from a folder with index.json; set SPEC_MIRROR"
        )
    return MirrorSource(mirror)


def load_side(arg: str) -> tuple[Json, str]:
    """The normalized document for a file or a mirror revision, and a label saying which."""
    path = Path(arg)
    if path.is_file():
        return _normalized_file(path)
    if default_mirror() is None:
        raise BadInputError(f"{arg}: no such file (and no mirror to look a revision up in)")
    source = _mirror()
    try:
        revision = find_revision(source.revisions(), arg)
    except RevisionError as exc:
        raise BadInputError(f"{arg!r} is not a file, and {exc}") from exc
    return revision_document(source, revision), f"revision {revision.ref} ({revision.date})"


def _normalized_file(path: Path) -> tuple[Json, str]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInputError(f"{path}: cannot read it as JSON ({exc})") from exc
    if not isinstance(raw, dict) or "openapi" not in raw:
        raise BadInputError(f"{path}: not an OpenAPI document (no top-level `openapi`)")
    try:
        document, report = normalize([raw], None)
    except NormalizeError as exc:
        raise BadInputError(f"{path}: {exc}") from exc
    repairs = len(report.repairs)
    return document, f"{path} ({repairs} generic repair{'s' * (repairs != 1)})"


def revision_document(source: MirrorSource, revision: Revision) -> Json:
    """The mirror's files at `revision` (the create file first), verified, merged and
    generically normalized. The mirror holds the Veo2 pair's history, before the family."""
    documents = [d for d in documents_at(source, revision, list(revision.files)) if d]
    if not documents or next(iter(revision.files.values())) is None:
        raise RevisionError(f"{revision.ref} ({revision.date}) has no create file")
    try:
        return normalize(documents, None)[0]
    except NormalizeError as exc:
        raise RevisionError(f"{revision.ref} ({revision.date}): {exc}") from exc


def history(source: MirrorSource) -> list[Step]:
    """The changes between each pair of consecutive revisions, oldest first."""
    revisions = source.revisions()
    documents = [revision_document(source, r) for r in revisions]
    pairs = itertools.pairwise(zip(revisions, documents, strict=True))
    return [Step(old, new, diff_specs(a, b, USAGE)) for (old, a), (new, b) in pairs]


def _files_line(step: Step) -> str:
    """What happened to each file's bytes between the two revisions."""
    states = []
    for name, entry in step.new.files.items():
        before = step.old.files.get(name)
        if entry is None:
            state = "removed upstream (404 from here on)" if before else "absent (404)"
        else:
            state = (
                "added"
                if before is None
                else "changed"
                if entry.sha256 != before.sha256
                else "unchanged"
            )
        states.append(f"`{name}` {state}")
    return ", ".join(states)


def history_report(steps: list[Step], fmt: str) -> str:
    """All steps, newest first."""
    ordered = list(reversed(steps))
    if fmt == "json":
        return json.dumps([_step_json(step) for step in ordered], indent=2) + "\n"
    if fmt == "text":
        return "".join(
            f"=== {s.old.date} {s.old.short} -> {s.new.date} {s.new.short}\n{to_text(s.changes)}\n"
            for s in ordered
        )
    out = [HISTORY_PREAMBLE.rstrip("\n")]
    for step in ordered:
        out += ["", f"## {step.new.date} `{step.new.short}` (after {step.old.date})", ""]
        out.append(f"Files: {_files_line(step)}.")
        out += ["", summary(step.changes).capitalize() + ".", *markdown_tables(step.changes, 3)]
    return "\n".join(out) + "\n"


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "old": {"ref": step.old.ref, "date": step.old.date},
        "new": {"ref": step.new.ref, "date": step.new.date},
        **json.loads(to_json(step.changes)),
    }


HISTORY_PREAMBLE = """\
# Upstream history of the two spec files

Every published revision of `Veo2-Image-to-Video.json` (create) and `veo3-pair.json` (fetch),
each pair merged and put through the generic normalizer (no project corrections), compared with
the revision before it by `specpipe.diff`, newest first. Levels: breaking, may break (strict
clients may break; raised to breaking where this client reads or sends the field), non-breaking.
Written by `make spec-history` from the mirror's `index.json`; do not edit by hand. What each
lock update changed in the project's own `spec/openapi.json` is in `DRIFT.md`.
"""


def render(changes: list[Change], fmt: str, title: str) -> str:
    if fmt == "json":
        return to_json(changes)
    return to_markdown(changes, title) if fmt == "markdown" else to_text(changes)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)


__all__ = [
    "Change",
    "SpecError",
    "Step",
    "diff_specs",
    "history",
    "history_report",
    "load_side",
    "main",
    "render",
    "revision_document",
    "summary",
    "to_json",
    "to_markdown",
    "to_text",
]

if __name__ == "__main__":
    sys.exit(main())
