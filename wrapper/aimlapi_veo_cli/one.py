"""The commands about one generation: generate, status, wait, download, and `models` (what
each model takes). Each parses its options, calls one library method with the views as hooks,
and prints the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aimlapi_veo.models import LEGACY_MODEL, request
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
    prompt: Annotated[str, typer.Option(help="what should happen in the video")],
    model: Annotated[
        str, typer.Option(help="the Veo model; `veo models` lists each with what it takes")
    ] = LEGACY_MODEL,
    image: Annotated[
        str | None,
        typer.Option(help="first frame: a JPEG/PNG/WebP file or an URL", show_default=False),
    ] = None,
    tail_image: Annotated[
        str | None,
        typer.Option(
            "--tail-image",
            "--last-image",
            help="last frame: a file or an URL (first-and-last-frame, lite, Veo2 i2v)",
            show_default=False,
        ),
    ] = None,
    reference_image: Annotated[
        list[str] | None,
        typer.Option(help="a reference image, repeatable (reference-to-video)", show_default=False),
    ] = None,
    video: Annotated[
        str | None,
        typer.Option(
            help="the MP4 to extend: a file or an URL (extend models)", show_default=False
        ),
    ] = None,
    duration: Annotated[
        int | None,
        typer.Option(help="seconds of video, as the model allows [default: the API's]"),
    ] = None,
    aspect_ratio: Annotated[
        str | None, typer.Option(help="16:9 or 9:16 (extend: also auto)", show_default=False)
    ] = None,
    resolution: Annotated[
        str | None,
        typer.Option(help="720p/1080p, spelled as the model spells it (Veo 3: 720P/1080P)"),
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
    generate_audio: Annotated[
        bool | None,
        typer.Option("--audio/--no-audio", help="with sound (Veo 3 and later)", show_default=False),
    ] = None,
    auto_fix: Annotated[
        bool | None,
        typer.Option("--auto-fix/--no-auto-fix", help="let the API rewrite a refused prompt"),
    ] = None,
    provider: Annotated[
        str | None, typer.Option(help="google, fal or auto (Veo 3.1)", show_default=False)
    ] = None,
    person_generation: Annotated[
        str | None, typer.Option(help="allow_adult or dont_allow (lite 001)", show_default=False)
    ] = None,
    output: OutputOption = None,
    overwrite: OverwriteOption = False,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="print the id and return; `veo wait` finishes it")
    ] = False,
    timeout: TimeoutOption = None,
    poll_interval: PollOption = None,
) -> None:
    """Submit a prompt (and the model's images or video) (paid), wait, and save the MP4.
    Each model takes only its own options: `veo models` says which, with their values."""
    from aimlapi_veo.checks import check_output  # noqa: PLC0415 (start-up time)
    from aimlapi_veo_cli.clients import open_client  # noqa: PLC0415
    from aimlapi_veo_cli.views import DownloadView, WaitView, say  # noqa: PLC0415

    # The CLI's values go through the library's run-time checks (InvalidInputError, exit 2).
    with guarded(_session(ctx)):
        body = request(
            model,
            prompt,
            image=image,
            last_image=tail_image,
            images=reference_image or None,
            video=video,
            duration=duration,
            aspect_ratio=aspect_ratio,
            resolution=resolution,
            seed=seed,
            negative_prompt=negative_prompt,
            enhance_prompt=False if no_enhance_prompt else None,
            generate_audio=generate_audio,
            auto_fix=auto_fix,
            provider=provider,
            person_generation=person_generation,
        )
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
            job = client.create(body)
            created(job)
            if client.journal is not None:  # so that `veo wait` saves it where asked now
                client.journal.set_output(job.id, client.output_path(job.id, output))
            return
        with WaitView() as view, DownloadView() as bar:
            path = client.generate(
                body,
                output=output,
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


def models(
    as_json: Annotated[bool, typer.Option("--json", help="each model's schema as JSON")] = False,
) -> None:
    """List the Veo models: what each needs, and the values each option takes (from the spec)."""
    from aimlapi_veo.models import models as known  # noqa: PLC0415 (start-up time)

    if as_json:
        print(json.dumps({m.id: m.schema for m in known().values()}, indent=2))
        return
    for model in known().values():
        print(f"{model.id}  (aimlapi_veo_api.models.{model.class_name})")
        print(f"  needs: {', '.join(model.required)}")
        for name, prop in model.fields.items():
            if name not in model.required:
                print(f"  {name}: {_values(prop)}")


def _values(prop: dict[str, Any]) -> str:
    shown = " | ".join(map(str, prop["enum"])) if "enum" in prop else prop.get("type", "any")
    default = prop.get("x-api-default")
    return shown if default is None else f"{shown}  (API default: {default})"
