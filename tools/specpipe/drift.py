"""`spec/DRIFT.md`: one entry per `make spec-update`, newest first, like a changelog.

An entry holds the day, the REF asked for, each locked file before and after, the notes
(files absent upstream, corrections that no longer apply, repairs no longer needed), the
counts by level and the tables of `specpipe.diff` between the old and the new
`spec/openapi.json`. Earlier entries are never rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from specpipe.diff_model import Change
from specpipe.diff_render import markdown_tables, summary
from specpipe.lock import LockedFile

PREAMBLE = """\
# Spec drift

What each `make spec-update` changed, newest first: the lock before and after, what the update
had to say (files absent upstream, corrections that no longer apply, repairs no longer needed),
and every difference between the old and the new `spec/openapi.json` (normalized, corrections
applied), levelled by `specpipe.diff` for users of this client (breaking, may break, non-breaking;
may break raised to breaking where the wrapper reads or sends the field). Written by
`specpipe.update`; earlier entries are never rewritten. What upstream changed revision by
revision, before this project pinned anything, is in `HISTORY.md` (`make spec-history`).
"""


@dataclass(frozen=True)
class Entry:
    day: date
    ref: str
    before: list[LockedFile]
    after: list[LockedFile]
    changes: list[Change]
    notes: list[str]


def _pin(locked: LockedFile) -> str:
    return f"`{locked.ref[:8]}` {locked.date}"


def render(entry: Entry) -> str:
    out = [f"## {entry.day.isoformat()}: `make spec-update REF={entry.ref}`", ""]
    out += ["| role | file | before | after |", "|---|---|---|---|"]
    previous = {locked.path: locked for locked in entry.before}
    for locked in entry.after:
        old = previous.pop(locked.path, None)
        was = _pin(old) if old else "(new)"
        now = _pin(locked) if old != locked else "unchanged"
        out.append(f"| {locked.role} | `{locked.name}` | {was} | {now} |")
    for old in previous.values():
        out.append(f"| {old.role} | `{old.name}` | {_pin(old)} | (retired) |")
    out += [""] + [f"- {note}" for note in entry.notes] + ([""] if entry.notes else [])
    out.append(f"`spec/openapi.json`: {summary(entry.changes)}.")
    out += markdown_tables(entry.changes, level=3)
    return "\n".join(out) + "\n"


def prepend(existing: str | None, entry: Entry) -> str:
    """`existing` (or the preamble) with `entry` above the first earlier entry."""
    text = existing if existing is not None else PREAMBLE
    head, marker, rest = text.partition("\n## ")
    body = render(entry)
    if not marker:
        return head.rstrip("\n") + "\n\n" + body
    return head.rstrip("\n") + "\n\n" + body + "\n## " + rest
