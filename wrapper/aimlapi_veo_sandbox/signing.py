"""Signed, expiring CDN links: `?Expires=<unix>&Signature=<hmac>`, like the live CDN's."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from starlette.responses import Response

from .errors import cdn_error


class UrlSigner:
    """Signs CDN paths with a per-app secret; "now" is unix time derived from the injected clock."""

    def __init__(self, clock: Callable[[], float], unix_at_start: float) -> None:
        self._secret = secrets.token_bytes(32)
        self._clock = clock
        # Expires must look like unix time, yet tests move the fake clock; so unix time is
        # the wall time at start plus however far the injected clock has moved since.
        self._offset = unix_at_start - clock()

    def unix_now(self) -> float:
        return self._clock() + self._offset

    def query(self, path: str, expires: int) -> str:
        return urlencode({"Expires": expires, "Signature": self._mac(path, expires)})

    def denial(self, path: str, expires: str | None, signature: str | None) -> Response | None:
        """A 403 saying what is wrong with the link, or None if it is valid and current."""
        if expires is None or signature is None:
            return _forbidden("Missing required query parameters Expires and Signature")
        if not expires.isdigit() or not hmac.compare_digest(
            self._mac(path, int(expires)), signature
        ):
            return _forbidden("Signature does not match")
        if self.unix_now() >= int(expires):
            return _forbidden("Request has expired")
        return None

    def _mac(self, path: str, expires: int) -> str:
        message = f"{path}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()


def _forbidden(message: str) -> Response:
    return cdn_error(403, "AccessDenied", message)
