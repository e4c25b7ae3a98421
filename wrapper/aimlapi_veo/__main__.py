"""`python -m aimlapi_veo`: the version, and where to go next (the library has no command line
of its own: that is `veo`, also `python -m aimlapi_veo_cli`)."""

from aimlapi_veo import __version__

print(  # noqa: T201 (this module's whole job is to print)
    f"aimlapi-veo {__version__}: a Python client for the AIML API's Veo2 image-to-video model.\n"
    "Library: from aimlapi_veo import VeoClient. Command line: veo --help "
    "(or python -m aimlapi_veo_cli --help)."
)
