"""Contains all the data models used in inputs/outputs"""

from .error_response import ErrorResponse
from .generation import Generation
from .generation_error import GenerationError
from .generation_meta import GenerationMeta
from .generation_status import GenerationStatus
from .generation_usage import GenerationUsage
from .generation_video import GenerationVideo
from .list_logs_response_200 import ListLogsResponse200
from .list_logs_response_200_data_item import ListLogsResponse200DataItem
from .list_logs_response_200_data_item_cost import ListLogsResponse200DataItemCost
from .list_logs_response_200_data_item_origin import ListLogsResponse200DataItemOrigin
from .list_logs_response_200_data_item_status import ListLogsResponse200DataItemStatus
from .list_logs_response_200_data_item_tokens import ListLogsResponse200DataItemTokens
from .list_logs_response_200_pagination import ListLogsResponse200Pagination
from .list_logs_status import ListLogsStatus
from .veo_2 import Veo2
from .veo_2_aspect_ratio import Veo2AspectRatio
from .veo_2_duration import Veo2Duration
from .veo_2_image_to_video import Veo2ImageToVideo
from .veo_2_image_to_video_aspect_ratio import Veo2ImageToVideoAspectRatio
from .veo_2_image_to_video_duration import Veo2ImageToVideoDuration
from .veo_2_image_to_video_model import Veo2ImageToVideoModel
from .veo_2_model import Veo2Model
from .veo_3 import Veo3
from .veo_3_aspect_ratio import Veo3AspectRatio
from .veo_3_duration import Veo3Duration
from .veo_3_model import Veo3Model
from .veo_3_resolution import Veo3Resolution
from .veo_30_fast import Veo30Fast
from .veo_30_fast_aspect_ratio import Veo30FastAspectRatio
from .veo_30_fast_duration import Veo30FastDuration
from .veo_30_fast_model import Veo30FastModel
from .veo_30_fast_resolution import Veo30FastResolution
from .veo_30i2v import Veo30I2V
from .veo_30i2v_aspect_ratio import Veo30I2VAspectRatio
from .veo_30i2v_duration import Veo30I2VDuration
from .veo_30i2v_fast import Veo30I2VFast
from .veo_30i2v_fast_aspect_ratio import Veo30I2VFastAspectRatio
from .veo_30i2v_fast_duration import Veo30I2VFastDuration
from .veo_30i2v_fast_model import Veo30I2VFastModel
from .veo_30i2v_fast_resolution import Veo30I2VFastResolution
from .veo_30i2v_model import Veo30I2VModel
from .veo_30i2v_resolution import Veo30I2VResolution
from .veo_31_extend_video import Veo31ExtendVideo
from .veo_31_extend_video_aspect_ratio import Veo31ExtendVideoAspectRatio
from .veo_31_extend_video_duration import Veo31ExtendVideoDuration
from .veo_31_extend_video_model import Veo31ExtendVideoModel
from .veo_31_extend_video_provider import Veo31ExtendVideoProvider
from .veo_31_extend_video_resolution import Veo31ExtendVideoResolution
from .veo_31_fast_extend_video import Veo31FastExtendVideo
from .veo_31_fast_extend_video_aspect_ratio import Veo31FastExtendVideoAspectRatio
from .veo_31_fast_extend_video_duration import Veo31FastExtendVideoDuration
from .veo_31_fast_extend_video_model import Veo31FastExtendVideoModel
from .veo_31_fast_extend_video_provider import Veo31FastExtendVideoProvider
from .veo_31_fast_extend_video_resolution import Veo31FastExtendVideoResolution
from .veo_31_first_last_image_to_video import Veo31FirstLastImageToVideo
from .veo_31_first_last_image_to_video_aspect_ratio import Veo31FirstLastImageToVideoAspectRatio
from .veo_31_first_last_image_to_video_duration import Veo31FirstLastImageToVideoDuration
from .veo_31_first_last_image_to_video_fast import Veo31FirstLastImageToVideoFast
from .veo_31_first_last_image_to_video_fast_aspect_ratio import (
    Veo31FirstLastImageToVideoFastAspectRatio,
)
from .veo_31_first_last_image_to_video_fast_duration import Veo31FirstLastImageToVideoFastDuration
from .veo_31_first_last_image_to_video_fast_model import Veo31FirstLastImageToVideoFastModel
from .veo_31_first_last_image_to_video_fast_provider import Veo31FirstLastImageToVideoFastProvider
from .veo_31_first_last_image_to_video_fast_resolution import (
    Veo31FirstLastImageToVideoFastResolution,
)
from .veo_31_first_last_image_to_video_model import Veo31FirstLastImageToVideoModel
from .veo_31_first_last_image_to_video_provider import Veo31FirstLastImageToVideoProvider
from .veo_31_first_last_image_to_video_resolution import Veo31FirstLastImageToVideoResolution
from .veo_31_lite_generate_001 import Veo31LiteGenerate001
from .veo_31_lite_generate_001_aspect_ratio import Veo31LiteGenerate001AspectRatio
from .veo_31_lite_generate_001_duration import Veo31LiteGenerate001Duration
from .veo_31_lite_generate_001_model import Veo31LiteGenerate001Model
from .veo_31_lite_generate_001_person_generation import Veo31LiteGenerate001PersonGeneration
from .veo_31_lite_generate_001_resolution import Veo31LiteGenerate001Resolution
from .veo_31_lite_generate_preview import Veo31LiteGeneratePreview
from .veo_31_lite_generate_preview_aspect_ratio import Veo31LiteGeneratePreviewAspectRatio
from .veo_31_lite_generate_preview_duration import Veo31LiteGeneratePreviewDuration
from .veo_31_lite_generate_preview_model import Veo31LiteGeneratePreviewModel
from .veo_31_lite_generate_preview_provider import Veo31LiteGeneratePreviewProvider
from .veo_31_lite_generate_preview_resolution import Veo31LiteGeneratePreviewResolution
from .veo_31_reference_to_video import Veo31ReferenceToVideo
from .veo_31_reference_to_video_duration import Veo31ReferenceToVideoDuration
from .veo_31_reference_to_video_model import Veo31ReferenceToVideoModel
from .veo_31_reference_to_video_provider import Veo31ReferenceToVideoProvider
from .veo_31_reference_to_video_resolution import Veo31ReferenceToVideoResolution
from .veo_31i2v import Veo31I2V
from .veo_31i2v_aspect_ratio import Veo31I2VAspectRatio
from .veo_31i2v_duration import Veo31I2VDuration
from .veo_31i2v_fast import Veo31I2VFast
from .veo_31i2v_fast_aspect_ratio import Veo31I2VFastAspectRatio
from .veo_31i2v_fast_duration import Veo31I2VFastDuration
from .veo_31i2v_fast_model import Veo31I2VFastModel
from .veo_31i2v_fast_provider import Veo31I2VFastProvider
from .veo_31i2v_fast_resolution import Veo31I2VFastResolution
from .veo_31i2v_model import Veo31I2VModel
from .veo_31i2v_provider import Veo31I2VProvider
from .veo_31i2v_resolution import Veo31I2VResolution
from .veo_31t2v import Veo31T2V
from .veo_31t2v_aspect_ratio import Veo31T2VAspectRatio
from .veo_31t2v_duration import Veo31T2VDuration
from .veo_31t2v_fast import Veo31T2VFast
from .veo_31t2v_fast_aspect_ratio import Veo31T2VFastAspectRatio
from .veo_31t2v_fast_duration import Veo31T2VFastDuration
from .veo_31t2v_fast_model import Veo31T2VFastModel
from .veo_31t2v_fast_provider import Veo31T2VFastProvider
from .veo_31t2v_fast_resolution import Veo31T2VFastResolution
from .veo_31t2v_model import Veo31T2VModel
from .veo_31t2v_provider import Veo31T2VProvider
from .veo_31t2v_resolution import Veo31T2VResolution

