"""Everything local that can stop a paid job is checked here, before the create is sent.

A create that fails *after* the POST costs money and leaves a job to chase; the same failure
found before it costs nothing. So the key, the base URL and the output path are checked when
they are given (the journal checks itself when opened, images when read), each raising
InvalidInputError with what to do, and never echoing the key.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from aimlapi_veo.errors import InvalidInputError, MissingAPIKeyError, OutputExistsError

# One token of visible ASCII: what an HTTP header can carry and what a key is made of.
KEY_SHAPE = re.compile(r"[\x21-\x7e]+")
URL_SCHEMES = ("http", "https")


def check_key(key: str | None) -> str:
    """The key without surrounding whitespace (a key read from a file ends in a newline)."""
    stripped = (key or "").strip()
    if not stripped:
        raise MissingAPIKeyError
    if not KEY_SHAPE.fullmatch(stripped):
        raise InvalidInputError(
            "the API key must be one token of printable ASCII characters (no spaces, quotes "
            "from a word processor or other characters inside it): copy it again from "
            "https://aimlapi.com/app/keys"
        )
    return stripped


def check_base_url(url: str) -> str:
    """An http(s) URL with a host (and a numeric port if any), without a trailing slash."""
    parts = urlsplit(url.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    problem = (
        "must start with http:// or https://"
        if parts.scheme.lower() not in URL_SCHEMES
        else "has no host"
        if not parts.hostname
        else "has a port that is not a number from 1 to 65535"
        if not port_ok
        else "must not carry a user name, password, query or fragment"
        if parts.username or parts.password or parts.query or parts.fragment
        else None
    )
    if problem:
        raise InvalidInputError(f"base URL {url!r} {problem} (e.g. https://api.aimlapi.com)")
    return url.strip().rstrip("/")


def check_output(path: Path, *, overwrite: bool) -> Path:
    """A path a video can be saved to: it is not a folder, it holds no file unless
    `overwrite`, and its folder takes files (missing folders are created here, before
    anything is paid for, unless a file stands in their way). Returns it absolute."""
    path = path.absolute()
    if path.exists() and not path.is_dir() and not overwrite:
        raise OutputExistsError(path)
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    problem = (
        "is a folder: give a file name, e.g. video.mp4"
        if path.is_dir()
        else f"cannot be written: {blocker} is not a folder"
        if blocker is not None
        else _unwritable(path.parent)
    )
    if problem:
        raise InvalidInputError(f"output {path} {problem}")
    return path


def _unwritable(folder: Path) -> str | None:
    """A file created and removed there: the only proof the folder takes files now."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".aimlapi-veo-check-")
    except OSError as exc:
        return f"cannot be written: {folder} does not take new files ({exc.strerror})"
    os.close(fd)
    Path(name).unlink()
    return None
