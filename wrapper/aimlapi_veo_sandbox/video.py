"""Encodes a short, real, playable MP4: a slow zoom over the image, cross-fading to the tail image.

H.264 (libx264, ultrafast), yuv420p, `fps` frames per second, exactly `seconds * fps` frames,
with the index (moov) at the front like files meant for streaming.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import av
from PIL import Image, ImageOps

#: How far the zoom pushes in; the source is prepared at this oversize so frames stay sharp.
ZOOM = 1.15
#: Longest cross-fade to the tail image, in seconds.
FADE_SECONDS = 1.0
_ENCODER_OPTIONS = {"preset": "ultrafast", "crf": "28"}


def encode_video(
    path: Path,
    image: Image.Image,
    tail: Image.Image | None,
    *,
    seconds: int,
    size: tuple[int, int],
    fps: int,
) -> None:
    """Writes the MP4 to `path` atomically, so a concurrent reader never sees half a file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with av.open(str(partial), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("libx264", rate=fps, options=_ENCODER_OPTIONS)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for picture in _frames(image, tail, seconds * fps, size, fps):
            # PyAV's stub leaves from_image unannotated; it takes a PIL image.
            rgb = av.VideoFrame.from_image(picture)  # type: ignore[no-untyped-call]
            frame = rgb.reformat(format="yuv420p")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    partial.replace(path)


def _frames(
    image: Image.Image, tail: Image.Image | None, count: int, size: tuple[int, int], fps: int
) -> Iterator[Image.Image]:
    main = _oversized(image, size)
    if tail is None:
        yield from (_zoomed(main, size, i / count, 1.0, ZOOM) for i in range(count))
        return
    end = _oversized(tail, size)
    fade = min(round(FADE_SECONDS * fps), count // 4)
    for i in range(count):
        picture = _zoomed(main, size, i / count, 1.0, ZOOM)
        into_fade = i - (count - fade) + 1
        if into_fade > 0:
            # The tail image is the last frame: it settles to an unzoomed view as the fade ends.
            last = _zoomed(end, size, into_fade / fade, ZOOM, 1.0)
            picture = Image.blend(picture, last, into_fade / fade)
        yield picture


def _oversized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    # Cover-fit once at the zoomed size; per-frame work is then a cheap crop-and-shrink.
    big = (round(size[0] * ZOOM), round(size[1] * ZOOM))
    return ImageOps.fit(image.convert("RGB"), big, Image.Resampling.BILINEAR)


def _zoomed(
    source: Image.Image, size: tuple[int, int], progress: float, start: float, stop: float
) -> Image.Image:
    """One Ken Burns frame: crop a box that shrinks with the zoom, drifting slightly right."""
    zoom = start + (stop - start) * progress
    box_w, box_h = source.width / zoom, source.height / zoom
    slack_x, slack_y = source.width - box_w, source.height - box_h
    left = slack_x * (0.35 + 0.3 * progress)
    top = slack_y * 0.5
    box = (left, top, left + box_w, top + box_h)
    return source.resize(size, Image.Resampling.BILINEAR, box=box)