__all__ = (
    "ErrorResponse",
    "Generation",
    "GenerationError",
    "GenerationMeta",
    "GenerationStatus",
    "GenerationUsage",
    "GenerationVideo",
    "ListLogsResponse200",
    "ListLogsResponse200DataItem",
    "ListLogsResponse200DataItemCost",
    "ListLogsResponse200DataItemOrigin",
    "ListLogsResponse200DataItemStatus",
    "ListLogsResponse200DataItemTokens",
    "ListLogsResponse200Pagination",
    "ListLogsStatus",
    "Veo2",
    "Veo2AspectRatio",
    "Veo2Duration",
    "Veo2ImageToVideo",
    "Veo2ImageToVideoAspectRatio",
    "Veo2ImageToVideoDuration",
    "Veo2ImageToVideoModel",
    "Veo2Model",
    "Veo3",
    "Veo30Fast",
    "Veo30FastAspectRatio",
    "Veo30FastDuration",
    "Veo30FastModel",
    "Veo30FastResolution",
    "Veo30I2V",
    "Veo30I2VAspectRatio",
    "Veo30I2VDuration",
    "Veo30I2VFast",
    "Veo30I2VFastAspectRatio",
    "Veo30I2VFastDuration",
    "Veo30I2VFastModel",
    "Veo30I2VFastResolution",
    "Veo30I2VModel",
    "Veo30I2VResolution",
    "Veo31ExtendVideo",
    "Veo31ExtendVideoAspectRatio",
    "Veo31ExtendVideoDuration",
    "Veo31ExtendVideoModel",
    "Veo31ExtendVideoProvider",
    "Veo31ExtendVideoResolution",
    "Veo31FastExtendVideo",
    "Veo31FastExtendVideoAspectRatio",
    "Veo31FastExtendVideoDuration",
    "Veo31FastExtendVideoModel",
    "Veo31FastExtendVideoProvider",
    "Veo31FastExtendVideoResolution",
    "Veo31FirstLastImageToVideo",
    "Veo31FirstLastImageToVideoAspectRatio",
    "Veo31FirstLastImageToVideoDuration",
    "Veo31FirstLastImageToVideoFast",
    "Veo31FirstLastImageToVideoFastAspectRatio",
    "Veo31FirstLastImageToVideoFastDuration",
    "Veo31FirstLastImageToVideoFastModel",
    "Veo31FirstLastImageToVideoFastProvider",
    "Veo31FirstLastImageToVideoFastResolution",
    "Veo31FirstLastImageToVideoModel",
    "Veo31FirstLastImageToVideoProvider",
    "Veo31FirstLastImageToVideoResolution",
    "Veo31I2V",
    "Veo31I2VAspectRatio",
    "Veo31I2VDuration",
    "Veo31I2VFast",
    "Veo31I2VFastAspectRatio",
    "Veo31I2VFastDuration",
    "Veo31I2VFastModel",
    "Veo31I2VFastProvider",
    "Veo31I2VFastResolution",
    "Veo31I2VModel",
    "Veo31I2VProvider",
    "Veo31I2VResolution",
    "Veo31LiteGenerate001",
    "Veo31LiteGenerate001AspectRatio",
    "Veo31LiteGenerate001Duration",
    "Veo31LiteGenerate001Model",
    "Veo31LiteGenerate001PersonGeneration",
    "Veo31LiteGenerate001Resolution",
    "Veo31LiteGeneratePreview",
    "Veo31LiteGeneratePreviewAspectRatio",
    "Veo31LiteGeneratePreviewDuration",
    "Veo31LiteGeneratePreviewModel",
    "Veo31LiteGeneratePreviewProvider",
    "Veo31LiteGeneratePreviewResolution",
    "Veo31ReferenceToVideo",
    "Veo31ReferenceToVideoDuration",
    "Veo31ReferenceToVideoModel",
    "Veo31ReferenceToVideoProvider",
    "Veo31ReferenceToVideoResolution",
    "Veo31T2V",
    "Veo31T2VAspectRatio",
    "Veo31T2VDuration",
    "Veo31T2VFast",
    "Veo31T2VFastAspectRatio",
    "Veo31T2VFastDuration",
    "Veo31T2VFastModel",
    "Veo31T2VFastProvider",
    "Veo31T2VFastResolution",
    "Veo31T2VModel",
    "Veo31T2VProvider",
    "Veo31T2VResolution",
    "Veo3AspectRatio",
    "Veo3Duration",
    "Veo3Model",
    "Veo3Resolution",
)
