"""Lost answers against the real sandbox over loopback: a batch finds a create the API stored
(its usage log lists it), creates again only one the log proves never arrived, and stops
creating at --max-usd."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from aimlapi_veo import AsyncVeoClient, Journal
from aimlapi_veo.batch import BatchRow, BatchRunner, RowResult, read_rows
from aimlapi_veo_sandbox import SandboxConfig, run_server
from aimlapi_veo_sandbox.config import CreateFault
from aimlapi_veo_sandbox.server import RunningSandbox

pytestmark = pytest.mark.anyio


def _rows(tmp_path: Path, *prompts: str) -> list[BatchRow]:
    image = tmp_path / "frame.png"
    Image.new("RGB", (48, 32), (30, 90, 200)).save(image)
    lines = [f'{{"image": "{image}", "prompt": "{prompt}"}}' for prompt in prompts]
    (tmp_path / "rows.jsonl").write_text("\n".join(lines))
    return read_rows(tmp_path / "rows.jsonl", tmp_path / "out")


async def _batch(
    sandbox: RunningSandbox, tmp_path: Path, rows: list[BatchRow], **options: object
) -> list[RowResult]:
    journal = Journal(tmp_path / "journal.sqlite3")
    async with AsyncVeoClient(
        sandbox.api_key, base_url=sandbox.base_url, journal=journal
    ) as client:
        results = await BatchRunner(client, **options).run(rows)  # type: ignore[arg-type]
    journal.close()
    return results


def _config(*faults: CreateFault) -> SandboxConfig:
    return SandboxConfig(
        generation_seconds=0.2, video_width=32, video_height=18, create_faults=faults
    )


async def test_a_create_stored_but_unanswered_is_found_and_saved_with_one_create(
    tmp_path: Path,
) -> None:
    rows = _rows(tmp_path, "one")
    with run_server(_config("store_then_drop")) as sandbox:
        [result] = await _batch(sandbox, tmp_path, rows)
        assert result.outcome == "saved"
        assert sandbox.stats.jobs_created == 1
        assert len(sandbox.state.usage_log) == 1
    assert result.generation_id == sandbox.state.usage_log[0].inference_id


async def test_a_create_never_received_is_created_again_once_settled(tmp_path: Path) -> None:
    """Within the settle period it stays unknown; once past it the log's silence is proof,
    and the next run creates the row, once."""
    rows = _rows(tmp_path, "one")
    with run_server(_config("drop_before_body")) as sandbox:
        [early] = await _batch(sandbox, tmp_path, rows, settle=3600)
        assert early.outcome == "unknown"
        [marked] = await _batch(sandbox, tmp_path, rows, settle=0)
        assert marked.outcome == "saved"
        [again] = await _batch(sandbox, tmp_path, rows, settle=0)
        assert again.outcome == "skipped"
        assert sandbox.stats.jobs_created == 1
        assert sandbox.stats.requests["POST /v2/video/generations"] == 2


async def test_max_usd_stops_creating_once_spend_and_estimate_pass_it(tmp_path: Path) -> None:
    """The sandbox prices a 5 s video at 0.2625 USD: with 0.5 USD one row is created, the
    others are refused before anything is sent, and say why."""
    rows = _rows(tmp_path, "one", "two", "three")
    with run_server(_config()) as sandbox:
        results = await _batch(sandbox, tmp_path, rows, max_usd=0.5, concurrency=3)
        assert sorted(r.outcome for r in results) == ["over budget", "over budget", "saved"]
        assert sandbox.stats.jobs_created == 1
        refused = next(r for r in results if r.outcome == "over budget")
        assert "would pass --max-usd 0.5" in refused.detail
        more = await _batch(sandbox, tmp_path, rows, max_usd=0.6, concurrency=3)
        assert sorted(r.outcome for r in more) == ["over budget", "saved", "skipped"]
        assert sandbox.stats.jobs_created == 2
