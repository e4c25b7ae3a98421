"""`python -m aimlapi_veo_cli`: the `veo` command line."""

from aimlapi_veo_cli import main

if __name__ == "__main__":
    main()
