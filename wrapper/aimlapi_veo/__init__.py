"""aimlapi-veo: submit, poll and download Veo2 image-to-video generations.

from aimlapi_veo import VeoClient

with VeoClient() as client:          # key from AIMLAPI_API_KEY
    client.generate(image="cat.png", prompt="the cat yawns", output="cat.mp4")
"""

__version__ = "0.2.0"

from typing import TYPE_CHECKING

from aimlapi_veo._lazy import lazy

if TYPE_CHECKING:
    from aimlapi_veo_api.models import GenerationStatus

    from aimlapi_veo.async_client import AsyncVeoClient
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
        LeaseLostError,
        MalformedResponseError,
        MissingAPIKeyError,
        NotFoundError,
        OutputExistsError,
        PermissionDeniedError,
        RateLimitError,
        UnprocessableEntityError,
        VeoError,
    )
    from aimlapi_veo.generation import Generation
    from aimlapi_veo.hooks import ResumeResult, WaitUpdate
    from aimlapi_veo.journal import Job, Journal
    from aimlapi_veo.polling import PollPolicy
    from aimlapi_veo.reconcile import ReconcileResult
    from aimlapi_veo.retry import RetryPolicy
    from aimlapi_veo.wire import AspectRatioValue, DurationSeconds

# Importing the package stays cheap (the `veo` CLI starts in a few tens of milliseconds): each
# public name is imported from its module on first use (PEP 562).
_MODULES: dict[str, str] = {
    # The generated answer enum, and the request fields' Literal types (the generated package's
    # own are per model, in aimlapi_veo_api.models): importable from here, documented there.
    **dict.fromkeys(["GenerationStatus"], "aimlapi_veo_api.models"),
    **dict.fromkeys(["AspectRatioValue", "DurationSeconds"], "aimlapi_veo.wire"),
    **dict.fromkeys(["AsyncVeoClient"], "aimlapi_veo.async_client"),
    **dict.fromkeys(["VeoClient"], "aimlapi_veo.client"),
    **dict.fromkeys(
        [
            "APIConnectionError",
            "APIError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "CreateOutcomeUnknownError",
            "DownloadError",
            "GenerationError",
            "GenerationFailedError",
            "GenerationTimeoutError",
            "InternalServerError",
            "InvalidInputError",
            "JournalError",
            "LeaseLostError",
            "MalformedResponseError",
            "MissingAPIKeyError",
            "NotFoundError",
            "OutputExistsError",
            "PermissionDeniedError",
            "RateLimitError",
            "UnprocessableEntityError",
            "VeoError",
        ],
        "aimlapi_veo.errors",
    ),
    **dict.fromkeys(["Generation"], "aimlapi_veo.generation"),
    **dict.fromkeys(["ResumeResult", "WaitUpdate"], "aimlapi_veo.hooks"),
    **dict.fromkeys(["Job", "Journal"], "aimlapi_veo.journal"),
    **dict.fromkeys(["PollPolicy"], "aimlapi_veo.polling"),
    **dict.fromkeys(["ReconcileResult"], "aimlapi_veo.reconcile"),
    **dict.fromkeys(["RetryPolicy"], "aimlapi_veo.retry"),
}


__getattr__, __dir__ = lazy(globals(), _MODULES)


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AspectRatioValue",
    "AsyncVeoClient",
    "AuthenticationError",
    "BadRequestError",
    "CreateOutcomeUnknownError",
    "DownloadError",
    "DurationSeconds",
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
    "LeaseLostError",
    "MalformedResponseError",
    "MissingAPIKeyError",
    "NotFoundError",
    "OutputExistsError",
    "PermissionDeniedError",
    "PollPolicy",
    "RateLimitError",
    "ReconcileResult",
    "ResumeResult",
    "RetryPolicy",
    "UnprocessableEntityError",
    "VeoClient",
    "VeoError",
    "WaitUpdate",
    "__version__",
]
