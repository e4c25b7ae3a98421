"""`make spec-update [REF=latest|<date>|<commit>]`: move the lock to another upstream revision.

    python -m specpipe.update [--ref latest|<branch>|<date>|<commit>] [--root REPO]

In order: choose each file's revision (`update_plan`); fetch and verify it by sha256; normalize
it with the project corrections applied non-strictly (a correction that matches nothing is
reported as no longer applying; a result that is not valid OpenAPI refuses the update and names
the correction that broke it); diff the old `spec/openapi.json` against the new one; regenerate
the client; prepend the drift to `spec/DRIFT.md`. Everything is built in a temp folder inside
the repository and moved into place only at the end, so a refused update leaves
`spec/spec.lock.json`, `spec/upstream/`, `spec/openapi.json`, `generated/` and `spec/DRIFT.md`
exactly as they were. Exit status 0: updated or already there; 1: refused, nothing changed;
2: upstream cannot be reached. The source is `SPEC_UPSTREAM` (a git URL) when set, else the
mirror when there is one, else the upstream git repository on GitHub (`specpipe.gitsource`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from aimlapi_veo.spec_usage import USAGE
from specpipe.diff import Change, diff_specs, to_text
from specpipe.diff_render import summary
from specpipe.drift import Entry, prepend
from specpipe.fetch import FetchError
from specpipe.generate import GenerateError, generate
from specpipe.gitsource import UnreachableError, open_source
from specpipe.layout import PACKAGE, REPO_ROOT, Layout
from specpipe.lock import LockedFile, Watch, read_lock, read_watch, write_lock
from specpipe.normalize import NormalizeError, Report, dumps, load_overlay, normalize
from specpipe.overlay import OverlayError
from specpipe.revisions import RevisionError, Source, read_verified
from specpipe.update_plan import Plan, plan_update

Json = dict[str, Any]
Say = Callable[[str], None]


class UpdateError(Exception):
    """The update was refused and nothing was changed; the message says why and what to do."""


@dataclass(frozen=True)
class Outcome:
    before: list[LockedFile]
    after: list[LockedFile]
    changes: list[Change]
    warnings: list[str]
    notes: list[str]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def update(
    ref: str = "latest",
    *,
    root: Path = REPO_ROOT,
    source: Source | None = None,
    today: date | None = None,
    say: Say = print,
    generator: Callable[[Path, Path], None] = generate,
) -> Outcome:
    """Move the lock below `root` to `ref`; UpdateError (nothing changed) when it cannot.
    `generator(spec, out_package)` is `specpipe.generate.generate`; tests hand in a failing one."""
    layout = Layout(root)
    if source is None:
        with open_source(read_watch(layout.lock)) as opened:
            return update(ref, root=root, source=opened, today=today, say=say, generator=generator)
    proposal = propose(layout, ref, source)
    plan, before = proposal.plan, proposal.before
    if plan.files == before:
        for line in plan.warnings:
            say(f"WARNING: {line}")
        say(f"spec-update: the lock is already at {plan.target}; nothing to do")
        return Outcome(before, before, [], plan.warnings, plan.messages)
    notes = proposal.notes
    entry = Entry(
        today or date.today(), ref, before, plan.files, proposal.changes, plan.warnings + notes
    )
    _build_and_install(layout, proposal, entry, generator=generator)
    outcome = Outcome(before, plan.files, proposal.changes, plan.warnings, notes)
    _say_summary(say, plan, outcome)
    return outcome


@dataclass(frozen=True)
class Proposal:
    """What moving the lock to a REF would write, computed without writing anything."""

    before: list[LockedFile]
    watch: list[Watch]
    plan: Plan
    bodies: dict[str, bytes]
    document: Json
    changes: list[Change]
    notes: list[str]

    @property
    def same_bytes(self) -> bool:
        """Every locked file has the same sha256 upstream: nothing to update."""
        return {(f.path, f.sha256) for f in self.plan.files} == {
            (f.path, f.sha256) for f in self.before
        }


def propose(layout: Layout, ref: str, source: Source) -> Proposal:
    """Plan, fetch, normalize and diff against `spec/openapi.json`; UpdateError when refused,
    `gitsource.UnreachableError` when upstream does not answer. Touches nothing."""
    before, watch = read_lock(layout.lock), read_watch(layout.lock)
    try:
        plan = plan_update(source, ref, before, watch)
        bodies = _fetch(source, plan, layout, before)
    except UnreachableError:
        raise
    except (RevisionError, FetchError) as exc:
        raise UpdateError(str(exc)) from exc
    overlay = load_overlay(layout.overlay)
    document, report = _normalize_or_explain(_documents(plan.files, bodies), overlay)
    changes = diff_specs(_previous_spec(layout), document, USAGE)
    notes = plan.messages + correction_notes(report)
    previous = _previous_report(layout, before, overlay)
    notes += repair_notes(previous, report, forward=_newest(plan.files) >= _newest(before))
    return Proposal(before, watch, plan, bodies, document, changes, notes)


def _newest(files: list[LockedFile]) -> str:
    return max((f.date for f in files), default="")


def _documents(files: list[LockedFile], bodies: dict[str, bytes]) -> list[Json]:
    """Every file parsed, in the lock's order, as `normalize` takes them."""
    return [_parse(f, bodies[f.name]) for f in files]


