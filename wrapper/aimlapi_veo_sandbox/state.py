"""Everything one sandbox app holds, reachable from a request as `request.app.state.sandbox`."""

from __future__ import annotations

import hmac
import math
import random
import time
import uuid
from collections import deque
from typing import TYPE_CHECKING, cast

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from .config import CreateFault, SandboxConfig
from .errors import unauthorized
from .faults import FaultInjector
from .jobs import Job, JobStore, in_progress_status, status_at
from .media import MediaStore, RenderSpec
from .payloads import VideoLink
from .ratelimit import TokenBucket, too_many_requests
from .signing import UrlSigner
from .stats import SandboxStats
from .validation import CreateRequest

if TYPE_CHECKING:
    from .logs import LogRow


class SandboxState:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.stats = SandboxStats()
        self.jobs = JobStore()
        self.media = MediaStore(self.stats)
        # Seeded draws make ids, faults and live error statuses reproducible; nothing here
        # is a secret (the CDN signing key comes from `secrets`).
        self.rng = random.Random(config.seed)  # noqa: S311
        self.faults = FaultInjector(config.fault_rate, self.rng, self.stats)
        self.signer = UrlSigner(config.clock, time.time())
        rate = config.rate_limit_per_second
        self.limiter = None if rate is None else TokenBucket(rate, config.clock)
        self.usage_log: list[LogRow] = []  # every create received (logs.py)
        self._create_faults: deque[CreateFault] = deque(config.create_faults)

    def close(self) -> None:
        """Removes the temp folder; safe to call twice."""
        self.media.close()

    def admit(self, request: Request, route: str) -> Response | None:
        """Counts an API request, then refuses it (401, 429) or returns None to let it through."""
        self.stats.requests[route] += 1
        if not self._authorized(request):
            self.stats.unauthorized += 1
            return unauthorized()
        wait = None if self.limiter is None else self.limiter.take()
        if wait is not None:
            self.stats.rate_limited += 1
            return too_many_requests(wait)
        return None

    def create_fault(self) -> CreateFault | None:
        """The named fault for this create, if any is left (SandboxConfig.create_faults)."""
        if not self._create_faults:
            return None
        self.stats.faults_injected += 1
        return self._create_faults.popleft()

    def _authorized(self, request: Request) -> bool:
        if "auth_ignored" in self.config.deviations:
            return True
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        expected = self.config.api_key.encode()
        return scheme.lower() == "bearer" and hmac.compare_digest(key.strip().encode(), expected)

    async def store_job(self, request: CreateRequest) -> Job:
        token = None
        fails = self.config.error_trigger in request.prompt
        if not fails:
            spec = await anyio.to_thread.run_sync(self._render_spec, request)
            token = self.media.register_video(spec)
        job = Job(
            id=f"{uuid.UUID(int=self.rng.getrandbits(128), version=4)}:{request.model}",
            number=len(self.jobs) + 1,
            created_at=self.config.clock(),
            duration=request.duration,
            fails=fails,
            failure_status=self._failure_status(),
            token=token,
        )
        self.jobs.add(job)
        self.stats.jobs_created += 1
        return job

    def _render_spec(self, request: CreateRequest) -> RenderSpec:
        # Blocking: writes uploaded images to disk.
        image = self.media.save_input(request.image)
        tail = None if request.tail_image is None else self.media.save_input(request.tail_image)
        # video_width x video_height stands for 720p; 1080p is as much larger, still scaled down.
        scale = 1.5 if request.resolution == "1080p" else 1.0
        sides = (self.config.video_width, self.config.video_height)
        width, height = (round(side * scale / 2) * 2 for side in sides)
        if request.aspect_ratio == "9:16":
            width, height = height, width
        # A URL may end up as a placeholder showing the prompt; a stored upload never does.
        needs_prompt = any(
            ref is not None and not self.media.is_stored(ref) for ref in (image, tail)
        )
        return RenderSpec(
            image=image,
            tail=tail,
            seconds=request.duration,
            width=width,
            height=height,
            fps=self.config.fps,
            prompt=request.prompt[:300] if needs_prompt else "",
        )

    def _failure_status(self) -> str:
        if self.config.profile == "live" and self.rng.random() < 0.5:
            return "failed"
        return "error"

    def first_status(self) -> str:
        return in_progress_status(0.0, self.config)

    def status_of(self, job: Job) -> str:
        return status_at(job, self.config.clock(), self.config)

    async def video_link(self, job: Job, base_url: str) -> VideoLink:
        """A signed link to the job's video; the same link until it expires, then a fresh one.

        Only the live profile reports the file's size, so only it renders here; the spec
        profile leaves the encoding to the first CDN request (benchmarks that poll a
        thousand jobs without downloading them then encode nothing).
        """
        assert job.token is not None
        size = 0
        if self.config.profile == "live" or "file_size_kib" in self.config.deviations:
            path = await anyio.to_thread.run_sync(self.media.materialize, job.token)
            size = path.stat().st_size
        now = self.signer.unix_now()
        if job.url_expires <= now:
            job.url_expires = math.ceil(now + self.config.url_ttl)
        cdn_path = f"/cdn/{job.token}/output.mp4"
        query = self.signer.query(cdn_path, job.url_expires)
        return VideoLink(f"{base_url}{cdn_path}?{query}", job.duration, size)


def sandbox_of(request: Request) -> SandboxState:
    return cast(SandboxState, request.app.state.sandbox)
