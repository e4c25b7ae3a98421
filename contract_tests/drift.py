"""The drift report, and `python -m contract_tests.drift`, which probes a base URL and writes one.

Every contract run (pytest's and this command's) writes two files into one folder (default: the
repository root; CONTRACT_REPORT_DIR or --report-dir to change it):

- `contract-report.json`: every discrepancy, deduplicated, each with one example request and
  answer (key redacted), how often it was seen and by what, and whether it breaks the
  generated client and the wrapper, with the evidence (see `impact`);
- `contract-report.md`: the same, short, for a person.

    python -m contract_tests.drift --base-url http://127.0.0.1:8000 --api-key sandbox-key \\
        --max-generations 3 --failing-prompt FAIL

Exit status: 0 when nothing found breaks a client, 1 when something does, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .findings import KINDS, Discrepancy, Impact
from .impact import assess

JSON_NAME = "contract-report.json"
MD_NAME = "contract-report.md"
_REDACTED = "<redacted>"


@dataclass
class Report:
    """Discrepancies collected during one run, deduplicated by (kind, operation, where, value)."""

    target: str
    secrets: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)  # what was not covered, and why
    cost: str = ""
    started: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    _found: dict[tuple[str, str, str, str], Discrepancy] = field(default_factory=dict)

    def add(self, found: Iterable[Discrepancy]) -> list[Discrepancy]:
        """Records discrepancies; returns those not seen before (impact assessed once, here)."""
        new = []
        for item in found:
            seen = self._found.get(item.key)
            if seen is None:
                self._found[item.key] = assess(item)
                new.append(self._found[item.key])
                continue
            sources = tuple(sorted({*seen.sources, seen.source, item.source}))
            seen = replace(seen, occurrences=seen.occurrences + 1, sources=sources)
            if _judges_better(item.wrapper, seen.wrapper):  # a followed job's replay
                seen = replace(seen, wrapper=item.wrapper, exchange=item.exchange)
            self._found[item.key] = seen
        return new

    def assessed(self, item: Discrepancy) -> Discrepancy:
        """The recorded (assessed) version of a discrepancy added before."""
        return self._found.get(item.key, item)

    @property
    def discrepancies(self) -> list[Discrepancy]:
        return sorted(self._found.values(), key=lambda d: (d.kind, d.operation, d.where, d.value))

    @property
    def kinds(self) -> set[str]:
        return {d.kind for d in self._found.values()}

    def breaking(self) -> list[Discrepancy]:
        """What makes the run fail: what breaks the wrapper's create -> wait -> download (a
        generated-client break is reported, and fails the run only through the wrapper)."""
        return [d for d in self.discrepancies if d.wrapper.breaks]

    def to_json(self) -> dict[str, Any]:
        items = self.discrepancies
        return {
            "target": self.target,
            "started": self.started,
            "cost": self.cost,
            "summary": {
                "discrepancies": len(items),
                "break_generated_client": sum(bool(d.generated_client.breaks) for d in items),
                "break_wrapper": sum(bool(d.wrapper.breaks) for d in items),
                "kinds": sorted(self.kinds),
            },
            "discrepancies": [d.to_json() for d in items],
            "not_covered": self.notes,
            "kinds_known": KINDS,
        }

    def write(self, folder: Path) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        json_path, md_path = folder / JSON_NAME, folder / MD_NAME
        json_path.write_text(
            self._redacted(json.dumps(self.to_json(), indent=2)) + "\n", encoding="utf-8"
        )
        md_path.write_text(self._redacted(markdown(self)), encoding="utf-8")
        return json_path, md_path

    def _redacted(self, text: str) -> str:
        for secret in filter(None, self.secrets):
            text = text.replace(secret, _REDACTED)
        return text


def _judges_better(new: Impact, seen: Impact) -> bool:
    """A verdict where there was none, or one that breaks where the other did not: the
    report keeps the worst a followed job showed."""
    return new.breaks is not None and (seen.breaks is None or (new.breaks and not seen.breaks))


def markdown(report: Report) -> str:
    items = report.discrepancies
    lines = [
        "# Contract drift report",
        "",
        f"Target `{report.target}`, {report.started}. {report.cost}".rstrip(),
        "",
    ]
    if not items:
        lines += ["**No discrepancy between the spec and the API was found.**", ""]
    else:
        lines += [
            f"**{len(items)} discrepancies**: {len(report.breaking())} break the generated client "
            "or the wrapper.",
            "",
            "| # | kind | operation | where / value | generated client | wrapper |",
            "|---|---|---|---|---|---|",
        ]
        for n, item in enumerate(items, 1):
            where = " ".join(
                filter(
                    None,
                    [
                        f"`{item.where}`" if item.where else "",
                        f"`{item.value}`" if item.value else "",
                    ],
                )
            )
            lines.append(
                f"| {n} | {item.kind} | {item.operation} | {where} | "
                f"{_verdict(item.generated_client)} | {_verdict(item.wrapper)} |"
            )
        lines.append("")
        for n, item in enumerate(items, 1):
            lines += _section(n, item)
    if report.notes:
        lines += ["## Not covered by this run", "", *[f"- {note}" for note in report.notes], ""]
    return "\n".join(lines)


def _verdict(impact: Impact) -> str:
    if impact.breaks and impact.step:
        return f"**breaks {impact.step}**"
    return {True: "**breaks**", False: "ok", None: "not assessed"}[impact.breaks]


def describe(item: Discrepancy) -> str:
    """One line: the discrepancy, and the step it breaks (or that it breaks none)."""
    text = f"{item.kind} ({item.operation} {item.where} {item.value}): {item.detail}"
    broken = [
        f"breaks the {who}{f' at {impact.step}' if impact.step else ''}: {impact.evidence}"
        for who, impact in (("wrapper", item.wrapper), ("generated client", item.generated_client))
        if impact.breaks
    ]
    if broken:
        return f"{text} -- {'; '.join(broken)}"
    if item.wrapper.breaks is False:
        return f"{text} -- breaks no step"
    return text


def _section(n: int, item: Discrepancy) -> list[str]:
    ex = item.exchange
    request = f"{ex.method} {ex.url}"
    headers = "".join(f"\n{k}: {v}" for k, v in ex.request_headers.items())
    body = (
        ""
        if ex.request_body is None
        else "\n\n" + json.dumps(ex.request_body, ensure_ascii=False)[:500]
    )
    answer = json.dumps(ex.response_body, ensure_ascii=False)[:800]
    seen = ", ".join(sorted({item.source, *item.sources}))
    return [
        f"### {n}. {item.kind}: {item.detail}",
        "",
        f"- generated client: {_verdict(item.generated_client)}: {item.generated_client.evidence}",
        f"- wrapper (create -> wait -> download): {_verdict(item.wrapper)}: "
        f"{item.wrapper.evidence}",
        f"- seen {item.occurrences} time(s), by {seen}",
        "",
        "<details><summary>example</summary>",
        "",
        "```http",
        f"{request}{headers}{body}",
        "",
        f"HTTP {ex.status_code} {ex.response_headers.get('content-type', '')}".rstrip(),
        answer,
        "```",
        "",
        "</details>",
        "",
    ]


# the command ---------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    from .guard import Guard  # noqa: PLC0415 - keeps `import contract_tests.drift` light
    from .probe import Probe  # noqa: PLC0415
    from .settings import MissingKeyError, live_settings  # noqa: PLC0415

    args = _parser().parse_args(argv)
    environ = {**_env(), **{k: str(v) for k, v in _overrides(args).items() if v is not None}}
    try:
        settings = live_settings(environ)
    except MissingKeyError as exc:
        print(f"contract_tests.drift: {exc}", file=sys.stderr)
        return 2
    guard = Guard(
        settings.api_key, cap=settings.max_generations, min_interval=settings.min_interval
    )
    report = Report(settings.base_url, secrets=(settings.api_key,))
    print(
        f"Probing {settings.base_url} (at most {settings.max_generations} paid create request(s))"
    )
    summary = Probe(settings, guard, report.add, say=print).run()
    report.notes += summary.skipped
    report.cost = guard.summary()
    json_path, md_path = report.write(settings.report_dir)
    print(f"\n{len(report.discrepancies)} discrepancies; {len(report.breaking())} break a client.")
    for item in report.discrepancies:
        print(f"  - {describe(item)}")
    print(f"{guard.summary()}\nReport: {json_path}\n        {md_path}")
    return 1 if report.breaking() else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m contract_tests.drift",
        description="Probe an AIML API base URL and write contract-report.json/.md.",
    )
    add = parser.add_argument
    add("--base-url", help="default AIMLAPI_BASE_URL, else https://api.aimlapi.com")
    add("--api-key", help="default AIMLAPI_API_KEY")
    add(
        "--max-generations",
        type=int,
        help="paid creates allowed (CONTRACT_MAX_GENERATIONS, default 0)",
    )
    add("--report-dir", help="where to write the report (CONTRACT_REPORT_DIR, default repo root)")
    add("--failing-prompt", help="a prompt the target fails on (sandbox: FAIL)")
    add("--poll-interval", type=float, help="seconds between polls (CONTRACT_POLL_INTERVAL)")
    add("--min-interval", type=float, help="seconds between requests (CONTRACT_MIN_INTERVAL)")
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    return {
        "AIMLAPI_BASE_URL": args.base_url,
        "AIMLAPI_API_KEY": args.api_key,
        "CONTRACT_MAX_GENERATIONS": args.max_generations,
        "CONTRACT_REPORT_DIR": args.report_dir,
        "CONTRACT_FAILING_PROMPT": args.failing_prompt,
        "CONTRACT_POLL_INTERVAL": args.poll_interval,
        "CONTRACT_MIN_INTERVAL": args.min_interval,
    }


def _env() -> dict[str, str]:
    import os  # noqa: PLC0415

    return dict(os.environ)


if __name__ == "__main__":
    sys.exit(main())
