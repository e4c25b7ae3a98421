"""The commands about one generation: generate, status, wait, download. Each parses its
options, calls one library method with the views as hooks, and prints the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aimlapi_veo_cli.errors import Session, guarded
from aimlapi_veo_cli.options import (
    IdArgument,
    OutputOption,
    OverwriteOption,
    PollOption,
    TimeoutOption,
    common,
    settings,
)

if TYPE_CHECKING:
    from aimlapi_veo.generation import Generation


def _session(ctx: typer.Context, generation_id: str | None = None) -> Session:
    return Session(debug=settings(ctx).debug, generation_id=generation_id)


def _saved(path: Path) -> None:
    from aimlapi_veo_cli.views import say  # noqa: PLC0415 (start-up time)

    say(f"saved {path} ({path.stat().st_size:,} bytes)", "green")
    print(path, flush=True)


@common
def generate(
    ctx: typer.Context,
    *,
    image: Annotated[str, typer.Option(help="first frame: a JPEG/PNG/WebP file or an URL")],
    prompt: Annotated[str, typer.Option(help="what should happen in the video")],
    tail_image: Annotated[
        str | None, typer.Option(help="last frame: a file or an URL", show_default=False)
    ] = None,
    duration: Annotated[
        int | None, typer.Option(help="seconds of video: 5-8 [default: 5]", show_default=False)
    ] = None,
    aspect_ratio: Annotated[
        str | None, typer.Option(help="16:9 or 9:16", show_default=False)
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(help="a whole number: the same seed and inputs give a similar video"),
    ] = None,
    negative_prompt: Annotated[
        str | None, typer.Option(help="what the video should not show", show_default=False)
    ] = None,
    no_enhance_prompt: Annotated[
        bool, typer.Option("--no-enhance-prompt", help="send the prompt as written")
    ] = False,
    output: OutputOption = None,
    overwrite: OverwriteOption = False,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="print the id and return; `veo wait` finishes it")
    ] = False,
    timeout: TimeoutOption = None,
    poll_interval: PollOption = None,
) -> None:
    """Submit an image and a prompt (paid), wait, and save the MP4."""
    from aimlapi_veo.checks import check_output  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415
    from aimlapi_veo_cli.views import DownloadView, WaitView, say  # noqa: PLC0415

    # The CLI's values go through the library's run-time checks (InvalidInputError, exit 2).
    request: dict[str, Any] = {
        "tail_image": tail_image,
        "duration": duration,
        "aspect_ratio": aspect_ratio,
        "seed": seed,
        "negative_prompt": negative_prompt,
        "enhance_prompt": False if no_enhance_prompt else None,
    }
    with (
        guarded(_session(ctx)) as session,
        open_client(settings(ctx), session, poll_interval) as client,
    ):

        def created(generation: Generation) -> None:
            session.generation_id = generation.id
            print(generation.id, flush=True)
            say(
                f"submitted {generation.id}; if this stops, finish it with: veo wait {generation.id}"
            )

        if no_wait:
            if output is not None:  # the same check generate() makes, before the paid create
                check_output(output, overwrite=overwrite)
            job = client.create(image, prompt, **request)
            created(job)
            if client.journal is not None:  # so that `veo wait` saves it where asked now
                client.journal.set_output(job.id, client.output_path(job.id, output))
            return
        with WaitView() as view, DownloadView() as bar:
            path = client.generate(
                image,
                prompt,
                output,
                **request,
                overwrite=overwrite,
                timeout=timeout,
                on_created=created,
                on_update=view,
                on_progress=bar,
            )
        _saved(path)


@common
def wait(
    ctx: typer.Context,
    *,
    generation_id: IdArgument,
    output: OutputOption = None,
    overwrite: OverwriteOption = False,
    timeout: TimeoutOption = None,
    poll_interval: PollOption = None,
) -> None:
    """Wait for a generation to finish and save its MP4."""
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.views import DownloadView, WaitView  # noqa: PLC0415

    with (
        guarded(_session(ctx, generation_id)) as session,
        open_client(settings(ctx), session, poll_interval) as client,
        WaitView() as view,
        DownloadView() as bar,
    ):
        path = client.finish(
            generation_id,
            output,
            timeout=timeout,
            overwrite=overwrite,
            on_update=view,
            on_progress=bar,
        )
    _saved(path)


@common
def download(
    ctx: typer.Context,
    *,
    generation_id: IdArgument,
    output: OutputOption = None,
    overwrite: OverwriteOption = False,
) -> None:
    """Save the MP4 of a completed generation (an expired link is refreshed)."""
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.views import DownloadView  # noqa: PLC0415

    with (
        guarded(_session(ctx, generation_id)) as session,
        open_client(settings(ctx), session) as client,
        DownloadView() as bar,
    ):
        path = client.download(generation_id, output, overwrite=overwrite, on_progress=bar)
    _saved(path)


@common
def status(
    ctx: typer.Context,
    *,
    generation_id: IdArgument,
    as_json: Annotated[bool, typer.Option("--json", help="the API's answer as JSON")] = False,
) -> None:
    """Show a generation's current state (one request; nothing is paid)."""
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.views import generation_facts  # noqa: PLC0415

    with (
        guarded(_session(ctx, generation_id)) as session,
        open_client(settings(ctx), session) as client,
    ):
        generation = client.get(generation_id)
    if as_json:
        print(json.dumps(dict(generation.raw), indent=2, sort_keys=True))
        return
    for name, value in generation_facts(generation):
        print(f"{name + ':':<10} {value}")
