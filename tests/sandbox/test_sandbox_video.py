"""The video is a real MP4 made from the submitted images, and renders are shared."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sandbox_support import Harness, MakeSandbox, frame_colors, image_uri, video_facts

pytestmark = pytest.mark.anyio

RED = (220, 20, 20)
BLUE = (20, 20, 220)


@pytest.fixture
def sandbox(make_sandbox: MakeSandbox) -> Harness:
    """The default frame size, which the tests below check."""
    return make_sandbox(video_width=640, video_height=360)


async def download(sandbox: Harness, **fields: object) -> bytes:
    done = await sandbox.finish(**fields)
    answer = await sandbox.client.get(done["video"]["url"])
    assert answer.status_code == 200
    return answer.content


@pytest.mark.parametrize(
    ("aspect_ratio", "duration", "size"),
    [("16:9", 5, (640, 360)), ("9:16", 8, (360, 640))],
)
async def test_video_is_a_real_mp4_of_the_requested_shape_and_length(
    sandbox: Harness, aspect_ratio: str, duration: int, size: tuple[int, int]
) -> None:
    """Decodes with PyAV: the frame size follows the aspect ratio, 24 fps for `duration` s."""
    data = await download(sandbox, aspect_ratio=aspect_ratio, duration=duration)
    width, height, frames, seconds = video_facts(data)
    assert (width, height) == size
    assert frames == duration * 24
    assert seconds == pytest.approx(duration, abs=0.1)


async def test_video_starts_on_the_image_and_fades_to_the_tail_image(sandbox: Harness) -> None:
    """First frame shows the image (red), the last the tail image (blue)."""
    data = await download(sandbox, image_url=image_uri(RED), tail_image_url=image_uri(BLUE))
    first, last = frame_colors(data)
    assert first[0] > 150 > first[2]
    assert last[2] > 150 > last[0]


async def test_jobs_with_the_same_inputs_share_one_render(sandbox: Harness) -> None:
    """Two jobs on one image encode once: memory and CPU stay flat in benchmarks."""
    first = await download(sandbox, prompt="one")
    second = await download(sandbox, prompt="two")
    assert first == second
    assert sandbox.stats.videos_rendered == 1


async def test_spec_profile_encodes_only_when_the_video_is_downloaded(sandbox: Harness) -> None:
    """Polling to completion renders nothing; the first CDN request does."""
    done = await sandbox.finish()
    assert sandbox.stats.videos_rendered == 0
    assert (await sandbox.client.head(done["video"]["url"])).status_code == 200
    assert sandbox.stats.videos_rendered == 1


@pytest.fixture
def loopback_image() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving one blue PNG."""
    png = _png(BLUE)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png)))
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/blue.png"
    server.shutdown()
    server.server_close()
    thread.join()


def _png(color: tuple[int, int, int]) -> bytes:
    return base64.b64decode(image_uri(color).split(",", 1)[1])


async def test_loopback_image_url_is_fetched(sandbox: Harness, loopback_image: str) -> None:
    """An image on a loopback host is downloaded and used."""
    first, _ = frame_colors(await download(sandbox, image_url=loopback_image))
    assert first[2] > 150 > first[0]


async def test_remote_image_url_becomes_a_placeholder(sandbox: Harness) -> None:
    """A non-loopback URL is never fetched: the video shows a placeholder instead."""
    data = await download(sandbox, image_url="https://cdn.example.invalid/picture.png")
    width, height, frames, _ = video_facts(data)
    assert (width, height, frames) == (640, 360, 120)
