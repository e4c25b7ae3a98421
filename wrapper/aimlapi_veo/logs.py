"""The key reaches no log line, third-party ones included.

Answers are redacted before the wrapper reads them (wire.redact_response), but httpx and
httpcore log on their own: at DEBUG, httpcore writes each answer's raw headers, so a server
that echoes the key in a header would put it in a log. `redact_logs(key)` adds the key to a
filter on their loggers (and ours) that rewrites a record's message before any handler sees it.
"""

from __future__ import annotations

import logging

from aimlapi_veo.errors import leaks, redact

LOGGERS = ("aimlapi_veo", "httpx", "httpcore")


class RedactingFilter(logging.Filter):
    """Replaces every form of every key given to it in a record's message."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(leaks(message, secret) for secret in self.secrets):
            for secret in self.secrets:
                message = redact(message, secret)
            record.msg, record.args = message, ()
        return True


FILTER = RedactingFilter()


def redact_logs(secret: str) -> None:
    """From now on, `secret` is redacted from every record of the HTTP stack's loggers. A
    logger's filters see only its own records, not its children's: each child is named
    (`httpcore.http11`, ...), those that exist now and those httpcore is known to create."""
    FILTER.secrets.add(secret)
    children = ("connection", "http11", "http2", "proxy", "socks")
    names = {*LOGGERS, *(f"httpcore.{child}" for child in children)}
    names |= {name for name in logging.Logger.manager.loggerDict if name.startswith(LOGGERS)}
    for name in names:
        logger = logging.getLogger(name)
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)
