"""The demo `make demo` runs: the real `veo` command makes a video from demo/sample.png.

It serves the sandbox (a local imitation of the AIML API) on a free loopback port, runs
`veo generate` in a subprocess with AIMLAPI_BASE_URL and AIMLAPI_API_KEY pointing at it and a
journal inside out/, stops the sandbox, checks the MP4 with PyAV, and says where it is.
Nothing leaves this machine and nothing is paid for. Takes about 10 seconds.

    .venv/bin/python demo/run_demo.py
"""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import av
from rich.console import Console
from rich.text import Text

from aimlapi_veo_sandbox import SandboxConfig, run_server

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "demo" / "sample.png"
OUT = ROOT / "out"
VIDEO = OUT / "demo.mp4"
PROMPT = "The sun sets slowly behind the hills while a light comes on in the little red house"
console = Console(highlight=False, soft_wrap=True)


def veo_command() -> list[str]:
    script = Path(sys.executable).with_name("veo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "aimlapi_veo_cli"]


def generate(base_url: str, api_key: str) -> int:
    """`veo generate`, as a person would type it; its progress goes straight to the terminal."""
    args = ["generate", "--image", str(SAMPLE.relative_to(ROOT)), "--prompt", PROMPT]
    args += ["--duration", "5", "--output", str(VIDEO.relative_to(ROOT))]
    env = dict(os.environ, AIMLAPI_BASE_URL=base_url, AIMLAPI_API_KEY=api_key)
    env["AIMLAPI_VEO_JOURNAL"] = str(OUT / "demo-journal.sqlite3")
    console.print(Text(f"$ veo {shlex.join(args)}", style="bold"))
    command = [*veo_command(), *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603 (our own command line)


def describe(path: Path) -> str:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        seconds = float(frames / (stream.average_rate or 24))
        codec = stream.codec_context
        return f"{seconds:.1f} s, {codec.width}x{codec.height} {codec.name}, {path.stat().st_size:,} bytes"


def main() -> int:
    if not SAMPLE.exists():
        from make_sample import main as make_sample  # noqa: PLC0415

        make_sample()
    OUT.mkdir(exist_ok=True)
    VIDEO.unlink(missing_ok=True)
    config = SandboxConfig(api_key=secrets.token_urlsafe(16), generation_seconds=5.0)
    with run_server(config) as sandbox:
        console.print(
            f"sandbox: the AIML API imitated at {sandbox.base_url} (key kept in the environment)"
        )
        code = generate(sandbox.base_url, sandbox.api_key)
        stats = sandbox.stats
        console.print(
            f"sandbox counted: creates {stats.jobs_created}, polls {stats.fetches}, "
            f"downloads {stats.cdn_downloads}; stopping it"
        )
    if code != 0 or not VIDEO.exists():
        console.print(f"[bold red]demo failed: veo exited with {code}[/]")
        return code or 1
    console.print(f"[bold green]Your video: {VIDEO}[/] ({describe(VIDEO)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
