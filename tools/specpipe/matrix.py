"""Run fetch + normalize + generate over every upstream revision in the mirror's index.json.

Each revision runs in its own temp dir and ends with an import of the generated package.
The project corrections are written for the locked revision only, so here every revision goes
through the generic repairs alone: the point is that any revision upstream publishes yields a
working client. One row per revision: ref, date, result, repairs, operations, models, seconds.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpipe.fetch import default_mirror
from specpipe.generate import GenerateError, generate
from specpipe.layout import PACKAGE
from specpipe.normalize import NormalizeError, dumps, normalize

DIRECTORY = "docs/api-references/video-models/Google"
CREATE, FETCH = "Veo2-Image-to-Video.json", "veo3-pair.json"


@dataclass
class Row:
    ref: str
    date: str
    result: str
    repairs: int = 0
    operations: int = 0
    models: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.ref[:12]:<12}  {self.date}  {self.result:<34}  {self.repairs:>7}  "
            f"{self.operations:>10}  {self.models:>6}  {self.seconds:>7.2f}"
        )


HEADER = f"{'ref':<12}  {'date':<10}  {'result':<34}  repairs  operations  models  seconds"


def load_verified(mirror: Path, ref: str, name: str, entry: dict[str, Any] | None) -> Any:
    if entry is None:
        return None
    body = (mirror / ref / DIRECTORY / name).read_bytes()
    if hashlib.sha256(body).hexdigest() != entry["sha256"]:
        raise NormalizeError(f"{name} at {ref}: sha256 differs from index.json")
    return json.loads(body)


def imports(package_parent: Path) -> bool:
    code = f"import {PACKAGE}.models, {PACKAGE}.api.default"
    result = subprocess.run(  # noqa: S603 (our own interpreter on our own output)
        [sys.executable, "-c", code], cwd=package_parent, capture_output=True, check=False
    )
    return result.returncode == 0


def run_revision(mirror: Path, revision: dict[str, Any]) -> Row:
    row = Row(revision["ref"], revision["date"], "")
    started = time.perf_counter()
    files = revision["files"]
    try:
        create = load_verified(mirror, row.ref, CREATE, files.get(CREATE))
        fetch = load_verified(mirror, row.ref, FETCH, files.get(FETCH))
        document, report = normalize([d for d in (create, fetch) if d is not None], None)
        row.repairs = len(report.repairs)
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "openapi.json"
            spec.write_text(dumps(document), encoding="utf-8")
            generate(spec, Path(tmp) / PACKAGE)
            package = Path(tmp) / PACKAGE
            row.operations = len(list((package / "api").glob("*/[!_]*.py")))
            row.models = len(list((package / "models").glob("[!_]*.py")))
            ok = imports(Path(tmp))
        row.result = ("client" if ok else "IMPORT FAILED") + (
            "" if fetch else " (create-only: no fetch file)"
        )
    except (NormalizeError, GenerateError, OSError, ValueError) as exc:
        row.result = f"FAILED: {str(exc).splitlines()[0][:60]}"
    row.seconds = time.perf_counter() - started
    return row


def main() -> int:
    mirror = default_mirror()
    if mirror is None:
        print(
            "no mirror: set SPEC_MIRROR to a folder laid out as {ref}/{path} with index.json",
            file=sys.stderr,
        )
        return 1
    revisions = json.loads((mirror / "index.json").read_text(encoding="utf-8"))["revisions"]
    print(HEADER)
    rows = []
    for revision in revisions:
        rows.append(run_revision(mirror, revision))
        print(rows[-1], flush=True)
    failed = [row for row in rows if not row.result.startswith("client")]
    print(f"{len(rows) - len(failed)} of {len(rows)} revisions produce a client that imports")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
