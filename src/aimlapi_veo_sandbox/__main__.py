"""`python -m aimlapi_veo_sandbox --help`"""

from .cli import main

raise SystemExit(main())
