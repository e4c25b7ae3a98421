"""`make spec-diff OLD=... NEW=...`: compare two OpenAPI documents after normalization.

    python -m specpipe.specdiff_cli OLD NEW [--format text|markdown|json] [--title T]
    python -m specpipe.specdiff_cli --history [--format ...] [--output FILE]

OLD and NEW are each a JSON file or a revision of the mirror. A file may be one upstream file
as published or an already-normalized document such as `spec/openapi.json` (normalizing twice
changes nothing). A revision (a date, a ref or a ref prefix from the mirror's index.json) means
the locked files at that revision, sha256-checked and merged. Either way the document goes
through the generic part of the normalizer only: merge, strip noise, generic repairs, prune;
the project corrections are written for the locked revision and are not applied, so revisions
are compared as upstream published them. `--history` does that for every consecutive pair of
revisions in the mirror, newest first (`make spec-history` writes `spec/HISTORY.md`).

Exit status: 0 no breaking change, 1 breaking changes found, 2 bad input (the message names
the side). `--history` exits 0 once the report is written: its breaking changes are history.
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

from specpipe.diff import Change, SpecError, diff_specs, summary, to_json, to_markdown, to_text
from specpipe.diff_render import markdown_tables
from specpipe.fetch import default_mirror
from specpipe.lock import read_lock
from specpipe.normalize import NormalizeError, normalize
from specpipe.revisions import MirrorSource, Revision, RevisionError, documents_at, find_revision

Json = dict[str, Any]
EXIT_OK, EXIT_BREAKING, EXIT_BAD_INPUT = 0, 1, 2


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
            text = history_report(history(_mirror()), args.format)
            _write(text, args.output)
            return EXIT_OK
        (old, old_label), (new, new_label) = _sides(args.old, args.new)
        changes = diff_specs(old, new)
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
    _write(_render(changes, args.format, title), args.output)
    return EXIT_BREAKING if any(c.breaking for c in changes) else EXIT_OK


def _sides(old: str | None, new: str | None) -> tuple[tuple[Json, str], tuple[Json, str]]:
    if not old or not new:
        raise BadInputError("give two documents: make spec-diff OLD=<file|rev> NEW=<file|rev>")
    return load_side(old), load_side(new)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m specpipe.specdiff_cli",
        description="Compare two OpenAPI documents after normalization (merge, strip noise, "
        "generic repairs, prune; no project corrections) and classify each change as breaking "
        "or not for users of the generated client. Exit status: 0 no breaking change, "
        "1 breaking changes, 2 bad input.",
    )
    parser.add_argument("old", nargs="?", help="a JSON file, or a mirror revision (date or ref)")
    parser.add_argument("new", nargs="?", help="a JSON file, or a mirror revision (date or ref)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--title", help="heading of the Markdown report")
    parser.add_argument(
        "--history", action="store_true", help="every consecutive pair of mirror revisions"
    )
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
        document, report = normalize(raw, None, None)
    except NormalizeError as exc:
        raise BadInputError(f"{path}: {exc}") from exc
    repairs = len(report.repairs)
    return document, f"{path} ({repairs} generic repair{'s' * (repairs != 1)})"


def revision_document(source: MirrorSource, revision: Revision) -> Json:
    """The locked files at `revision`, verified, merged and generically normalized."""
    files = read_lock()
    documents = dict(
        zip(
            (f.role for f in files),
            documents_at(source, revision, [f.path for f in files]),
            strict=True,
        )
    )
    create, fetch = documents.get("create"), documents.get("fetch")
    if create is None:
        raise RevisionError(f"{revision.ref} ({revision.date}) has no create file")
    try:
        return normalize(create, fetch, None)[0]
    except NormalizeError as exc:
        raise RevisionError(f"{revision.ref} ({revision.date}): {exc}") from exc


def history(source: MirrorSource) -> list[Step]:
    """The changes between each pair of consecutive revisions, oldest first."""
    revisions = source.revisions()
    documents = [revision_document(source, r) for r in revisions]
    return [
        Step(old, new, diff_specs(a, b))
        for (old, a), (new, b) in itertools.pairwise(zip(revisions, documents, strict=True))
    ]


def _files_line(step: Step) -> str:
    """What happened to each file's bytes between the two revisions."""
    states = []
    for name, entry in step.new.files.items():
        before = step.old.files.get(name)
        if entry is None:
            state = "removed upstream (404 from here on)" if before else "absent (404)"
        elif before is None:
            state = "added"
        else:
            state = "changed" if entry.sha256 != before.sha256 else "unchanged"
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
    report = json.loads(to_json(step.changes))
    return {
        "old": {"ref": step.old.ref, "date": step.old.date},
        "new": {"ref": step.new.ref, "date": step.new.date},
        **report,
    }


HISTORY_PREAMBLE = """\
# Upstream history of the two spec files

Every published revision of `Veo2-Image-to-Video.json` (create) and `veo3-pair.json` (fetch),
each pair merged and put through the generic normalizer (no project corrections), compared with
the revision before it by `specpipe.diff`, newest first. Written by `make spec-history` from the
mirror's `index.json`; do not edit by hand. What each lock update changed in the project's own
`spec/openapi.json` is in `DRIFT.md`.
"""


def _render(changes: list[Change], fmt: str, title: str) -> str:
    if fmt == "json":
        return to_json(changes)
    if fmt == "markdown":
        return to_markdown(changes, title)
    return to_text(changes)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)


__all__ = ["Step", "history", "history_report", "load_side", "main", "revision_document"]


if __name__ == "__main__":
    sys.exit(main())
