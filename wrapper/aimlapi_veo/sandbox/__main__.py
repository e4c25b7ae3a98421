"""`python -m aimlapi_veo.sandbox --help`"""

from .cli import main

raise SystemExit(main())
