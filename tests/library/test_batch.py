"""batch.py: reading rows into stable keys, and the runner against an in-process sandbox whose
clock moves only when the client sleeps (so waits take no time)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from aimlapi_veo import AsyncVeoClient, InvalidInputError, Journal
from aimlapi_veo.batch import BatchRow, BatchRunner, RowResult, read_rows
from aimlapi_veo_sandbox import SandboxConfig, create_app
from aimlapi_veo_sandbox.stats import SandboxStats

KEY = "sk-batch-test-0c4e"


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "frame.png"
    path.parent.mkdir()
    Image.new("RGB", (48, 32), (200, 40, 40)).save(path)
    return path


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


# reading rows -----------------------------------------------------------------------------------


def test_csv_and_jsonl_rows_with_the_same_content_get_the_same_key(
    tmp_path: Path, image: Path
) -> None:
    """Key and default output come from the content, not from how the file spells it."""
    jsonl = write(tmp_path, "a.jsonl", '{"image": "frame.png", "prompt": "Hi there", "seed": 4}\n')
    csv = write(tmp_path, "a.csv", "prompt,image,seed,duration\nHi there,frame.png,4,\n")
    [from_json], [from_csv] = read_rows(jsonl, tmp_path / "out"), read_rows(csv, tmp_path / "out")
    assert from_json == from_csv
    assert from_json.image == str(image)  # relative to the batch file's folder
    assert from_json.options == {"seed": 4}
    assert from_json.key.startswith("batch:")
    assert len(from_json.key) == len("batch:") + 16
    assert from_json.output.parent == (tmp_path / "out").absolute()
    assert from_json.output.name.startswith("hi-there-")


def test_image_urls_are_read_as_urls_not_joined_to_the_batch_files_folder(
    tmp_path: Path, image: Path
) -> None:
    """A file:// URL names its file; another scheme is refused by name before any request."""
    rows = write(tmp_path, "a.jsonl", json.dumps({"image": image.as_uri(), "prompt": "Hi"}) + "\n")
    assert read_rows(rows, tmp_path / "out")[0].image == image.as_uri()
    ftp = write(
        tmp_path, "b.jsonl", json.dumps({"image": "ftp://e.com/a.png", "prompt": "Hi"}) + "\n"
    )
    with pytest.raises(InvalidInputError, match="row 1: image URLs with ftp:// are not supported"):
        read_rows(ftp, tmp_path / "out")


def test_a_row_keeps_its_key_when_rows_are_added_around_it(tmp_path: Path, image: Path) -> None:
    """Keys do not depend on position, so editing the file never re-creates a finished row."""
    before = write(tmp_path, "b.jsonl", '{"image": "frame.png", "prompt": "two"}\n')
    after = write(
        tmp_path,
        "c.jsonl",
        '{"image": "frame.png", "prompt": "one"}\n\n{"image": "frame.png", "prompt": "two"}\n',
    )
    [row] = read_rows(before, tmp_path)
    rows = read_rows(after, tmp_path)
    assert (rows[1].key, rows[1].output) == (row.key, row.output)
    assert rows[1].number == 2
    assert rows[0].key != row.key


def test_the_output_folder_is_not_part_of_the_key(tmp_path: Path, image: Path) -> None:
    """Rerunning a batch into another folder must find the rows' jobs, not buy them again."""
    text = '{"image": "frame.png", "prompt": "p"}\n{"image": "frame.png", "prompt": "q", "output": "q.mp4"}\n'
    source = write(tmp_path, "k.jsonl", text)
    here, there = read_rows(source, tmp_path / "a"), read_rows(source, tmp_path / "b")
    assert [row.key for row in here] == [row.key for row in there]
    assert here[1].output == (tmp_path / "a" / "q.mp4").absolute()


@pytest.mark.parametrize("name", ["../x.mp4", "../../x.mp4", "/tmp/x.mp4", "sub/../../x.mp4", "."])
def test_a_row_output_must_stay_inside_the_output_folder(
    tmp_path: Path, image: Path, name: str
) -> None:
    text = json.dumps({"image": "frame.png", "prompt": "p", "output": name}) + "\n"
    with pytest.raises(InvalidInputError, match="inside the output folder"):
        read_rows(write(tmp_path, "o.jsonl", text), tmp_path / "out")


def test_changing_a_row_or_its_output_changes_its_key(tmp_path: Path, image: Path) -> None:
    text = (
        '{"image": "frame.png", "prompt": "p"}\n{"image": "frame.png", "prompt": "p", "seed": 1}\n'
    )
    plain, seeded = read_rows(write(tmp_path, "d.jsonl", text), tmp_path)
    named = read_rows(
        write(tmp_path, "e.jsonl", '{"image": "frame.png", "prompt": "p", "output": "x.mp4"}\n'),
        tmp_path,
    )[0]
    assert len({plain.key, seeded.key, named.key}) == 3
    assert named.output == tmp_path / "x.mp4"


