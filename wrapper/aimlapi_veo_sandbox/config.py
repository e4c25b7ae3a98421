"""The sandbox's settings: one frozen dataclass, checked when it is built."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .drifts import DRIFTS

Profile = Literal["spec", "live"]
PROFILES: tuple[Profile, ...] = ("spec", "live")
CreateFault = Literal["store_then_drop", "drop_before_body"]
#: Named faults for creates, applied to the first creates in order (SandboxConfig.create_faults).
CREATE_FAULTS: dict[str, str] = {
    "store_then_drop": "the create is received, stored and logged (it exists, and will be "
    "charged), then the connection drops before its answer arrives",
    "drop_before_body": "the connection drops before the create's body is read: nothing is "
    "stored or logged (the API never received it)",
}

#: Every deliberate departure from the spec the sandbox can be told to make, with what it does.
#: A contract harness switches one on at a time and must then report a failure.
DEVIATIONS: dict[str, str] = {
    "unknown_status": "in-progress answers (create and fetch) carry status 'processing', "
    "which the spec's enum does not list",
    "missing_required_field": "fetch answers leave out the required 'status' field",
    "wrong_field_type": "'id' is sent as a JSON integer instead of a string in create and fetch "
    "answers; that integer is also accepted as generation_id, so polling still works",
    "server_error": "create answers 500 to valid input (after validation, before anything is "
    "stored: no job is made)",
    "auth_ignored": "API routes accept requests with a missing or wrong key",
    "undocumented_status_code": "create answers 201 instead of the documented 200",
    "suspended_status": "once past the queued share, in-progress answers say 'suspended', a "
    "status neither the spec nor any client knows",
    "missing_video_url": "completed fetch answers carry 'video' without its required 'url'",
    "negative_seed_error": "create answers 500 to a valid request whose seed is negative "
    "(nothing is stored)",
    "fetch_text_plain": "successful fetch answers say Content-Type: text/plain (same JSON body)",
    "image_url_unchecked": "create takes any non-empty string as image_url or tail_image_url "
    "(e.g. 'not a url'), so an invalid create is accepted and would be charged",
    **DRIFTS,
}


@dataclass(frozen=True)
class SandboxConfig:
    """How the sandbox behaves; every field has a default that mimics the spec'd service."""

    api_key: str = "sandbox-key"
    profile: Profile = "spec"
    #: Total time from create to a terminal status (queued + generating), in clock seconds.
    generation_seconds: float = 5.0
    #: Share of generation_seconds spent in `queued` before `generating`.
    queued_fraction: float = 0.2
    #: Lifetime of a signed CDN URL, in clock seconds.
    url_ttl: float = 600.0
    #: Chance that a fetch, CDN or create request fails (500/502/503 or a dropped connection).
    #: On create the fault strikes before the job is stored, so a faulted create made nothing.
    fault_rate: float = 0.0
    #: API requests per second (token bucket, burst = max(1, rate)); above it: 429 + Retry-After.
    rate_limit_per_second: float | None = None
    #: A prompt containing this text ends in status `error` (`error` or `failed` when live).
    error_trigger: str = "FAIL"
    #: Time source for lifecycle, URL expiry and rate limiting; tests inject a fake one.
    clock: Callable[[], float] = time.monotonic
    #: Seeds ids, fault draws and live error statuses, for reproducible runs.
    seed: int | None = None
    #: Frame size for 16:9; 9:16 swaps them. Small, so 2 cores encode 8 s in well under a second
    #: (the real service renders 1280x720).
    video_width: int = 640
    video_height: int = 360
    fps: int = 24
    #: Names from DEVIATIONS to switch on.
    deviations: frozenset[str] = frozenset()
    #: Bytes per second the CDN sends a whole file at (a real CDN link, not loopback's GB/s);
    #: None: as fast as it can. Range requests are served unpaced.
    cdn_rate: float | None = None
    #: In-progress answers carry `Retry-After: <whole seconds until done>`, a hint clients may
    #: poll by. None: on for the spec profile, off for live (the live service sends none).
    poll_hint: bool | None = None
    #: Faults for the first creates, one each, in order (names from CREATE_FAULTS); the creates
    #: after them are served normally.
    create_faults: tuple[CreateFault, ...] = ()

    @property
    def sends_poll_hint(self) -> bool:
        return self.profile == "spec" if self.poll_hint is None else self.poll_hint

    def __post_init__(self) -> None:
        # Accept any iterable of names, but store a frozenset so the config stays hashable.
        object.__setattr__(self, "deviations", frozenset(self.deviations))
        object.__setattr__(self, "create_faults", tuple(self.create_faults))
        for problem in _problems(self):
            raise ValueError(f"SandboxConfig: {problem}")


def _problems(config: SandboxConfig) -> list[str]:
    checks: list[tuple[bool, str]] = [
        (config.profile in PROFILES, f"profile must be one of {PROFILES}"),
        (bool(config.api_key), "api_key must not be empty"),
        (config.generation_seconds >= 0, "generation_seconds must be >= 0"),
        (0 <= config.queued_fraction <= 1, "queued_fraction must be within [0, 1]"),
        (config.url_ttl > 0, "url_ttl must be > 0"),
        (0 <= config.fault_rate <= 1, "fault_rate must be within [0, 1]"),
        (
            config.rate_limit_per_second is None or config.rate_limit_per_second > 0,
            "rate_limit_per_second must be > 0 or None",
        ),
        (bool(config.error_trigger), "error_trigger must not be empty"),
        (config.cdn_rate is None or config.cdn_rate > 0, "cdn_rate must be > 0 or None"),
        (_even_size(config), "video_width and video_height must be even numbers >= 16"),
        (config.fps > 0, "fps must be > 0"),
        (
            config.deviations <= DEVIATIONS.keys(),
            f"unknown deviations {sorted(config.deviations - DEVIATIONS.keys())}; "
            f"known: {sorted(DEVIATIONS)}",
        ),
        (
            set(config.create_faults) <= CREATE_FAULTS.keys(),
            f"create_faults must be names from {sorted(CREATE_FAULTS)}",
        ),
    ]
    return [message for ok, message in checks if not ok]


def _even_size(config: SandboxConfig) -> bool:
    # yuv420p halves chroma in both directions, so H.264 needs even dimensions.
    sizes = (config.video_width, config.video_height)
    return all(size >= 16 and size % 2 == 0 for size in sizes)
