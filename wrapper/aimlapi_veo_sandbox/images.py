"""Turning a request's image field into pixels, without ever reaching past this machine."""

from __future__ import annotations

import base64
import binascii
import io
import ipaddress
import logging
import re
import textwrap
import warnings
from urllib.parse import urlsplit

import httpx
from PIL import Image, ImageDraw, ImageFont

#: Decoded bytes of a data: URI, or an http(s) URL.
ImageInput = bytes | str

_DATA_URI = re.compile(r"data:image/[\w.+-]+;base64,(?P<payload>.*)", re.DOTALL)
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
log = logging.getLogger(__name__)


def decode_data_uri(uri: str) -> bytes:
    """The image bytes of `data:image/...;base64,...`; ValueError if Pillow cannot read them."""
    match = _DATA_URI.fullmatch(uri)
    if match is None:
        raise ValueError("expected data:image/<type>;base64,<data>")
    try:
        raw = base64.b64decode("".join(match["payload"].split()), validate=True)
    except binascii.Error as exc:
        raise ValueError(f"invalid base64 ({exc})") from None
    _check_readable(raw)
    return raw


def _check_readable(raw: bytes) -> None:
    # Only the header is parsed here; pixels are decoded when the video is rendered.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                image.verify()
    except Exception as exc:
        raise ValueError(f"not an image Pillow can read ({type(exc).__name__})") from None


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_image(source: bytes | str, prompt: str, size: tuple[int, int]) -> Image.Image:
    """RGB pixels for a render; anything unreadable becomes a placeholder, never an error."""
    try:
        raw = source if isinstance(source, bytes) else _fetch_loopback(source)
        if raw is not None:
            return _decode(raw, size)
    except Exception as exc:  # a bad input must give a placeholder, never a failed render
        log.warning("sandbox: using a placeholder image: %s", exc)
    return placeholder(prompt, size)


def _fetch_loopback(url: str) -> bytes | None:
    # No network beyond this machine: only loopback URLs are fetched, the rest get a placeholder.
    if not is_loopback(url):
        return None
    # trust_env=False keeps proxy settings from routing a loopback request elsewhere.
    with httpx.Client(timeout=5.0, trust_env=False) as client:
        response = client.get(url)
        response.raise_for_status()
        return response.content


def _decode(raw: bytes, size: tuple[int, int]) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(raw)) as image:
            # draft() lets JPEG decode at reduced scale: big photos stay cheap in memory.
            image.draft("RGB", (size[0] * 2, size[1] * 2))
            return image.convert("RGB")


def placeholder(prompt: str, size: tuple[int, int]) -> Image.Image:
    """A gradient with the prompt written on it, standing in for an image we may not fetch."""
    width, height = size
    top, bottom = (32, 64, 128), (200, 96, 48)
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), gradient)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(12, height // 18))
    text = "\n".join(textwrap.wrap(prompt, width=40)[:6])
    draw.multiline_text((width // 16, height // 3), text, fill=(255, 255, 255), font=font)
    return image
