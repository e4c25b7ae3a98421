"""Contains all the data models used in inputs/outputs"""

from .aspect_ratio import AspectRatio
from .create_generation_request import CreateGenerationRequest
from .duration import Duration
from .error_response import ErrorResponse
from .generation import Generation
from .generation_error import GenerationError
from .generation_meta import GenerationMeta
from .generation_status import GenerationStatus
from .generation_usage import GenerationUsage
from .generation_video import GenerationVideo
from .model import Model

__all__ = (
    "AspectRatio",
    "CreateGenerationRequest",
    "Duration",
    "ErrorResponse",
    "Generation",
    "GenerationError",
    "GenerationMeta",
    "GenerationStatus",
    "GenerationUsage",
    "GenerationVideo",
    "Model",
)
