"""1. Regeneration: the project's pipeline on the locked spec vs the generator on a raw revision.

Four timings, interleaved so that machine load hits each alike:

- pipeline: normalize `spec/upstream/` with the overlay, write it, `specpipe.generate.generate`
  (openapi-python-client with the project's config and templates, then two ruff passes);
- the same `generate` on the raw, unpruned 2025-12-10 `Veo2-Image-to-Video.json` (only the
  normalizer left out: the like-for-like comparison);
- openapi-python-client alone (`post_hooks: []`, no project config or templates) on the
  normalized spec and on the raw file: the generator's own cost, without ruff.

The two on the locked spec take about a second each and run --runs times; the two on the raw
file take ~17 s each on an idle 2-core machine and run a third as often (once in `make bench`,
in the first run). They are the baselines of ratios with no target; under load one raw run
took 17 to 38 s (seen on this 2-core machine, shared), which moves the ratio between ~0.04x and
~0.07x but not the order of magnitude it shows, and repeating them would cost more than half a
minute of a `make bench` meant to take under five.

The raw file goes to the generator untouched; whether it is accepted, and with how many
warnings, is measured and printed, as is openapi-spec-validator's verdict on it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specpipe.fetch import default_mirror
from specpipe.generate import GenerateError, generate
from specpipe.layout import PACKAGE
from specpipe.normalize import (
    dumps,
    load_overlay,
    normalize,
    upstream_documents,
    validation_error,
)

from bench.common import Figure, say

RAW_REF = "0a008cf36a116805a81fdc21f6d876c9b536658a"  # 2025-12-10, the last full-size revision
RAW_PATH = "docs/api-references/video-models/Google/Veo2-Image-to-Video.json"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
RAW_JOBS = ("raw", "gen_raw")  # ~17 s each: they run a third as often, see the docstring


@dataclass
class Timed:
    seconds: float
    files: int
    warnings: int = 0


def count_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def raw_file() -> Path:
    """The raw revision from the mirror, checked against the mirror's index.json."""
    mirror = default_mirror()
    if mirror is None:
        raise FileNotFoundError("no spec mirror: set SPEC_MIRROR (see README, `make spec`)")
    path = mirror / RAW_REF / RAW_PATH
    index = json.loads((mirror / "index.json").read_text(encoding="utf-8"))
    revision = next(r for r in index["revisions"] if r["ref"] == RAW_REF)
    expected = revision["files"][Path(RAW_PATH).name]["sha256"]
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
        raise ValueError(f"{path}: sha256 differs from the mirror's index.json")
    return path


def pipeline(tmp: Path) -> Timed:
    started = time.perf_counter()
    document, _ = normalize(upstream_documents(), load_overlay())
    spec = tmp / "openapi.json"
    spec.write_text(dumps(document), encoding="utf-8")
    generate(spec, tmp / PACKAGE)
    return Timed(time.perf_counter() - started, count_files(tmp / PACKAGE))


def raw_through_pipeline_generate(raw: Path) -> Callable[[Path], Timed]:
    def run(tmp: Path) -> Timed:
        started = time.perf_counter()
        generate(raw, tmp / PACKAGE)
        return Timed(time.perf_counter() - started, count_files(tmp / PACKAGE))

    return run


def generator_alone(spec: Path) -> Callable[[Path], Timed]:
    """openapi-python-client with nothing but `post_hooks: []` (so ruff never runs, wherever
    PATH points); warnings counted from its output."""

    def run(tmp: Path) -> Timed:
        config = tmp / "config.yaml"
        config.write_text("post_hooks: []\n", encoding="utf-8")
        out = tmp / "out"
        args = [str(GENERATOR), "generate", "--path", str(spec), "--meta", "none"]
        args += ["--output-path", str(out), "--config", str(config)]
        started = time.perf_counter()
        result = subprocess.run(args, cwd=tmp, capture_output=True, text=True, check=False)  # noqa: S603 (the pinned generator)
        seconds = time.perf_counter() - started
        if result.returncode != 0:  # it exits 1 on errors; warnings (dropped schemas) go to stderr
            raise GenerateError(f"openapi-python-client refused {spec.name}:\n{result.stderr}")
        warnings = sum(line.startswith("Unable to") for line in result.stderr.splitlines())
        return Timed(seconds, count_files(out), warnings)

    return run


