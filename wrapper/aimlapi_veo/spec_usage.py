"""What this wrapper reads from the API's answers and sends in its requests, per operation.

The spec diff (`make spec-diff`, `spec-check`, `spec-update`) raises a change that may break
strict clients to *breaking* when it touches one of these: the wrapper cannot download without
`video.url`, and polls on `status`. Locations are those of the diff: `requestBody.<field>`,
`parameters.<in>.<name>`, and `responses.2xx.<field>` for any success answer. A test
(tests/library/test_spec_usage.py) checks this against what `wire.py` really sends and what
`Generation.from_api` really reads, so the declaration cannot drift from the code.
"""

from __future__ import annotations

from typing import Final

SENT_BODY: Final = (
    "model",
    "prompt",
    "image_url",
    "tail_image_url",
    "duration",
    "aspect_ratio",
    "negative_prompt",
    "seed",
    "enhance_prompt",
    "last_image_url",
    "image_urls",
    "video_url",
    "resolution",
    "generate_audio",
    "auto_fix",
    "provider",
    "person_generation",
)
SENT_QUERY: Final = ("generation_id",)
READ: Final = (
    "id",
    "status",
    "video.url",
    "video.duration",
    "video.content_type",
    "video.file_name",
    "video.file_size",
    "duration",
    "error.name",
    "error.message",
    "meta.usage.credits_used",
    "meta.usage.tokens_used",
)
_ANSWER: Final = frozenset(f"responses.2xx.{field}" for field in READ)

USAGE: Final[dict[str, frozenset[str]]] = {
    "POST": frozenset(f"requestBody.{field}" for field in SENT_BODY) | _ANSWER,  # create
    "GET": frozenset(f"parameters.query.{name}" for name in SENT_QUERY) | _ANSWER,  # fetch
}
"""HTTP method -> every location the wrapper sends or reads in that operation. The spec has one
operation per method (create is the POST, fetch the GET), so the method names the operation
through upstream's renames and moves, which an operationId does not."""
