"""Which API a contract run talks to, and how carefully.

`make test` / `make contract` start a sandbox on a free loopback port: free, fast, strict (any
discrepancy fails). `make contract-live` (CONTRACT_TARGET=live) reads:

    AIMLAPI_BASE_URL          default https://api.aimlapi.com
    AIMLAPI_API_KEY           required; without it the live tests skip, saying how to run them
    CONTRACT_MAX_GENERATIONS  accepted (paid) create requests allowed, default 0; a pytest run
                              splits it between its phases (guard.budget_shares)
    CONTRACT_MIN_INTERVAL     seconds between two requests (default 1; 0 on loopback)
    CONTRACT_POLL_INTERVAL    seconds between two polls of one generation (default 10; 0.2 on loopback)
    CONTRACT_POLL_TIMEOUT     give up polling a generation after this long (default 600)
    CONTRACT_IMAGE_URL        the image paid creates use (default: the vendor docs' example)
    CONTRACT_FAILING_PROMPT   a prompt the target fails on, to see failed generations (the
                              sandbox's is FAIL; the real service has none)
    CONTRACT_REPORT_DIR       where contract-report.json/.md go (default: the repository root)
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .spec import REPO_ROOT

DEFAULT_BASE_URL = "https://api.aimlapi.com"
DOCS_IMAGE_URL = "https://s2-111386.kwimgs.com/bs2/mmu-aiplatform-temp/kling/20240620/1.jpeg"
HOW_TO_RUN_LIVE = (
    "to run against the real service: AIMLAPI_API_KEY=<key> make contract-live (free requests "
    "only; CONTRACT_MAX_GENERATIONS=N allows N paid generations). Against a local imitation of "
    "it: `python -m aimlapi_veo_sandbox --profile live --seed 1` in one terminal, then "
    "AIMLAPI_BASE_URL=http://127.0.0.1:8000 AIMLAPI_API_KEY=sandbox-key "
    "CONTRACT_MAX_GENERATIONS=8 CONTRACT_FAILING_PROMPT=FAIL make contract-live"
)


class MissingKeyError(LookupError):
    """No AIMLAPI_API_KEY: a live run cannot start."""


@dataclass(frozen=True)
class RunSettings:
    base_url: str
    api_key: str = field(repr=False)
    live: bool  # a service the harness did not start (may cost money), not its own sandbox
    max_generations: int = 0
    min_interval: float = 0.0
    poll_interval: float = 0.2
    poll_timeout: float = 600.0
    image_url: str = DOCS_IMAGE_URL
    failing_prompt: str | None = None
    report_dir: Path = REPO_ROOT

    @property
    def strict(self) -> bool:
        """Sandbox runs fail on any discrepancy; live runs only on those that break a client."""
        return not self.live


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def live_settings(environ: Mapping[str, str] = os.environ) -> RunSettings:
    """Settings for `make contract-live` and `python -m contract_tests.drift` from the environment."""
    key = environ.get("AIMLAPI_API_KEY", "")
    if not key:
        raise MissingKeyError(f"no AIMLAPI_API_KEY: {HOW_TO_RUN_LIVE}")
    base_url = environ.get("AIMLAPI_BASE_URL") or DEFAULT_BASE_URL
    local = is_loopback(base_url)
    return RunSettings(
        base_url=base_url.rstrip("/"),
        api_key=key,
        live=True,
        max_generations=int(environ.get("CONTRACT_MAX_GENERATIONS", "0")),
        min_interval=float(environ.get("CONTRACT_MIN_INTERVAL", "0" if local else "1")),
        poll_interval=float(environ.get("CONTRACT_POLL_INTERVAL", "0.2" if local else "10")),
        poll_timeout=float(environ.get("CONTRACT_POLL_TIMEOUT", "600")),
        image_url=environ.get("CONTRACT_IMAGE_URL") or DOCS_IMAGE_URL,
        failing_prompt=environ.get("CONTRACT_FAILING_PROMPT") or None,
        report_dir=report_dir(environ),
    )


def report_dir(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get("CONTRACT_REPORT_DIR") or REPO_ROOT)


def wants_live(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CONTRACT_TARGET", "sandbox") == "live"
