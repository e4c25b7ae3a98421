"""Waiting for and saving one generation, shown to a person: shared by `generate`, `wait`,
`download` and `resume`."""

from __future__ import annotations

from pathlib import Path

from aimlapi_veo_api.models import GenerationStatus

from aimlapi_veo.client import VeoClient
from aimlapi_veo.errors import GenerationError, GenerationFailedError
from aimlapi_veo.generation import Generation
from aimlapi_veo_cli.common import say
from aimlapi_veo_cli.views import DownloadView, WaitView


def remember_output(client: VeoClient, generation_id: str, output: Path) -> None:
    """Tell the journal where the video goes, so `veo resume` puts it there."""
    if client.journal is not None:
        client.journal.set_output(generation_id, output)


def wait_for(client: VeoClient, generation_id: str, timeout: float | None) -> Generation:
    """client.wait with a live view; the expected time comes from the journal when it knows."""
    job = client.journal.get(generation_id) if client.journal else None
    window = client.expected_window(generation_id)
    view = WaitView(generation_id, job.created_at if job else None, window)
    if job is not None:
        view.status = job.status
    with view:
        return client.wait(generation_id, timeout=timeout, on_update=view.update)


def save(client: VeoClient, generation: Generation | str, output: Path) -> Path:
    """client.download with a progress bar; says where the file is."""
    with DownloadView(output) as view:
        path = client.download(generation, output, on_progress=view)
    say(f"saved {path} ({path.stat().st_size:,} bytes)", "green")
    return path


def finish(
    client: VeoClient, generation_id: str, output: Path | None, timeout: float | None
) -> Path:
    """Wait for one generation and save its video."""
    target = client.output_path(generation_id, output)
    remember_output(client, generation_id, target)
    done = wait_for(client, generation_id, timeout)
    return save(client, done, target)


def downloadable(client: VeoClient, generation_id: str) -> Generation:
    """The completed generation: as the journal last saw it when it has the link (which may
    have expired: the download then fetches a fresh one), else as the API says now."""
    job = client.journal.get(generation_id) if client.journal else None
    if job is not None and job.status == "completed" and job.video_url:
        return Generation(id=job.id, status=GenerationStatus(job.status), video_url=job.video_url)
    current = client.get(generation_id)
    status = current.status.value
    if current.failed:
        raise GenerationFailedError(current.id, status, current.error_name, current.error_message)
    if not current.succeeded:
        raise GenerationError(
            current.id,
            f"generation {current.id} is still {status}, so there is nothing to download yet: "
            f"`veo wait {current.id}` waits for it and saves it",
        )
    return current
