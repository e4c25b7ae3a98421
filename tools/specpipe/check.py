"""`make spec-check`: has upstream moved since the lock? Reads upstream, writes nothing.

    python -m specpipe.check [--ref latest] [--root REPO]

Exit status: 0 "up to date at <commit>" (every locked file has the same bytes upstream);
1 upstream moved: the files that changed and the drift table between `spec/openapi.json` and
what `make spec-update` would make of the new revision (or why it would refuse it); 2 upstream
cannot be reached (network, URL), which says nothing about drift. The source is the one
`make spec-update` uses: `SPEC_UPSTREAM` (a git URL), else the mirror, else GitHub.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from specpipe.diff_render import summary, to_text
from specpipe.gitsource import UnreachableError, open_source
from specpipe.layout import REPO_ROOT, Layout
from specpipe.lock import read_watch
from specpipe.update import Proposal, UpdateError, propose

EXIT_CURRENT, EXIT_DRIFT, EXIT_UNREACHABLE = 0, 1, 2


def check(layout: Layout, ref: str = "latest") -> tuple[int, str]:
    """The exit status and the report."""
    with open_source(read_watch(layout.lock)) as source:
        try:
            proposal = propose(layout, ref, source)
        except UnreachableError as exc:
            return EXIT_UNREACHABLE, f"spec-check: {exc}; drift unknown"
        except UpdateError as exc:
            return EXIT_DRIFT, (
                f"spec-check: upstream ({source.label}) has a revision `make spec-update` "
                f"would refuse:\n{exc}\n"
            )
    target = proposal.plan.target
    if proposal.same_bytes:
        return EXIT_CURRENT, f"spec-check: up to date at {target} ({source.label})\n"
    return EXIT_DRIFT, drift_report(proposal, source.label)


def drift_report(proposal: Proposal, label: str) -> str:
    lines = [f"spec-check: upstream moved: {proposal.plan.target} ({label})"]
    before = {f.path: f for f in proposal.before}
    for locked in proposal.plan.files:
        old = before.get(locked.path)
        state = (
            "NEW"
            if old is None
            else "unchanged"
            if old.sha256 == locked.sha256
            else "REPLACED (new bytes)"
        )
        was = old.ref[:8] if old else "none"
        lines.append(f"  {locked.name}: {state} ({was} -> {locked.ref[:8]} {locked.date})")
    lines += [f"WARNING: {w}" for w in proposal.plan.warnings]
    lines += [f"  {note}" for note in proposal.notes]
    lines += ["", to_text(proposal.changes).rstrip("\n"), ""]
    lines.append(f"spec/openapi.json would change: {summary(proposal.changes)}")
    lines.append("nothing was written; `make spec-update` moves the lock and regenerates")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="latest", help="latest, a branch, a date or a commit")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository to check")
    args = parser.parse_args(argv)
    status, report = check(Layout(args.root), args.ref)
    (sys.stderr if status == EXIT_UNREACHABLE else sys.stdout).write(report.rstrip("\n") + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
