"""The commands about one generation: generate, status, wait, download."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from aimlapi_veo.checks import check_output
from aimlapi_veo.generation import Generation
from aimlapi_veo_cli.common import (
    BaseUrlOption,
    Connection,
    JournalOption,
    PollOption,
    TimeoutOption,
    guarded,
    open_client,
    say,
)
from aimlapi_veo_cli.follow import (
    downloadable,
    finish,
    remember_output,
    save,
)

IdArgument = Annotated[str, typer.Argument(help="generation id, as printed by `veo generate`")]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="where to save the MP4 [default: <id>.mp4]", show_default=False
    ),
]


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
    seed: Annotated[int | None, typer.Option(show_default=False)] = None,
    negative_prompt: Annotated[
        str | None, typer.Option(help="what the video should not show", show_default=False)
    ] = None,
    no_enhance_prompt: Annotated[
        bool, typer.Option("--no-enhance-prompt", help="send the prompt as written")
    ] = False,
    output: OutputOption = None,
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="print the id and return; `veo wait` finishes it")
    ] = False,
    timeout: TimeoutOption = None,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
    poll_interval: PollOption = None,
) -> None:
    """Submit an image and a prompt (paid), wait, and save the MP4."""
    options: dict[str, Any] = {
        "tail_image": tail_image,
        "duration": duration,
        "aspect_ratio": aspect_ratio,
        "seed": seed,
        "negative_prompt": negative_prompt,
        "enhance_prompt": False if no_enhance_prompt else None,
    }
    options = {name: value for name, value in options.items() if value is not None}
    with (
        guarded(ctx) as session,
        open_client(Connection(base_url, journal, poll_interval)) as client,
    ):
        if output is not None:  # checked before paying (H4: minimal fix until H6's rework)
            check_output(output, overwrite=False)
        created = client.create(image, prompt, **options)
        session.generation_id = created.id
        target = client.output_path(created.id, output)
        remember_output(client, created.id, target)
        print(created.id, flush=True)
        if no_wait:
            say(f"submitted; finish it with: veo wait {created.id}")
            return
        say(f"submitted {created.id}; if this stops, finish it with: veo wait {created.id}")
        print(finish(client, created.id, target, timeout), flush=True)


def wait(
    ctx: typer.Context,
    *,
    generation_id: IdArgument,
    output: OutputOption = None,
    timeout: TimeoutOption = None,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
    poll_interval: PollOption = None,
) -> None:
    """Wait for a generation to finish and save its MP4."""
    with (
        guarded(ctx) as session,
        open_client(Connection(base_url, journal, poll_interval)) as client,
    ):
        session.generation_id = generation_id
        print(finish(client, generation_id, output, timeout), flush=True)


def download(
    ctx: typer.Context,
    *,
    generation_id: IdArgument,
    output: OutputOption = None,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
) -> None:
    """Save the MP4 of a completed generation (an expired link is refreshed)."""
    with guarded(ctx) as session, open_client(Connection(base_url, journal)) as client:
        session.generation_id = generation_id
        target = client.output_path(generation_id, output)
        print(save(client, downloadable(client, generation_id), target), flush=True)


def status(
    ctx: typer.Context,
    *,
    generation_id: IdArgument,
    as_json: Annotated[bool, typer.Option("--json", help="the API's answer as JSON")] = False,
    base_url: BaseUrlOption = None,
    journal: JournalOption = None,
) -> None:
    """Show a generation's current state (one request; nothing is paid)."""
    with guarded(ctx) as session, open_client(Connection(base_url, journal)) as client:
        session.generation_id = generation_id
        generation = client.get(generation_id)
        if as_json:
            print(json.dumps(dict(generation.raw), indent=2, sort_keys=True))
            return
        for name, value in describe(generation):
            print(f"{name + ':':<10} {value}")


def describe(generation: Generation) -> list[tuple[str, str]]:
    """The facts worth showing, leaving out what the API did not say."""
    error = ": ".join(p for p in (generation.error_name, generation.error_message) if p)
    usage = generation.credits_used if generation.credits_used is not None else None
    facts = [
        ("id", generation.id),
        ("status", generation.status.value),
        ("duration", f"{generation.duration:g} s" if generation.duration else ""),
        ("size", f"{generation.file_size:,} bytes" if generation.file_size else ""),
        ("video", generation.video_url or ""),
        ("error", error),
        ("credits", f"{usage:g}" if usage is not None else ""),
        ("tokens", f"{generation.tokens_used:g}" if generation.tokens_used is not None else ""),
    ]
    return [(name, value) for name, value in facts if value]