#: (the batch file's name, its text, what the refusal says)
BAD_ROWS = {
    "unknown column": ("f.jsonl", '{"image": "frame.png", "promt": "p"}\n',
                       "row 1: unknown column(s) ['promt']"),
    "no prompt": ("f.jsonl", '{"image": "frame.png"}\n', "row 1: prompt is required"),
    "no image": ("f.csv", "image,prompt\n,p\n", "row 1: image is required"),
    "duration not a number": ("f.csv", "image,prompt,duration\nframe.png,p,five\n",
                              "duration must be a whole number"),
    "duration not allowed": ("f.jsonl", '{"image": "frame.png", "prompt": "p", "duration": 3}\n',
                             "row 1: duration"),
    "image missing": ("f.jsonl", '{"image": "gone.png", "prompt": "p"}\n', "row 1: image file"),
    "bad JSON line": ("f.jsonl", '{"image": "frame.png", "prompt": "p"}\nnot json\n',
                      "f.jsonl:2: not JSON"),
    "JSON not an object": ("f.jsonl", "[1, 2]\n", "f.jsonl:1: expected a JSON object"),
    "other suffix": ("f.txt", "image,prompt\n", "give a .jsonl or .csv file"),
    "same output twice": ("f.csv", "image,prompt\nframe.png,same\nframe.png,same\n",
                          "rows 1 and 2 would both write"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_ROWS)
def test_bad_rows_are_refused_before_anything_is_sent(
    tmp_path: Path, image: Path, case: str
) -> None:
    name, text, complaint = BAD_ROWS[case]
    with pytest.raises(InvalidInputError, match=re.escape(complaint)):
        read_rows(write(tmp_path, name, text), tmp_path / "out")


def test_a_missing_batch_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        read_rows(tmp_path / "nope.csv", tmp_path)


# running rows -----------------------------------------------------------------------------------


@dataclass
class FakeTime:
    """One clock for the sandbox, the client and the journal; sleeping moves it."""

    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@dataclass
class Rig:
    client: AsyncVeoClient
    stats: SandboxStats
    tmp_path: Path
    events: list[tuple[int, str]] = field(default_factory=list)

    def runner(self, **options: Any) -> BatchRunner:
        return BatchRunner(
            self.client, on_event=lambda row, m: self.events.append((row.number, m)), **options
        )

    def rows(self, *prompts: str) -> list[BatchRow]:
        image = self.tmp_path / "in" / "frame.png"
        lines = [f'{{"image": "{image}", "prompt": "{prompt}"}}' for prompt in prompts]
        return read_rows(write(self.tmp_path, "rows.jsonl", "\n".join(lines)), self.tmp_path / "v")

    async def run(self, rows: list[BatchRow], **options: Any) -> list[RowResult]:
        return await self.runner(**options).run(rows)


@pytest.fixture
async def rig(tmp_path: Path, image: Path) -> AsyncIterator[Rig]:
    time = FakeTime()
    config = SandboxConfig(api_key=KEY, clock=time, generation_seconds=30, seed=1, fps=4)
    app = create_app(config)
    journal = Journal(tmp_path / "journal.sqlite3", clock=time)
    client = AsyncVeoClient(
        KEY,
        base_url="http://sandbox.test",
        transport=httpx.ASGITransport(app=app),
        journal=journal,
        sleep=time.sleep,
        clock=time,
    )
    yield Rig(client, app.state.sandbox.stats, tmp_path)
    await client.close()
    journal.close()
    app.state.sandbox.close()


@pytest.mark.anyio
async def test_every_row_is_saved_and_a_rerun_sends_nothing(rig: Rig) -> None:
    rows = rig.rows("one", "two", "three")
    results = await rig.run(rows, concurrency=2)
    assert [r.outcome for r in results] == ["saved"] * 3
    assert [r.path for r in results] == [row.output for row in rows]
    assert all(row.output.stat().st_size > 0 for row in rows)
    assert rig.stats.jobs_created == 3
    requests = sum(rig.stats.requests.values())
    again = await rig.run(rows)
    assert [r.outcome for r in again] == ["skipped"] * 3
    assert [r.generation_id for r in again] == [r.generation_id for r in results]
    assert sum(rig.stats.requests.values()) == requests


@pytest.mark.anyio
async def test_a_row_already_created_is_waited_for_not_created_again(rig: Rig) -> None:
    """What an interrupted run leaves behind (an id in the journal) is finished, not re-bought."""
    [row] = rig.rows("one")
    created = await rig.client.create(row.image, row.prompt, label=row.key)
    [result] = await rig.run([row])
    assert (result.outcome, result.generation_id) == ("saved", created.id)
    assert rig.stats.jobs_created == 1
    assert (1, f"resuming {created.id} (queued)") in rig.events


@pytest.mark.anyio
async def test_a_saved_row_whose_file_is_gone_is_downloaded_again(rig: Rig) -> None:
    [row] = rig.rows("one")
    await rig.run([row])
    row.output.unlink()
    [result] = await rig.run([row])
    assert result.outcome == "saved"
    assert row.output.exists()
    assert rig.stats.jobs_created == 1


@pytest.mark.anyio
async def test_a_failed_row_is_submitted_again_only_when_asked(rig: Rig) -> None:
    rows = rig.rows("fine", "please FAIL")
    first = await rig.run(rows)
    assert [r.outcome for r in first] == ["saved", "failed"]
    assert first[1].generation_id is not None
    second = await rig.run(rows)
    assert [r.outcome for r in second] == ["skipped", "failed"]
    assert rig.stats.jobs_created == 2
    third = await rig.run(rows, retry_failed=True)
    assert [r.outcome for r in third] == ["skipped", "failed"]
    assert third[1].generation_id != first[1].generation_id
    assert rig.stats.jobs_created == 3


@pytest.mark.anyio
async def test_an_existing_output_without_a_job_is_left_alone(rig: Rig) -> None:
    [row] = rig.rows("one")
    row.output.parent.mkdir(parents=True)
    row.output.write_bytes(b"mine")
    [result] = await rig.run([row])
    assert result.outcome == "skipped"
    assert row.output.read_bytes() == b"mine"
    assert sum(rig.stats.requests.values()) == 0


@pytest.mark.anyio
async def test_a_timed_out_row_keeps_its_id_and_a_rerun_finishes_it(rig: Rig) -> None:
    [row] = rig.rows("one")
    [late] = await rig.run([row], timeout=5)
    assert late.outcome == "timed out"
    assert late.generation_id is not None
    [done] = await rig.run([row])
    assert (done.outcome, done.generation_id) == ("saved", late.generation_id)
    assert rig.stats.jobs_created == 1


@pytest.mark.anyio
async def test_concurrency_one_runs_rows_one_after_another(rig: Rig) -> None:
    await rig.run(rig.rows("one", "two"), concurrency=1)
    order = [(number, message.split()[0]) for number, message in rig.events]
    assert order.index((1, "saved")) < order.index((2, "created"))


@pytest.mark.anyio
async def test_the_runner_needs_a_journal_and_a_positive_concurrency(rig: Rig) -> None:
    with pytest.raises(InvalidInputError, match="concurrency"):
        rig.runner(concurrency=0)
    async with AsyncVeoClient(KEY, journal=False) as bare:
        with pytest.raises(InvalidInputError, match="journal"):
            BatchRunner(bare)


@pytest.mark.anyio
async def test_a_row_whose_create_outcome_is_unknown_is_not_created_again(rig: Rig) -> None:
    """An intent left by a crashed run (its owner is gone) makes the row "unknown"; only
    retry_unknown creates it again."""
    [row] = rig.rows("one")
    rig.client.journal.begin_create(
        rig.client.base_url, {"duration": 5}, label=row.key, owner="gone:1:x", ttl=-1
    )
    [result] = await rig.run([row])
    assert result.outcome == "unknown"
    assert "retry-unknown" in result.detail
    assert rig.stats.jobs_created == 0
    [retried] = await rig.run([row], retry_unknown=True)
    assert retried.outcome == "saved"
    assert rig.stats.jobs_created == 1
    [again] = await rig.run([row])
    assert again.outcome == "skipped"
    assert rig.stats.jobs_created == 1


@pytest.mark.anyio
async def test_a_row_whose_create_never_reached_the_api_is_created_again(rig: Rig) -> None:
    """An unknown create that reconciliation proved never arrived ("not_received") was not
    paid for: the batch creates the row, without --retry-unknown."""
    [row] = rig.rows("one")
    journal = rig.client.journal
    intent = journal.begin_create(rig.client.base_url, {}, label=row.key, owner="gone:1:x", ttl=-1)
    journal.mark_not_received(intent, "not in the API's logs")
    [result] = await rig.run([row])
    assert result.outcome == "saved"
    assert rig.stats.jobs_created == 1


@pytest.mark.anyio
async def test_a_row_claimed_by_another_worker_is_held_and_said_so(rig: Rig) -> None:
    """Not saved by this run: "held" (the CLI exits non-zero), never created here."""
    [row] = rig.rows("one")
    rig.client.journal.claim(f"row:{row.key}", "otherhost:1:x", ttl=10_000)
    [result] = await rig.run([row])
    assert (result.outcome, result.detail) == (
        "held",
        "claimed by another process (otherhost:1:x)",
    )
    assert sum(rig.stats.requests.values()) == 0


@pytest.mark.anyio
@pytest.mark.parametrize("generation", [0, 1])
async def test_a_row_created_under_an_earlier_key_is_not_bought_again(
    rig: Rig, generation: int
) -> None:
    """Schema 2 keyed rows with the image's path, 0.1 with the output folder too; a job
    journaled under either key is found."""
    [row] = rig.rows("one")
    legacy = row.legacy_keys[generation]
    assert legacy not in row.keys[:1]
    created = await rig.client.create(row.image, row.prompt, label=legacy)
    [result] = await rig.run([row])
    assert (result.outcome, result.generation_id) == ("saved", created.id)
    assert rig.stats.jobs_created == 1
