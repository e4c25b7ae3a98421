"""Write src/aimlapi_veo/async_client.py from client.py, so the twins cannot drift.

The async client is the sync one with `await` where I/O happens. Each rule below is one such
difference; a rule that matches nothing is an error (client.py changed under it), and the
output is formatted with the project's pinned ruff. `--check` fails on any byte of difference
(part of `make check-generated`). Same idea as httpcore's unasync, in the other direction.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aimlapi_veo"
SOURCE, TARGET = PACKAGE / "client.py", PACKAGE / "async_client.py"
DOCSTRING = (
    '"""AsyncVeoClient: the asyncio twin of VeoClient, generated from client.py by\n'
    'tools/make_async.py (`make async-twin`): edit client.py, never this file."""'
)
METHODS = "_send|create|get|wait|download|_fetch_video|generate|resume|_resume_one"
RULES: list[tuple[str, str]] = [  # (regular expression, replacement), applied in order
    (r"import logging\nimport threading\n", "import asyncio\nimport logging\n"),
    (r"from collections\.abc import Callable", "from collections.abc import Awaitable, Callable"),
    (r"\bVeoClient\b", "AsyncVeoClient"),
    (r"image-to-video generations\.\n", "image-to-video generations, with asyncio.\n"),
    (r"httpx\.Client\b", "httpx.AsyncClient"),
    (r"httpx\.BaseTransport\b", "httpx.AsyncBaseTransport"),
    (
        r"Callable\[\[float\], None\] = time\.sleep",
        "Callable[[float], Awaitable[None]] = asyncio.sleep",
    ),
    (r"threading\.BoundedSemaphore\(", "asyncio.Semaphore("),
    (r"def __enter__\(", "async def __aenter__("),
    (r"def __exit__\(", "async def __aexit__("),
    (r"def close\(", "async def close("),
    (r"self\.(_http|_cdn)\.close\(\)", r"await self.\1.aclose()"),
    (r"(?<!def )self\.close\(\)", "await self.close()"),
    (rf"    def ({METHODS})\(", r"    async def \1("),
    (rf"self\.({METHODS}|_sleep|_http\.request)\(", r"await self.\1("),
    (r"with self\.(_in_flight|_cdn\.stream)\b", r"async with self.\1"),
    (r"for chunk in response\.iter_bytes\(\)", "async for chunk in response.aiter_bytes()"),
    (r'\A""".*?"""', DOCSTRING.replace("\\", "\\\\")),  # last: the class rename spares it
]


def translate(source: str) -> str:
    for pattern, replacement in RULES:
        source, count = re.subn(pattern, replacement, source, flags=re.DOTALL)
        if count == 0:
            raise SystemExit(
                f"make_async: rule {pattern!r} matched nothing in client.py: update the rules"
            )
    ruff = Path(sys.executable).parent / "ruff"
    formatted = subprocess.run(  # noqa: S603 (the project's pinned ruff)
        [str(ruff), "format", "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return formatted.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if async_client.py is stale")
    args = parser.parse_args(argv)
    wanted = translate(SOURCE.read_text(encoding="utf-8"))
    if args.check:
        if TARGET.read_text(encoding="utf-8") != wanted:
            print(
                "src/aimlapi_veo/async_client.py is not what client.py makes: run `make async-twin`",
                file=sys.stderr,
            )
            return 1
        print("src/aimlapi_veo/async_client.py matches client.py")
        return 0
    TARGET.write_text(wanted, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(PACKAGE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
