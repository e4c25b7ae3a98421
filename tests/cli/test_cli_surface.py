"""What a newcomer meets first: help texts, where the common options go, `veo sandbox` and
the sandbox's own command line, the jobs table, --overwrite, and messages that point somewhere."""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import FAST, SECRET, Run, generate
from rich.console import Console

from aimlapi_veo.batch import COLUMNS
from aimlapi_veo.journal import Job
from aimlapi_veo_cli.views import print_jobs
from aimlapi_veo_sandbox import RunningSandbox

LONG_ID = "9bf4e6f6-dae7-41c7-94aa-354443b300c6:veo2/image-to-video"
# Python with the sandbox extra hidden, as on a machine where it was never installed.
WITHOUT_EXTRA = "import runpy, sys; sys.modules['starlette'] = None; sys.argv[1:] = {args!r}; runpy.run_module({module!r}, run_name='__main__')"


def options_in(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", help_text))


def without_extra(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = WITHOUT_EXTRA.format(args=list(args), module=module)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )


def job(job_id: str = LONG_ID) -> Job:
    """A completed job as the journal lists it."""
    now = 1_700_000_000.0
    return Job(job_id, "https://api.test", now, now, "completed", {}, 5, *[None] * 6)


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.usefixtures("env")
def test_common_options_work_before_or_after_the_command(
    where: str, sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`veo --debug status X` and `veo status X --debug` (and --base-url, --journal) alike."""
    monkeypatch.delenv("AIMLAPI_BASE_URL")
    common = ["--debug", "--base-url", sandbox.base_url, "--journal", str(tmp_path / "j.db")]
    args = (
        [*common, "status", "no-such-id"]
        if where == "before"
        else ["status", "no-such-id", *common]
    )
    run = Run(*args)
    assert run.code == 1
    assert f"is unknown to {sandbox.base_url}" in run.stderr  # the --base-url was used
    assert "Traceback" in run.stderr  # and --debug


@pytest.mark.usefixtures("env")
def test_an_option_after_the_command_wins_over_one_before_it(sandbox: RunningSandbox) -> None:
    run = Run("--base-url", "http://127.0.0.1:1", "status", "x", "--base-url", sandbox.base_url)
    assert f"is unknown to {sandbox.base_url}" in run.stderr


def test_veo_sandbox_and_the_sandbox_cli_take_the_same_options() -> None:
    """One parser: every option of `python -m aimlapi_veo_sandbox` is one of `veo sandbox`."""
    through_veo = Run("sandbox", "--help")
    assert through_veo.code == 0
    assert through_veo.stdout.startswith("usage: veo sandbox")
    own = subprocess.run(
        [sys.executable, "-m", "aimlapi_veo_sandbox", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert own.stdout.startswith("usage: python -m aimlapi_veo_sandbox")
    assert options_in(through_veo.stdout) == options_in(own.stdout)
    assert {"--deviation", "--seed", "--rate-limit", "--port"} <= options_in(own.stdout)


@pytest.mark.parametrize(
    ("module", "args"),
    [("aimlapi_veo_sandbox", ["--port", "0"]), ("aimlapi_veo_cli", ["sandbox", "--port", "0"])],
)
def test_without_the_sandbox_extra_both_ways_say_how_to_install_it(
    module: str, args: list[str]
) -> None:
    """One line naming the missing package and the pip command, not a ModuleNotFoundError."""
    done = without_extra(module, *args)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: the sandbox needs the 'sandbox' extra (starlette is missing): "
        "pip install 'aimlapi-veo[sandbox]'"
    )


def test_the_sandbox_command_reports_a_busy_port() -> None:
    """`veo sandbox` on a taken port: one line, exit 1, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = Run("sandbox", "--port", str(port))
    assert run.code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["--help"], "AIMLAPI_BASE_URL"),
        (["--help"], "AIMLAPI_VEO_JOURNAL"),
        (["--help"], "[default: https://api.aimlapi.com]"),
        (["--help"], "5    a create's outcome is unknown"),
        (["generate", "--help"], "--seed <int>                    a whole number"),
        (["generate", "--help"], "--model <str>                   the Veo model; `veo models`"),
        (["models"], "google/veo-3.1-t2v  (aimlapi_veo_api.models.Veo31T2V)"),
        (["generate", "--help"], "--overwrite"),
        (["wait", "--help"], "--overwrite"),
        (["download", "--help"], "--overwrite"),
        (["batch", "--help"], "--retry-unknown"),
        (["batch", "--help"], "negative_prompt  what the video should not show"),
        (["status", "--help"], "--base-url"),
    ],
)
def test_help_says_what_a_newcomer_asks(command: list[str], says: str) -> None:
    run = Run(*command)
    assert run.code == 0
    assert says in " ".join(run.stdout.split("\n")) or says in run.stdout
    assert "<bool>" not in run.stdout


