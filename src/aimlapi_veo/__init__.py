"""aimlapi-veo: submit, poll and download Veo2 image-to-video generations.

from aimlapi_veo import VeoClient

with VeoClient() as client:          # key from AIMLAPI_API_KEY
    client.generate(image="cat.png", prompt="the cat yawns", output="cat.mp4")
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from aimlapi_veo_api.models import GenerationStatus

from aimlapi_veo._core import ResumeResult
from aimlapi_veo.client import VeoClient
from aimlapi_veo.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CreateOutcomeUnknownError,
    DownloadError,
    GenerationError,
    GenerationFailedError,
    GenerationTimeoutError,
    InternalServerError,
    InvalidInputError,
    JournalError,
    MalformedResponseError,
    MissingAPIKeyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    VeoError,
)
from aimlapi_veo.generation import Generation
from aimlapi_veo.journal import Job, Journal
from aimlapi_veo.polling import PollPolicy
from aimlapi_veo.retry import RetryPolicy

if TYPE_CHECKING:
    from aimlapi_veo.async_client import AsyncVeoClient


def __getattr__(name: str) -> Any:
    """AsyncVeoClient is imported on first use: it brings asyncio (a quarter of this package's
    import time on top of httpx's), which a synchronous user never needs."""
    if name == "AsyncVeoClient":
        from aimlapi_veo.async_client import AsyncVeoClient  # noqa: PLC0415

        return AsyncVeoClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncVeoClient",
    "AuthenticationError",
    "BadRequestError",
    "CreateOutcomeUnknownError",
    "DownloadError",
    "Generation",
    "GenerationError",
    "GenerationFailedError",
    "GenerationStatus",
    "GenerationTimeoutError",
    "InternalServerError",
    "InvalidInputError",
    "Job",
    "Journal",
    "JournalError",
    "MalformedResponseError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "PollPolicy",
    "RateLimitError",
    "ResumeResult",
    "RetryPolicy",
    "UnprocessableEntityError",
    "VeoClient",
    "VeoError",
    "__version__",
]
