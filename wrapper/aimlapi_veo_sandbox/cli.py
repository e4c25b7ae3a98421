"""`python -m aimlapi_veo_sandbox`: serve a sandbox from the command line."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Sequence
from pathlib import Path

from .config import CREATE_FAULTS, DEVIATIONS, PROFILES, SandboxConfig
from .server import serve


def main(argv: Sequence[str] | None = None, prog: str = "python -m aimlapi_veo_sandbox") -> int:
    """Parses the command line, serves until Ctrl-C, returns the exit status. `veo sandbox`
    calls this with its own name as `prog`: both commands are this one parser."""
    parser = _parser(prog)
    args = parser.parse_args(argv)
    if args.write_sample is not None:
        args.write_sample.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SAMPLE_IMAGE, args.write_sample)
        print(f"wrote {args.write_sample}: a 640x360 PNG to make a first video of")
        return 0
    try:
        config = SandboxConfig(
            api_key=args.api_key,
            profile=args.profile,
            generation_seconds=args.generation_seconds,
            fault_rate=args.fault_rate,
            url_ttl=args.url_ttl,
            rate_limit_per_second=args.rate_limit,
            seed=args.seed,
            deviations=frozenset(args.deviation),
            create_faults=tuple(args.create_fault),
            cdn_rate=None if args.cdn_rate is None else args.cdn_rate * 1e6,
        )
    except ValueError as exc:
        parser.error(str(exc))
    try:
        serve(config, args.host, args.port)
    except OSError as exc:
        parser.exit(1, f"error: {exc}\n")
    return 0


# The quickstart's first frame, shipped with the package so that it works from any folder
# (the repository's demo/sample.png, drawn by demo/make_sample.py).
SAMPLE_IMAGE = Path(__file__).with_name("sample.png")


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve a local imitation of the AIML API's Veo2 image-to-video endpoints.",
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    add("--port", type=int, default=8000, help="port; 0 picks a free one (default 8000)")
    add("--profile", choices=PROFILES, default="spec", help="imitate the spec or the live API")
    add("--generation-seconds", type=float, default=5.0, help="time from create to done")
    add("--fault-rate", type=float, default=0.0, help="chance of a 5xx or dropped connection")
    add("--url-ttl", type=float, default=600.0, help="lifetime of signed video links (s)")
    add("--api-key", default="sandbox-key", help="the key clients must send")
    add("--rate-limit", type=float, default=None, help="API requests per second before 429")
    add("--cdn-rate", type=float, default=None, help="pace CDN downloads to this many MB/s")
    add("--seed", type=int, default=None, help="seed ids and faults for reproducible runs")
    add(
        "--deviation",
        action="append",
        default=[],
        choices=sorted(DEVIATIONS),
        help="switch on a deliberate deviation from the spec (repeatable)",
    )
    add(
        "--create-fault",
        action="append",
        default=[],
        choices=sorted(CREATE_FAULTS),
        help="a fault for the next create, in order (repeatable): "
        + "; ".join(f"{name}: {what}" for name, what in CREATE_FAULTS.items()),
    )
    add("--write-sample", metavar="PATH", type=Path, help="write a sample image there and exit")
    return parser
