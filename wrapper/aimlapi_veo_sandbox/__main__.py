"""`python -m aimlapi_veo_sandbox --help`"""

from . import run

raise SystemExit(run())
