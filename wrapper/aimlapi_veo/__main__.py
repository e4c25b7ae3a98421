"""`python -m aimlapi_veo`: the `veo` command line."""

from aimlapi_veo.cli import main

if __name__ == "__main__":
    main()
