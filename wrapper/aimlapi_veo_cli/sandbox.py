"""`veo sandbox`: the sandbox's own command line (`python -m aimlapi_veo_sandbox`), reached
through `veo`. Every argument is handed over untouched, so the two always take the same
options (the sandbox alone defines them), and both say the same when its extra is missing."""

from __future__ import annotations

import typer

# The sandbox parses everything, --help included.
PASS_THROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


def sandbox(ctx: typer.Context) -> None:
    """Serve a local imitation of the API until Ctrl-C (`veo sandbox --help` for its options)."""
    from aimlapi_veo_sandbox import run  # noqa: PLC0415 (start-up time)

    raise typer.Exit(run(ctx.args, prog="veo sandbox"))
