"""`veo sandbox`: serve the local imitation of the API (the "sandbox" extra)."""

from __future__ import annotations

import contextlib
from typing import Annotated, Literal

import typer

from aimlapi_veo_cli.common import guarded, say
from aimlapi_veo_cli.errors import EXIT_ERROR

ProfileName = Literal["spec", "live"]


def sandbox(
    ctx: typer.Context,
    *,
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="0 picks a free port")] = 8000,
    profile: Annotated[
        ProfileName, typer.Option(help="imitate the spec, or what the live API does")
    ] = "spec",
    generation_seconds: Annotated[
        float, typer.Option(min=0, help="time from create to a finished video")
    ] = 5.0,
    fault_rate: Annotated[
        float, typer.Option(min=0, max=1, help="chance of a 5xx or a dropped connection")
    ] = 0.0,
    url_ttl: Annotated[float, typer.Option(min=0.001, help="lifetime of video links (s)")] = 600.0,
    api_key: Annotated[str, typer.Option(help="the key clients must send")] = "sandbox-key",
) -> None:
    """Serve a local sandbox of the API until Ctrl-C; prints its base URL and key."""
    with guarded(ctx):
        try:
            from aimlapi_veo_sandbox import SandboxConfig, serve  # noqa: PLC0415 (optional extra)
        except ImportError as exc:
            say(
                f"error: the sandbox needs the 'sandbox' extra ({exc.name} is missing): "
                "pip install 'aimlapi-veo[sandbox]'",
                "bold red",
            )
            raise typer.Exit(EXIT_ERROR) from None
        config = SandboxConfig(
            api_key=api_key,
            profile=profile,
            generation_seconds=generation_seconds,
            fault_rate=fault_rate,
            url_ttl=url_ttl,
        )
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a sandbox stops
            serve(config, host, port)
