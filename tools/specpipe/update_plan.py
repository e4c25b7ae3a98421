"""Which revision of each locked file `make spec-update REF=...` moves to, and what to say.

With the mirror's index: REF is `latest` (the newest *commit*: a branch such as
`refs/heads/main` moves, so a lock never pins one), a date, a ref or a ref prefix. From a git
upstream (`specpipe.gitsource`): REF is `latest`, a branch, a date or a commit, resolved by git to
the newest commit at or before it that touched a watched file. A watched path takes its newest
revision at or before the target; deleted upstream, it keeps its last revision, loudly. A
watched glob takes every file it matches at the target: one that appeared is taken in, one that
vanished is dropped, both said. A locked file no rule watches any more is retired (its successor
named).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specpipe.gitsource import GitSource
from specpipe.lock import LockedFile, Watch
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


def plan_update(source: Source, ref: str, current: list[LockedFile], watch: list[Watch]) -> Plan:
    for locked in current:
        if source.repository and locked.repository != source.repository:
            raise RevisionError(
                f"{locked.name} is locked to {locked.repository}, but the {source.label} "
                f"holds {source.repository}"
            )
    if isinstance(source, GitSource):
        revisions, target = source.history(ref)
        return _plan_from_index(revisions, target.ref, current, watch, label=ref)
    return _plan_from_index(source.revisions(), ref, current, watch)


def _plan_from_index(
    revisions: list[Revision],
    ref: str,
    current: list[LockedFile],
    watch: list[Watch],
    label: str | None = None,
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
    repository = current[0].repository if current else "aimlapi/api-docs"
    for rule in watch:
        if rule.is_glob:
            _take_folder(
                plan, rule, target=target, current=current, watch=watch, repository=repository
            )
        else:
            _take_path(
                plan,
                rule,
                upto=upto,
                commits=commits,
                target=target,
                current=current,
                repository=repository,
            )
    for locked in current:
        if _retired(locked, watch) or not any(rule.matches(locked.path) for rule in watch):
            successor = next((r.pattern for r in watch if r.replaces == locked.path), None)
            plan.warnings.append(
                f"{locked.name}: retired; its successor is {Path(successor).name}"
                if successor
                else f"{locked.name}: retired (no rule of the lock watches it)"
            )
    if ref == "latest":
        plan.messages += _branch_head_notes(revisions, target, plan.files)
    return plan


def _retired(locked: LockedFile, watch: list[Watch]) -> bool:
    return any(rule.replaces == locked.path for rule in watch)


def _take_folder(
    plan: Plan,
    rule: Watch,
    *,
    target: Revision,
    current: list[LockedFile],
    watch: list[Watch],
    repository: str,
) -> None:
    """Every file the glob matches at the target; one that appeared or vanished is said."""
    found = sorted(p for p, e in target.files.items() if e is not None and rule.matches(p))
    before = {f.path: f for f in current}
    for path in found:
        entry = target.files[path]
        assert entry is not None  # only present files were found
        if path not in before:
            plan.messages.append(f"{Path(path).name}: new upstream, taken in as a {rule.role}")
        plan.files.append(
            LockedFile(rule.role, repository, path, target.ref, target.date, entry.sha256)
        )
    for locked in current:
        if rule.matches(locked.path) and locked.path not in found and not _retired(locked, watch):
            plan.warnings.append(
                f"{locked.name}: absent upstream at {target.short} ({target.date}): dropped"
            )


def _take_path(
    plan: Plan,
    rule: Watch,
    *,
    upto: list[Revision],
    commits: list[Revision],
    target: Revision,
    current: list[LockedFile],
    repository: str,
) -> None:
    """The newest revision of one path at or before the target; kept loudly once deleted."""
    chosen = _newest_with(upto, rule.pattern, commits, target)
    entry = chosen.files[rule.pattern]
    assert entry is not None  # _newest_with only returns revisions that have the file
    old = next((f for f in current if f.path == rule.pattern), None)
    if chosen is not target:
        gone = upto[upto.index(chosen) + 1]
        verb = "keeping" if old and chosen.ref == old.ref else "taking its last revision"
        plan.warnings.append(
            f"{Path(rule.pattern).name}: absent upstream since {gone.date}; "
            f"{verb} {chosen.short} ({chosen.date})"
        )
    plan.files.append(
        LockedFile(rule.role, repository, rule.pattern, chosen.ref, chosen.date, entry.sha256)
    )


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
        f"{Path(name).name} does not exist at or before {target.short} ({target.date}), so the update "
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
            if (entry := head.files.get(f.path)) is not None and entry.sha256 != f.sha256
        ]
        if differing:
            notes.append(
                f"{head.ref} ({head.date}) has a newer {', '.join(differing)} than any commit "
                "in the index: it cannot be pinned until the index lists its commit"
            )
        else:
            notes.append(f"{head.ref} ({head.date}) has the same bytes as the files pinned here")
    return notes
