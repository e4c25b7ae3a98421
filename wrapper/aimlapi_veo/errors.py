"""Every exception the client raises, in one tree.

    VeoError
    ├── InvalidInputError          bad arguments or image; refused before any request (also ValueError)
    │   └── OutputExistsError      the output file exists and overwrite is off; .path
    ├── MissingAPIKeyError         no key given and AIMLAPI_API_KEY unset
    ├── APIError                   the API could not be used
    │   ├── APIConnectionError     no answer (connection failed, broken, or timed out)
    │   │   └── APITimeoutError
    │   ├── MalformedResponseError an answer that is not the JSON the spec describes
    │   └── APIStatusError         an error status; .status_code, .message, .request_id
    │       ├── BadRequestError            400
    │       ├── AuthenticationError        401
    │       ├── PermissionDeniedError      403
    │       ├── NotFoundError              404
    │       ├── UnprocessableEntityError   422
    │       ├── RateLimitError             429; .retry_after
    │       └── InternalServerError        5xx
    ├── JournalError               the journal cannot be used; .location (file or URL)
    ├── LeaseLostError             another worker took over this row or job (our lease's token is
    │                              stale): the work stopped before sending or writing; .key, .holder
    ├── CreateOutcomeUnknownError  the create request went out and no answer proved what happened:
    │                              a generation may exist and be charged; never resubmitted blindly;
    │                              .generation_id when an answer carried one, .fallback_path
    ├── GenerationError            about one generation; .generation_id
    │   ├── GenerationFailedError  status error/failed/expired; .status, .error_name, .error_message
    │   └── GenerationTimeoutError still running at the deadline, or in a status no one lists
    │                              past the expected window; .last_status (resume with wait())
    └── DownloadError              the video could not be saved; .generation_id, .path

No message, attribute or repr ever holds the API key: messages built from server answers pass
through `redact()` first.
"""

from __future__ import annotations

import base64
from pathlib import Path

REDACTED = "***"


def secret_forms(secret: str) -> tuple[str, ...]:
    """The key as a server or library could echo it: as is, stripped, and Base64-encoded the
    ways HTTP carries credentials (plain, URL-safe, and as Basic `key:` / `:key`)."""
    stripped = secret.strip()
    encoded = [
        codec(value.encode()).decode().rstrip("=")
        for value in (stripped, f"{stripped}:", f":{stripped}")
        for codec in (base64.b64encode, base64.urlsafe_b64encode)
    ]
    forms = {secret, stripped, *encoded} - {""}
    return tuple(sorted(forms, key=len, reverse=True))  # longest first: no partial leftovers


def redact(text: str, secret: str | None) -> str:
    """`text` with every form of the key replaced: the one boundary every server-provided text
    passes before it reaches an exception, a log line, the terminal or the journal."""
    if not secret:
        return text
    for form in secret_forms(secret):
        text = text.replace(form, REDACTED)
    return text


def leaks(text: str, secret: str | None) -> bool:
    return bool(secret) and redact(text, secret) != text


def scrub(exc: BaseException, secret: str | None) -> BaseException:
    """The exception with the key redacted from its arguments (for a foreign exception whose
    text may quote a header)."""
    if leaks(str(exc), secret):
        exc.args = tuple(redact(arg, secret) if isinstance(arg, str) else "***" for arg in exc.args)
    return exc


class VeoError(Exception):
    """Base of every error raised by aimlapi_veo."""


class InvalidInputError(VeoError, ValueError):
    """An argument cannot be sent: nothing was requested and nothing was spent."""


class OutputExistsError(InvalidInputError):
    """The output file exists and `overwrite=True` was not passed: refused before the create."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"output {path} exists already: pass overwrite=True to replace it, or another path"
        )


class MissingAPIKeyError(VeoError):
    def __init__(self) -> None:
        super().__init__(
            "no API key: pass api_key=... or set AIMLAPI_API_KEY "
            "(get one at https://aimlapi.com/app/keys)"
        )


class APIError(VeoError):
    """The API could not be used for this request."""


class APIConnectionError(APIError):
    """No answer came back (refused, reset, DNS, TLS)."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class MalformedResponseError(APIError):
    """The API answered with something that is not the JSON the spec describes."""


