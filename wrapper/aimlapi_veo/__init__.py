"""aimlapi-veo: submit, poll and download Veo2 image-to-video generations."""

__version__ = "0.1.0"
