"""Upstream as a git repository: what `make spec-check` and `make spec-update` read without a mirror.

    with open_source(read_watch()) as source:   # SPEC_UPSTREAM, else the mirror, else GitHub
        revisions, target = source.history("latest")

The repository (`DEFAULT_UPSTREAM`, or `SPEC_UPSTREAM=<git URL>`, e.g. `file:///path/to/clone`)
is asked with git itself: `git ls-remote` says whether it answers and where its branches are;
a bare, blob-less clone of one branch (`--filter=blob:none --single-branch`: commits and trees,
no file contents) gives the history of the watched paths and folders; the files' contents are fetched on
demand, at the commits read, by git's partial-clone machinery. Nothing else of the docs tree
is downloaded. Everything lives in a temp folder that is removed when the source is closed.

A REF is resolved as the newest commit that touched a locked file, at or before: the default
branch's head (`latest`), a branch's head, the end of a day (`YYYY-MM-DD`), or a commit (full or
a unique prefix). The result is a list of `Revision`s like the mirror's index, so the plan and the
update behave exactly as they do with the mirror.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from specpipe.fetch import NotFoundError, default_mirror
from specpipe.lock import Watch
from specpipe.revisions import DATE, Entry, MirrorSource, Revision, RevisionError, Source

DEFAULT_UPSTREAM = "https://github.com/aimlapi/api-docs.git"
# A local repository (file://, a path) serves a blob-less clone only if it allows filters; a
# local mirror that is itself a partial clone cannot send the blobs it lacks. GitHub ignores this.
UPLOAD_PACK = "git -c uploadpack.allowFilter=true -c uploadpack.allowAnySHA1InWant=true upload-pack"
TIMEOUT = 300  # seconds for one git command: a blob-less clone of a docs repository
_GITHUB = re.compile(r"github\.com[/:]([^/]+/[^/]+?)(?:\.git)?/?$")


class UnreachableError(RevisionError):
    """The upstream repository did not answer (network, URL, permissions): exit 2, not drift."""


class BlobEntry:
    """A file present at a commit; its sha256 is computed only when asked (one blob fetched)."""

    def __init__(self, source: GitSource, ref: str, path: str) -> None:
        self._source, self._ref, self._path = source, ref, path
        self._sha256: str | None = None

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self._source.read(self._ref, self._path)).hexdigest()
        return self._sha256


class GitSource:
    """One upstream git repository, read through a temp blob-less clone."""

    def __init__(self, url: str, watch: list[Watch], workdir: Path) -> None:
        self.url = url
        self.watch = watch
        self.paths = [w.pathspec for w in watch]
        self.label = f"git {url}"
        match = _GITHUB.search(url)
        self.repository: str | None = match.group(1) if match else None
        self._dir = workdir / "upstream.git"
        self._branch: str | None = None

    def _git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "", "LC_ALL": "C"}
        command = ["git", f"--git-dir={self._dir}", *args]
        try:
            done = subprocess.run(  # noqa: S603 (fixed git arguments; the URL is the maintainer's)
                command, capture_output=True, env=env, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise UnreachableError(
                f"git {args[0]} against {self.url} took over {TIMEOUT} s"
            ) from exc
        if check and done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            raise RevisionError(f"git {' '.join(args[:2])} failed: {' / '.join(detail[-3:])}")
        return done

    def _lines(self, *args: str) -> list[str]:
        return self._git(*args).stdout.decode().splitlines()

    def heads(self) -> tuple[str, set[str]]:
        """The default branch and every branch name, from `git ls-remote`."""
        done = self._git("ls-remote", "--symref", self.url, "HEAD", "refs/heads/*", check=False)
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            raise UnreachableError(
                f"upstream {self.url} cannot be reached: {' / '.join(detail[-2:]) or 'git failed'}"
            )
        default, branches = "", set()
        for line in done.stdout.decode().splitlines():
            left, _, name = line.partition("\t")
            if left.startswith("ref: ") and name == "HEAD":
                default = left.removeprefix("ref: refs/heads/")
            elif name.startswith("refs/heads/"):
                branches.add(name.removeprefix("refs/heads/"))
        return default or next((b for b in ("main", "master") if b in branches), ""), branches

    def _clone(self, branch: str) -> None:
        """The branch's commits and trees, no file contents (they come on demand)."""
        if self._branch == branch:
            return
        self._git(
            "clone", "--quiet", "--bare", "--filter=blob:none", "--no-tags", "--single-branch",
            "--upload-pack", UPLOAD_PACK, "--branch", branch, self.url, str(self._dir),
        )  # fmt: skip
        self._git("config", "remote.origin.uploadpack", UPLOAD_PACK)  # for blobs on demand
        self._branch = branch

    def history(self, ref: str) -> tuple[list[Revision], Revision]:
        """Every commit that touched a locked path up to the one REF resolves to, oldest first,
        and that one. RevisionError when REF names nothing; UnreachableError when offline."""
        default, branches = self.heads()
        branch = ref if ref in branches else default
        if not branch:
            raise RevisionError(f"{self.url} has no default branch to resolve {ref!r} on")
        self._clone(branch)
        tip = self._tip(ref, branch, branches)
        found = self._lines("log", "-1", "--format=%H", tip, "--", *self.paths)
        if not found:
            raise RevisionError(f"no commit at or before {ref!r} touches {', '.join(self.paths)}")
        revisions = [
            self._revision(line)
            for line in self._lines(
                "log", "--reverse", "--format=%H %cs", found[0], "--", *self.paths
            )
        ]
        return revisions, revisions[-1]

    def _tip(self, ref: str, branch: str, branches: set[str]) -> str:
        if ref in ("latest", branch):
            return "HEAD"
        if DATE.fullmatch(ref):
            day = self._lines("rev-list", "-1", f"--before={ref} 23:59:59 +0000", "HEAD")
            if not day:
                raise RevisionError(f"{self.url} has no commit on or before {ref}")
            return day[0]
        if (
            re.fullmatch(r"[0-9a-f]{40}", ref)
            and self._git("cat-file", "-e", ref, check=False).returncode
        ):
            self._git("fetch", "--quiet", "--filter=blob:none", "origin", ref)  # off the branch
        done = self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        if done.returncode != 0:
            raise RevisionError(
                f"{ref!r} is not `latest`, a branch ({', '.join(sorted(branches))}), "
                "a date (YYYY-MM-DD) or a commit of the upstream repository"
            )
        return done.stdout.decode().strip()

    def _revision(self, line: str) -> Revision:
        """The watched files present at a commit (an exact path absent there maps to None)."""
        commit, day = line.split()
        folders = sorted({w.folder for w in self.watch})
        listed = self._lines("ls-tree", "--name-only", commit, "--", *(f"{f}/" for f in folders))
        files: dict[str, Entry | None] = {w.pattern: None for w in self.watch if not w.is_glob}
        for path in listed:
            if any(w.matches(path) for w in self.watch):
                files[path] = BlobEntry(self, commit, path)
        return Revision(commit, day, files)

    def revisions(self) -> list[Revision]:
        return self.history("latest")[0]

    def read(self, ref: str, path: str) -> bytes:
        if self._branch is None:
            self._clone(self.heads()[0])
        if self._git("cat-file", "-e", f"{ref}^{{commit}}", check=False).returncode:
            self._git("fetch", "--quiet", "--filter=blob:none", "origin", ref)
        done = self._git("cat-file", "blob", f"{ref}:{path}", check=False)
        if done.returncode != 0:
            raise NotFoundError(f"{Path(path).name}: absent upstream at {ref[:8]}")
        return done.stdout


def upstream_url() -> str | None:
    """`SPEC_UPSTREAM` when set (the mirror is then not consulted), else None."""
    return os.environ.get("SPEC_UPSTREAM") or None


@contextmanager
def open_source(watch: list[Watch]) -> Iterator[Source]:
    """SPEC_UPSTREAM if set; else the mirror (SPEC_MIRROR or ../shared) if present; else GitHub."""
    url = upstream_url()
    mirror = None if url else default_mirror()
    if mirror is not None:
        yield MirrorSource(mirror)
        return
    with tempfile.TemporaryDirectory(prefix="spec-upstream-") as tmp:
        yield GitSource(url or DEFAULT_UPSTREAM, watch, Path(tmp))


__all__ = ["DEFAULT_UPSTREAM", "GitSource", "UnreachableError", "open_source", "upstream_url"]