class APIStatusError(APIError):
    """The API answered with an error status. The error body's fields (spec: ErrorResponse) are
    kept: `messages` one per problem (a validation error names each bad field), `error` the
    status phrase the service gave ("Bad Request"), or empty / None when it sent none."""

    def __init__(
        self,
        status_code: int,
        message: str,
        request_id: str | None = None,
        *,
        messages: tuple[str, ...] = (),
        error: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.message = message
        self.request_id = request_id
        self.messages = messages or ((message,) if message else ())
        self.error = error
        suffix = f" (request id {request_id})" if request_id else ""
        super().__init__(f"HTTP {status_code}: {message}{suffix}")


class BadRequestError(APIStatusError):
    """400: the API rejected the request's content."""


class AuthenticationError(APIStatusError):
    """401: the key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such generation (or path)."""


class UnprocessableEntityError(APIStatusError):
    """422: well-formed but unacceptable."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` is the server's hint in seconds."""

    def __init__(
        self,
        status_code: int,
        message: str,
        request_id: str | None = None,
        retry_after: float | None = None,
        *,
        messages: tuple[str, ...] = (),
        error: str | None = None,
    ) -> None:
        super().__init__(status_code, message, request_id, messages=messages, error=error)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the service failed."""


class JournalError(VeoError):
    """The journal cannot be used (unopenable, read-only, locked, newer or foreign schema,
    corrupt). `location` is the file, or a postgresql URL without its password."""

    def __init__(self, location: str, problem: str, fix: str) -> None:
        self.location = location
        super().__init__(f"journal {location}: {problem}; {fix}")


class LeaseLostError(VeoError):
    """Our lease on `key` was taken over (its fencing token grew): whatever we were about to do
    for it (send a create, journal an answer, save a file) was not done. `holder` is the worker
    that holds it now, when known."""

    def __init__(self, key: str, holder: str | None) -> None:
        self.key, self.holder = key, holder
        by = f" by {holder}" if holder else ""
        super().__init__(
            f"lost the lease {key}: it was taken over{by} while this worker was paused or slow; "
            "stopped before sending or saving anything for it"
        )


class CreateOutcomeUnknownError(VeoError):
    """The create request was sent but no answer proved what happened, so it may have created
    (and charged for) a generation. It is not resent automatically: look before you resubmit.
    `generation_id` is set when an answer carried one; `fallback_path` names the file the id was
    written to when the journal could not take it; `client_request_id` is the id it was sent
    with, by which `reconcile()` finds it in the API's usage log."""

    def __init__(
        self,
        cause: str,
        generation_id: str | None = None,
        fallback_path: Path | None = None,
    ) -> None:
        self.generation_id = generation_id
        self.fallback_path = fallback_path
        self.client_request_id: str | None = None  # the X-Client-Request-Id it was sent with
        if generation_id is None:
            what = "a generation may have been created and charged. Not resubmitted. Check your "
            what += "AIML API dashboard or usage before retrying."
        else:
            what = f"generation {generation_id} may exist and be charged. Not resubmitted. "
            what += f"Follow it with `veo wait {generation_id}` before creating another."
        where = f" Its id was written to {fallback_path}." if fallback_path else ""
        super().__init__(f"the create request was sent but {cause}; {what}{where}")


class GenerationError(VeoError):
    """Something about one generation; it carries the id to resume or look it up."""

    def __init__(self, generation_id: str, message: str) -> None:
        self.generation_id = generation_id
        super().__init__(message)


class GenerationFailedError(GenerationError):
    def __init__(
        self, generation_id: str, status: str, error_name: str | None, error_message: str | None
    ) -> None:
        self.status = status
        self.error_name = error_name
        self.error_message = error_message
        detail = (
            ": ".join(part for part in (error_name, error_message) if part) or "no detail given"
        )
        super().__init__(
            generation_id, f"generation {generation_id} ended with status {status!r}: {detail}"
        )


class GenerationTimeoutError(GenerationError):
    """The wait ended before the job did: at the deadline, or (`reason`) when a status no one
    lists outlasted the job's expected window."""

    def __init__(
        self, generation_id: str, last_status: str | None, waited: float, reason: str = ""
    ) -> None:
        self.last_status = last_status
        self.waited = waited
        why = f": {reason}" if reason else ""
        super().__init__(
            generation_id,
            f"generation {generation_id} still {last_status or 'unknown'} after {waited:.0f} s"
            f"{why}; it is not lost: resume with wait({generation_id!r}) or "
            f"`veo wait {generation_id}`",
        )


class DownloadError(VeoError):
    def __init__(self, generation_id: str, path: Path, reason: str) -> None:
        self.generation_id = generation_id
        self.path = path
        super().__init__(f"could not save the video of {generation_id} to {path}: {reason}")