def _fetch(
    source: Source, plan: Plan, layout: Layout, before: list[LockedFile]
) -> dict[str, bytes]:
    """Every file of the new lock, verified; nothing is written yet. A file the lock keeps is
    taken from spec/upstream/ when its bytes still match (no 2 MB download to keep a file)."""
    bodies = {}
    for locked in plan.files:
        local = layout.upstream / locked.name
        if locked in before and local.is_file():
            body = local.read_bytes()
            if hashlib.sha256(body).hexdigest() == locked.sha256:
                bodies[locked.name] = body
                continue
        bodies[locked.name] = plan.bodies.get(locked.name) or read_verified(source, locked)
    return bodies


def _parse(locked: LockedFile, body: bytes) -> Json:
    try:
        document: Json = json.loads(body)
    except ValueError as exc:
        raise UpdateError(f"{locked.name} at {locked.ref[:8]} is not JSON: {exc}") from exc
    return document


def _normalize_or_explain(documents: list[Json], overlay: Json) -> tuple[Json, Report]:
    try:
        return normalize(documents, overlay, strict=False)
    except (NormalizeError, OverlayError) as exc:
        raise UpdateError(_explain(exc, documents, overlay)) from exc


def _explain(exc: Exception, documents: list[Json], overlay: Json) -> str:
    lines = [f"the new revision cannot be normalized: {exc}"]
    report = getattr(exc, "report", None)
    if isinstance(report, Report):
        lines += [f"  {note}" for note in correction_notes(report)]
    culprit = _breaking_correction(documents, overlay)
    if culprit is not None:
        lines.append(f"  the document stops being valid with correction {culprit}")
        lines.append("  fix or retarget it in spec/corrections.overlay.yaml, then run again")
    else:
        lines.append("  upstream's documents are invalid even without the project corrections")
    return "\n".join(lines)


def _breaking_correction(documents: list[Json], overlay: Json) -> str | None:
    """The first overlay action after which the document is no longer valid, if any is to blame:
    applying the actions one more at a time tells a stale correction from an invalid upstream."""
    actions = list(overlay.get("actions", []))
    for count in range(len(actions) + 1):
        try:
            normalize(documents, {**overlay, "actions": actions[:count]}, strict=False)
        except (NormalizeError, OverlayError):
            if count == 0:
                return None
            action = actions[count - 1]
            why = first_sentence(str(action.get("description", "")))
            return f"#{count - 1} (`{action.get('target')}`): {why}"
    return None


def correction_notes(report: Report) -> list[str]:
    return [
        f"correction no longer applies (matched nothing): `{action.target}`"
        + (f": {first_sentence(action.description)}" if action.description else "")
        for action in report.corrections
        if not action.matches
    ]


def first_sentence(text: str) -> str:
    """The first sentence of a (line-wrapped) overlay description."""
    joined = " ".join(text.split())
    head, dot, _ = joined.partition(". ")
    return head + dot.strip()


def repair_notes(previous: Report | None, current: Report, *, forward: bool) -> list[str]:
    """Generic repairs that fired on the previous lock but not on the new one, and new ones."""
    if previous is None:
        return ["the previous lock's repairs are unknown (spec/upstream/ did not normalize)"]
    old = {(r.name, r.location): r for r in previous.repairs}
    new = {(r.name, r.location): r for r in current.repairs}
    why = "upstream fixed it" if forward else "the older revision does not have the defect"
    notes = [f"repair no longer needed ({why}): {r}" for key, r in old.items() if key not in new]
    notes += [f"repair newly needed: {r}" for key, r in new.items() if key not in old]
    return notes


