"""The body of the weekly upstream-spec pull request, rendered from files (so a test can dry-run it).

    python -m specpipe.prbody --old-spec OLD.json --old-lock OLD.lock.json \\
        --tests make-test.log --test-status N [--root REPO] [--output FILE]

The workflow saves `spec/openapi.json` and `spec/spec.lock.json` before `make spec-update`, runs
`make test` into a log, then renders this: the lock before and after, the changes that break this
client (the rows a reviewer must act on), every change by level, and the test results.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from aimlapi_veo.spec_usage import USAGE
from specpipe.diff_engine import diff_specs
from specpipe.diff_model import Change
from specpipe.diff_render import markdown_tables, summary
from specpipe.layout import REPO_ROOT, Layout
from specpipe.lock import LockedFile, read_lock

LOG_TAIL = 60  # lines of the test log shown; the whole log is in the workflow run

REVIEW = """\
### Reviewing

1. Read *Breaking for this client* first: each row names what changed and why it breaks the
   generated client or the wrapper. Fix the wrapper (or `spec/corrections.overlay.yaml`) on this
   branch, then `make generate test`; a `may break` row needs a look at what the code reads.
2. Tests must be green before merging. The same entry is prepended to `spec/DRIFT.md`.
3. Merge with a merge commit or squash; the branch is deleted and next week's check starts from
   the new lock. Closing without merging leaves the lock where it was: the next run opens it again.
"""


def render(
    old_lock: list[LockedFile],
    new_lock: list[LockedFile],
    changes: list[Change],
    test_status: int,
    test_log: str,
) -> str:
    out = ["## Upstream spec moved", "", "| role | file | before | after |", "|---|---|---|---|"]
    before = {f.role: f for f in old_lock}
    for locked in new_lock:
        old = before.get(locked.role)
        was = f"`{old.ref[:8]}` {old.date}" if old else "(none)"
        now = f"`{locked.ref[:8]}` {locked.date}" if old != locked else "unchanged"
        out.append(f"| {locked.role} | `{locked.name}` | {was} | {now} |")
    out += ["", f"`spec/openapi.json`: {summary(changes)}.", "", "### Breaking for this client", ""]
    breaking = [c for c in changes if c.breaking]
    out += [f"- `{c.operation}` `{c.location}`: {c.message} ({c.reason})" for c in breaking]
    out += [] if breaking else ["None."]
    out += ["", "### Every change", *markdown_tables(changes, level=4)]
    verdict = "passed" if test_status == 0 else f"FAILED (exit {test_status})"
    tail = "\n".join(test_log.rstrip("\n").splitlines()[-LOG_TAIL:])
    out += ["", f"### Tests of the regenerated client: `make test` {verdict}", ""]
    out += [
        "<details><summary>last lines of the log</summary>",
        "",
        "```",
        tail,
        "```",
        "</details>",
    ]
    return "\n".join([*out, "", REVIEW])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-spec", type=Path, required=True)
    parser.add_argument("--old-lock", type=Path, required=True)
    parser.add_argument("--tests", type=Path, required=True, help="the log of `make test`")
    parser.add_argument("--test-status", type=int, required=True)
    parser.add_argument("--root", type=Path, default=REPO_ROOT)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    layout = Layout(args.root)
    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (args.old_spec, layout.openapi))
    body = render(
        read_lock(args.old_lock),
        read_lock(layout.lock),
        diff_specs(old, new, USAGE),
        args.test_status,
        args.tests.read_text(encoding="utf-8", errors="replace"),
    )
    if args.output is None:
        sys.stdout.write(body)
    else:
        args.output.write_text(body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
