"""Which revision of each locked file `make spec-update REF=...` moves to, and what to say.

With the mirror's index: REF is `latest` (the newest *commit*: a branch such as
`refs/heads/main` moves, so a lock never pins one), a date, a ref or a ref prefix. From a git
upstream (`specpipe.gitsource`): REF is `latest`, a branch, a date or a commit, resolved by git to
the newest commit at or before it that touched a locked file. Either way each file takes the
newest revision at or before the target at which it exists; a file absent there (deleted
upstream) keeps its last revision, and that is reported loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from specpipe.gitsource import GitSource
from specpipe.lock import LockedFile
from specpipe.revisions import Revision, RevisionError, Source, find_revision


@dataclass
class Plan:
    """The lock an update would write. `warnings` are for files upstream no longer has (said
    loudly), `messages` for everything else; `bodies` holds files fetched while planning."""

    target: str
    files: list[LockedFile]
    warnings: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    bodies: dict[str, bytes] = field(default_factory=dict)


def plan_update(source: Source, ref: str, current: list[LockedFile]) -> Plan:
    for locked in current:
        if source.repository and locked.repository != source.repository:
            raise RevisionError(
                f"{locked.name} is locked to {locked.repository}, but the {source.label} "
                f"holds {source.repository}"
            )
    if isinstance(source, GitSource):
        revisions, target = source.history(ref)
        return _plan_from_index(revisions, target.ref, current, label=ref)
    return _plan_from_index(source.revisions(), ref, current)


def _plan_from_index(
    revisions: list[Revision], ref: str, current: list[LockedFile], label: str | None = None
) -> Plan:
    commits = [r for r in revisions if r.is_commit]
    if not commits:
        raise RevisionError("the index lists no commit, only branches: nothing can be pinned")
    target = commits[-1] if ref == "latest" else find_revision(revisions, ref)
    if not target.is_commit:
        raise RevisionError(
            f"{target.ref} is a branch and moves; a lock pins a commit. Use REF=latest "
            f"(the newest commit, {commits[-1].short} of {commits[-1].date}) or a commit"
        )
    upto = commits[: commits.index(target) + 1]
    plan = Plan(f"{label or ref}: {target.short} ({target.date})", [])
    for locked in current:
        chosen = _newest_with(upto, locked.name, commits, target)
        entry = chosen.files[locked.name]
        assert entry is not None  # _newest_with only returns revisions that have the file
        if chosen is not target:
            gone = upto[upto.index(chosen) + 1]
            verb = "keeping" if chosen.ref == locked.ref else "taking its last revision"
            plan.warnings.append(
                f"{locked.name}: absent upstream since {gone.date}; "
                f"{verb} {chosen.short} ({chosen.date})"
            )
        plan.files.append(replace(locked, ref=chosen.ref, date=chosen.date, sha256=entry.sha256))
    if ref == "latest":
        plan.messages += _branch_head_notes(revisions, target, plan.files)
    return plan


def _newest_with(
    upto: list[Revision], name: str, commits: list[Revision], target: Revision
) -> Revision:
    present = [r for r in upto if r.files.get(name) is not None]
    if present:
        return present[-1]
    later = [r for r in commits if r.files.get(name) is not None]
    hint = (
        f"it first appears on {later[0].date} ({later[0].short}): choose REF={later[0].date} "
        "or later"
        if later
        else "no revision in the index has it"
    )
    raise RevisionError(
        f"{name} does not exist at or before {target.short} ({target.date}), so the update "
        f"would drop its operation; {hint}"
    )


def _branch_head_notes(
    revisions: list[Revision], target: Revision, files: list[LockedFile]
) -> list[str]:
    """Say whether a newer branch head carries bytes that no commit in the index has."""
    notes = []
    for head in [r for r in revisions if not r.is_commit and r.date > target.date]:
        differing = [
            f.name
            for f in files
            if (entry := head.files.get(f.name)) is not None and entry.sha256 != f.sha256
        ]
        if differing:
            notes.append(
                f"{head.ref} ({head.date}) has a newer {', '.join(differing)} than any commit "
                "in the index: it cannot be pinned until the index lists its commit"
            )
        else:
            notes.append(f"{head.ref} ({head.date}) has the same bytes as the files pinned here")
    return notes