def in_temp(job: Callable[[Path], Timed]) -> Timed:
    tmp = Path(tempfile.mkdtemp(prefix="bench-regen-"))
    try:
        return job(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def normalized_spec(folder: Path) -> Path:
    document, _ = normalize(upstream_documents(), load_overlay())
    spec = folder / "openapi.json"
    spec.write_text(dumps(document), encoding="utf-8")
    return spec


def facts(raw: Path) -> dict[str, Any]:
    document = json.loads(raw.read_text(encoding="utf-8"))
    return {
        "raw_file": f"{RAW_REF}/{RAW_PATH}",
        "raw_bytes": raw.stat().st_size,
        "raw_schemas": len(document.get("components", {}).get("schemas", {})),
        "raw_operations": sum(len(item) for item in document.get("paths", {}).values()),
        "raw_validator_verdict": validation_error(document) or "valid",
    }


def run(runs: int) -> tuple[list[Figure], dict[str, Any]]:
    raw = raw_file()
    info = facts(raw)
    say(f"  raw file: {info['raw_bytes']:,} bytes, {info['raw_schemas']} schemas")
    results: dict[str, list[Timed]] = {"pipe": [], "raw": [], "gen_norm": [], "gen_raw": []}
    keep = Path(tempfile.mkdtemp(prefix="bench-regen-spec-"))
    try:
        norm = normalized_spec(keep)
        jobs: dict[str, Callable[[Path], Timed]] = {
            "pipe": pipeline,
            "raw": raw_through_pipeline_generate(raw),
            "gen_norm": generator_alone(norm),
            "gen_raw": generator_alone(raw),
        }
        for number in range(1, runs + 1):
            for name, job in jobs.items():
                if name not in RAW_JOBS or number <= max(1, runs // 3):
                    results[name].append(in_temp(job))
            ran = {n: r for n, r in results.items() if len(r) == number}
            row = ", ".join(f"{n} {r[-1].seconds:.2f} s" for n, r in ran.items())
            say(f"  run {number}/{runs}: {row}")
    finally:
        shutil.rmtree(keep, ignore_errors=True)
    info["raw_runs"] = len(results["raw"])
    info["raw_generator_warnings"] = results["gen_raw"][-1].warnings
    info["normalized_generator_warnings"] = results["gen_norm"][-1].warnings
    return figures(results, info), info


def figures(results: dict[str, list[Timed]], info: dict[str, Any]) -> list[Figure]:
    def secs(name: str) -> list[float]:
        return [r.seconds for r in results[name]]

    def files(name: str) -> list[float]:
        return [float(r.files) for r in results[name]]

    accepted = (
        f"openapi-python-client accepts the raw file untouched, with "
        f"{info['raw_generator_warnings']} warnings (schemas it cannot parse and leaves out; "
        f"{info['normalized_generator_warnings']} on the normalized spec); "
        f"openapi-spec-validator on the raw file: {info['raw_validator_verdict'][:80]}"
    )
    return [
        Figure(
            "regen.pipeline_seconds",
            "regen: normalize + generate (locked spec)",
            "s",
            secs("pipe"),
            secs("raw"),
            "same generate() on raw 2025-12-10",
            note=f"both include the two ruff passes; the raw baseline ran {info['raw_runs']}x "
            "(~17 s each); " + accepted,
        ),
        Figure(
            "regen.pipeline_files",
            "regen: files written (locked spec)",
            "files",
            files("pipe"),
            files("raw"),
            "same generate() on raw 2025-12-10",
        ),
        Figure(
            "regen.generator_seconds",
            "regen: openapi-python-client alone, normalized spec",
            "s",
            secs("gen_norm"),
            secs("gen_raw"),
            "openapi-python-client alone on raw",
            note="post_hooks: [] (no ruff), default config, no project templates; the raw "
            f"baseline ran {info['raw_runs']}x (~17 s each)",
        ),
        Figure(
            "regen.generator_files",
            "regen: files written by the generator alone",
            "files",
            files("gen_norm"),
            files("gen_raw"),
            "openapi-python-client alone on raw",
        ),
    ]