def _previous_spec(layout: Layout) -> Json:
    try:
        document: Json = json.loads(layout.openapi.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UpdateError(
            f"cannot read {layout.openapi} to diff against ({exc}): run `make normalize`"
        ) from exc
    return document


def _previous_report(layout: Layout, before: list[LockedFile], overlay: Json) -> Report | None:
    try:
        bodies = {f.name: (layout.upstream / f.name).read_bytes() for f in before}
        return normalize(_documents(before, bodies), overlay, strict=False)[1]
    except (OSError, UpdateError, NormalizeError, OverlayError):
        return None


def _build_and_install(
    layout: Layout, proposal: Proposal, entry: Entry, *, generator: Callable[[Path, Path], None]
) -> None:
    """Write every output into a temp folder beside the targets, then move them all in
    (spec/upstream/ as a whole: a retired file leaves with the lock that drops it)."""
    files, bodies, document = proposal.plan.files, proposal.bodies, proposal.document
    layout.upstream.mkdir(parents=True, exist_ok=True)
    layout.generated.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=layout.root, prefix=".spec-update-") as tmp:
        work = Path(tmp)
        moves: list[tuple[Path, Path]] = []
        spec = work / "openapi.json"
        spec.write_text(dumps(document), encoding="utf-8")
        try:
            generator(spec, work / PACKAGE)
        except GenerateError as exc:
            raise UpdateError(f"the new spec cannot be generated: {exc}") from exc
        moves.append((work / PACKAGE, layout.generated))
        (work / "upstream").mkdir()
        for locked in files:
            (work / "upstream" / locked.name).write_bytes(bodies[locked.name])
        moves.append((work / "upstream", layout.upstream))
        moves.append((spec, layout.openapi))
        existing = layout.drift.read_text(encoding="utf-8") if layout.drift.exists() else None
        (work / "DRIFT.md").write_text(prepend(existing, entry), encoding="utf-8")
        moves.append((work / "DRIFT.md", layout.drift))
        write_lock(files, proposal.watch, work / "spec.lock.json")
        moves.append((work / "spec.lock.json", layout.lock))  # last: the lock commits the update
        install(moves, work / "previous")


def install(moves: Sequence[tuple[Path, Path]], backups: Path) -> None:
    """Rename each staged path over its target (same filesystem, so each move is atomic);
    if any move fails, put every target moved so far back as it was, then re-raise."""
    backups.mkdir()
    done: list[tuple[Path, Path | None]] = []
    try:
        for index, (staged, target) in enumerate(moves):
            backup = None
            if target.exists():
                backup = backups / f"{index}-{target.name}"
                target.rename(backup)
            done.append((target, backup))
            staged.rename(target)
    except OSError:
        for target, backup in reversed(done):
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            if backup is not None:
                backup.rename(target)
        raise


def _say_summary(say: Say, plan: Plan, outcome: Outcome) -> None:
    say(f"spec-update to {plan.target}")
    previous = {f.path: f for f in outcome.before}
    for locked in outcome.after:
        old = previous.get(locked.path)
        was = f"{old.ref[:8]} ({old.date})" if old else "(new)"
        say(f"  {locked.role:<7} {locked.name}: {was} -> {locked.ref[:8]} ({locked.date})")
    for warning in outcome.warnings:
        say(f"WARNING: {warning}")
    for note in outcome.notes:
        say(f"  {note}")
    say("")
    say(to_text(outcome.changes).rstrip("\n"))
    say("")
    say(f"spec/openapi.json: {summary(outcome.changes)} (entry prepended to spec/DRIFT.md)")
    say("wrote spec/spec.lock.json, spec/upstream/, spec/openapi.json, generated/, spec/DRIFT.md")
    if any(n.startswith("correction no longer applies") for n in outcome.notes):
        say(
            "corrections that no longer apply make `make normalize` (strict) fail: remove or "
            "retarget them in spec/corrections.overlay.yaml"
        )
    say("next: read the entry in spec/DRIFT.md, run `make test`, commit the lot together")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="latest", help="latest, a date, a ref or ref prefix")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository to update")
    args = parser.parse_args(argv)
    try:
        update(args.ref, root=args.root)
    except UnreachableError as exc:
        print(f"spec-update: {exc}; nothing was changed", file=sys.stderr)
        return 2
    except UpdateError as exc:
        print(f"spec-update refused, nothing was changed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