def test_every_batch_column_is_in_batch_help() -> None:
    text = Run("batch", "--help").stdout
    for column in COLUMNS:
        assert re.search(rf"^\s+{column}\s", text, re.MULTILINE), column


@pytest.mark.parametrize("width", [40, 80, 120])
def test_jobs_show_whole_ids_at_any_terminal_width(width: int) -> None:
    """A narrow terminal gets one job per block rather than a cut id."""
    out = io.StringIO()
    print_jobs(
        [job(), job(LONG_ID.replace("9bf4", "0aa1"))],
        Console(file=out, width=width, force_terminal=True, color_system=None),
    )
    lines = out.getvalue().splitlines()
    assert sum(LONG_ID in line for line in lines) == 1
    assert sum(LONG_ID.replace("9bf4", "0aa1") in line for line in lines) == 1
    assert all(len(line) <= width for line in lines if "veo2/image-to-video" not in line)


@pytest.mark.usefixtures("env")
def test_jobs_status_is_what_its_json_says(image: Path) -> None:
    """A saved job reads `completed` in both, and the table says where it was saved."""
    generation_id, path = generate(image).lines
    table = Run("jobs", "--all")
    [listed] = json.loads(Run("jobs", "--all", "--json").stdout)
    row = next(line for line in table.lines if generation_id in line)
    assert listed["status"] == "completed"
    assert row.split()[1] == "completed"
    assert f"saved to {path}" in row


@pytest.mark.usefixtures("env")
def test_an_existing_output_is_refused_before_the_create_unless_overwrite(
    image: Path, sandbox: RunningSandbox
) -> None:
    Path("clip.mp4").write_bytes(b"mine")
    before = sandbox.stats.jobs_created
    refused = generate(image, "--output", "clip.mp4")
    assert refused.code == 2
    assert "clip.mp4 exists already: pass --overwrite to replace it" in refused.stderr
    assert "overwrite=True" not in refused.stderr  # the command line's words, not the library's
    assert "nothing was sent" in refused.stderr
    assert sandbox.stats.jobs_created == before
    assert Path("clip.mp4").read_bytes() == b"mine"
    assert generate(image, "--output", "clip.mp4", "--no-wait").code == 2
    assert sandbox.stats.jobs_created == before
    replaced = generate(image, "--output", "clip.mp4", "--overwrite")
    assert replaced.code == 0, replaced.stderr
    assert Path("clip.mp4").read_bytes() != b"mine"


@pytest.mark.usefixtures("env")
def test_a_wrong_port_names_the_url_it_tried() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    # wait, for its --poll-interval: the retries' pauses are capped, not slept for 6 s
    run = Run("wait", "some-id", "--base-url", f"http://127.0.0.1:{port}", *FAST)
    assert run.code == 1
    assert f"could not reach http://127.0.0.1:{port}/" in run.stderr
    assert f"ConnectError from http://127.0.0.1:{port}; retrying" in run.stderr


@pytest.mark.usefixtures("env")
def test_after_retry_failed_the_summary_does_not_advise_retry_failed(
    image: Path, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"image": str(image), "prompt": "FAIL please"}) + "\n")
    first = Run("batch", str(rows), "--output-dir", "videos", *FAST)
    assert first.code == 3
    assert "only with --retry-failed" in first.stderr
    again = Run("batch", str(rows), "--output-dir", "videos", "--retry-failed", *FAST)
    assert again.code == 3
    assert "only with --retry-failed" not in again.stderr
    assert SECRET not in again.stderr


def test_help_loads_none_of_the_heavy_parts() -> None:
    """`veo --help` starts fast because httpx, rich, the generated models, the client, the
    journal's stores (sqlite3), asyncio and the sandbox load only when a command runs (their
    cost is measured by `make bench`, not here)."""
    code = (
        "import sys\n"
        "from aimlapi_veo_cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('httpx', 'rich', 'aimlapi_veo_api', 'attrs', 'aimlapi_veo_sandbox.server',\n"
        "    'aimlapi_veo.client', 'aimlapi_veo._core', 'aimlapi_veo.journal.sqlite',\n"
        "    'aimlapi_veo.journal.base', 'sqlite3', 'asyncio')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == "[]"
