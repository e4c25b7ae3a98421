"""Images (and a video to extend) in: an http(s) URL, a local path, bytes, or a binary file.

URLs are passed through for the API to fetch. Local data becomes a Base64 `data:` URI whose MIME
type is sniffed from the content (never the file name). Refused before any request: empty
data, non-images, formats other than JPEG/PNG/WebP, and anything over MAX_IMAGE_BYTES.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse
from urllib.request import url2pathname

from aimlapi_veo.errors import InvalidInputError

ImageInput = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

# The API takes the image inline in a JSON body; Base64 adds a third. 20 MiB of image is far
# above what a 1280x720 video needs and keeps the request under ~27 MB.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
SUPPORTED = "JPEG, PNG or WebP"
MAGIC: tuple[tuple[bytes, int, str], ...] = (  # (signature, offset, MIME type)
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"WEBP", 8, "image/webp"),
)
UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def sniff_mime(data: bytes) -> str:
    """The image MIME type from the first bytes, or InvalidInputError saying what it is."""
    for signature, offset, mime in MAGIC:
        if data[offset : offset + len(signature)] == signature and (
            mime != "image/webp" or data[:4] == b"RIFF"
        ):
            return mime
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
        raise InvalidInputError(f"HEIC/AVIF images are not supported: convert to {SUPPORTED}")
    for signature, name in UNSUPPORTED_MAGIC:
        if data.startswith(signature):
            raise InvalidInputError(f"{name} images are not supported: convert to {SUPPORTED}")
    raise InvalidInputError(f"not an image (first bytes {data[:8]!r}): give a {SUPPORTED} file")


def _check_size(size: int, what: str) -> None:
    if size == 0:
        raise InvalidInputError(f"{what} is empty")
    if size > MAX_IMAGE_BYTES:
        raise InvalidInputError(
            f"{what} is {size / 2**20:.1f} MiB; the limit is {MAX_IMAGE_BYTES // 2**20} MiB: "
            "downscale it or pass a URL the API can fetch"
        )


def _read_path(path: Path) -> bytes:
    if not path.is_file():
        raise InvalidInputError(f"image file {path} does not exist")
    _check_size(path.stat().st_size, f"image file {path}")
    return path.read_bytes()


def sniff_video(data: bytes) -> str:
    """MP4 (an ISO media file: `ftyp` at byte 4) is the one video type taken."""
    if data[4:8] != b"ftyp":
        raise InvalidInputError(f"not an MP4 video (first bytes {data[:8]!r})")
    return "video/mp4"


def _from_text(value: str, kind: str = "image") -> str | bytes:
    """An http(s) URL or data URI is returned as text; a file:// URL or anything else is a
    path whose bytes are read. Other URLs are refused by their scheme (not taken for a path)."""
    parsed = urlparse(value)
    scheme = parsed.scheme.lower()
    if scheme in ("http", "https"):
        if not parsed.netloc:
            raise InvalidInputError(f"image URL {value!r} has no host")
        return value
    if scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            raise InvalidInputError(f"{kind} URL {value!r} names another host: give a local path")
        return _read_path(Path(url2pathname(parsed.path)))
    if "://" in value:
        raise InvalidInputError(
            f"{kind} URLs with {scheme}:// are not supported ({value!r}): give an http(s) URL "
            "the API can fetch, a file:// URL or a local path"
        )
    if scheme == "data":
        header, _, payload = value.partition(",")
        if not header.startswith(f"data:{kind}/") or not header.endswith(";base64"):
            raise InvalidInputError(f"a data: {kind} must look like data:{kind}/...;base64,...")
        try:
            return base64.b64decode(payload, validate=True)
        except binascii.Error as exc:
            raise InvalidInputError(f"the data: image is not valid Base64 ({exc})") from None
    return _read_path(Path(value))


def to_image_url(value: ImageInput, what: str = "image", *, video: bool = False) -> str:
    """What the API's `image_url` (or, with `video`, `video_url`) takes, for any input."""
    if isinstance(value, str):
        loaded: str | bytes = _from_text(value, "video" if video else "image")
    elif isinstance(value, os.PathLike):
        loaded = _read_path(Path(value))
    elif isinstance(value, bytes | bytearray | memoryview):
        loaded = bytes(value)
    elif hasattr(value, "read"):
        loaded = value.read(MAX_IMAGE_BYTES + 1)
        if not isinstance(loaded, bytes):
            raise InvalidInputError(f"{what}: open the file in binary mode ('rb')")
    else:
        raise InvalidInputError(
            f"{what} must be a URL, a path, bytes or a binary file, not {type(value).__name__}"
        )
    if isinstance(loaded, str):
        return loaded
    _check_size(len(loaded), what)
    mime = sniff_video(loaded) if video else sniff_mime(loaded)
    return f"data:{mime};base64,{base64.b64encode(loaded).decode('ascii')}"
