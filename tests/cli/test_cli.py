"""The `veo` command line in-process (typer's CliRunner) against a sandbox on a loopback port:
argument handling, what goes to stdout and stderr, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import FAST, Run, generate

from aimlapi_veo.journal import Journal
from aimlapi_veo_cli.jobs import RECENT
from aimlapi_veo_sandbox import RunningSandbox


def test_help_lists_every_command() -> None:
    """`veo --help` names all eight commands."""
    run = Run("--help")
    assert run.code == 0
    for command in ("generate", "status", "wait", "download", "jobs", "resume", "batch", "sandbox"):
        assert command in run.stdout


def test_version() -> None:
    assert Run("--version").stdout.startswith("veo (aimlapi-veo) ")


@pytest.mark.usefixtures("env")
def test_generate_prints_the_id_then_the_path_and_plain_progress(image: Path) -> None:
    """Not a terminal: stdout holds only the id and the path; stderr one line per step."""
    run = generate(image, "--output", "clip.mp4")
    assert run.code == 0, run.stderr
    generation_id, path = run.lines
    assert path == str(Path.cwd() / "clip.mp4")
    assert Path(path).stat().st_size > 0
    assert f"submitted {generation_id}" in run.stderr
    assert f"{generation_id}: completed " in run.stderr
    assert "s after it was created" in run.stderr
    assert f"saved {path}" in run.stderr
    assert "\x1b[" not in run.stderr  # no terminal control codes when piped


@pytest.mark.usefixtures("env")
def test_generate_sends_every_option(image: Path, journal: Path) -> None:
    """Each flag reaches the request (as the journal records it, image data as a digest)."""
    run = generate(
        image, "--tail-image", str(image), "--duration", "6", "--aspect-ratio", "9:16",
        "--seed", "7", "--negative-prompt", "rain", "--no-enhance-prompt", "--no-wait",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    opened = Journal(journal)
    [job] = opened.jobs()
    opened.close()
    assert job.id == run.stdout.strip()
    params = job.params
    assert (params["duration"], params["aspect_ratio"], params["seed"]) == (6, "9:16", 7)
    assert (params["negative_prompt"], params["enhance_prompt"]) == ("rain", False)
    assert params["image_url"].startswith("sha256:")
    assert params["tail_image_url"] == params["image_url"]
    assert job.output_path == str(Path.cwd() / (job.id.split(":")[0] + ".mp4"))


@pytest.mark.parametrize(
    ("flags", "complaint"),
    [
        (("--duration", "3"), "duration must be one of 5, 6, 7, 8"),
        (("--aspect-ratio", "4:3"), "aspect_ratio must be one of"),
        (("--prompt", " "), "prompt must be a non-empty string"),
        (("--tail-image", "missing.png"), "does not exist"),
    ],
)
@pytest.mark.usefixtures("env")
def test_bad_values_exit_2_before_any_request(
    image: Path, sandbox: RunningSandbox, flags: tuple[str, ...], complaint: str
) -> None:
    """Values the API would refuse are refused here, and the line says nothing was sent."""
    before = sum(sandbox.stats.requests.values())
    run = generate(image, *flags)
    assert run.code == 2
    assert complaint in run.stderr
    assert "nothing was sent" in run.stderr
    assert sum(sandbox.stats.requests.values()) == before


def test_usage_errors_exit_2() -> None:
    """A missing required option is a usage error (click's own exit code 2)."""
    assert Run("generate", "--image", "x.png").code == 2
    assert Run("batch").code == 2


def test_missing_key_exits_2_and_says_which_variable(
    image: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIMLAPI_API_KEY", raising=False)
    run = generate(image)
    assert run.code == 2
    assert run.stderr.strip() == (
        "error: no API key: set AIMLAPI_API_KEY to your AIML API key (https://aimlapi.com/app/keys)"
    )


@pytest.mark.usefixtures("env")
def test_status_shows_the_generation_as_text_and_json(image: Path) -> None:
    generation_id = generate(image, "--no-wait").stdout.strip()
    text = Run("status", generation_id)
    assert text.code == 0, text.stderr
    assert f"id:        {generation_id}" in text.lines
    assert "status:    completed" in text.lines
    assert any(line.startswith("video:     http") for line in text.lines)
    answer = json.loads(Run("status", generation_id, "--json").stdout)
    assert (answer["id"], answer["status"]) == (generation_id, "completed")


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("command", ["status", "wait", "download"])
def test_an_unknown_id_is_called_unknown_with_how_to_list_known_ones(
    command: str, sandbox: RunningSandbox
) -> None:
    """No circular advice (`veo wait X` for an X the API does not know): say it is unknown
    to which API, and how to list the ids this machine made."""
    run = Run(command, "no-such-id")
    assert run.code == 1
    assert f"generation no-such-id is unknown to {sandbox.base_url}" in run.stderr
    assert "`veo jobs --all` lists the ones made on this machine" in run.stderr
    assert "veo wait no-such-id" not in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.usefixtures("env")
def test_debug_adds_the_traceback() -> None:
    run = Run("--debug", "status", "no-such-id")
    assert run.code == 1
    assert "Traceback" in run.stderr


@pytest.mark.usefixtures("env")
def test_download_of_a_failed_generation_names_it(image: Path) -> None:
    """There is no video to save: exit 3, and the line names the generation."""
    generation_id = Run(
        "generate", "--image", str(image), "--prompt", "FAIL", "--no-wait"
    ).stdout.strip()
    run = Run("download", generation_id, "--output", "x.mp4")
    assert run.code == 3
    assert f"generation {generation_id} ended with status 'error'" in run.stderr
    assert not Path("x.mp4").exists()


def test_jobs_without_a_journal_needs_no_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AIMLAPI_API_KEY", raising=False)
    run = Run("jobs", "--journal", str(tmp_path / "none.sqlite3"))
    assert run.code == 0
    assert "no journal at" in run.stderr
    assert not (tmp_path / "none.sqlite3").exists()
    assert (
        json.loads(Run("jobs", "--journal", str(tmp_path / "none.sqlite3"), "--json").stdout) == []
    )


@pytest.mark.usefixtures("env")
def test_jobs_lists_unfinished_ones_and_the_latest_finished_unless_all(
    image: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`jobs` right after a generate shows it; older finished jobs need `--all`; no key needed."""
    pending = generate(image, "--no-wait").stdout.strip()
    saved = [generate(image).lines[0] for _ in range(RECENT + 1)]
    monkeypatch.delenv("AIMLAPI_API_KEY")
    listed = Run("jobs")
    assert listed.code == 0, listed.stderr
    assert pending in listed.stdout
    assert saved[0] not in listed.stdout
    assert all(job in listed.stdout for job in saved[1:])
    every = json.loads(Run("jobs", "--all", "--json").stdout)
    assert [job["id"] for job in every] == [pending, *saved]
    assert every[1]["downloaded_at"] is not None


@pytest.mark.usefixtures("env")
def test_batch_status_on_the_default_sqlite_journal_counts_rows_and_sends_nothing(
    image: Path, tmp_path: Path, sandbox: RunningSandbox
) -> None:
    rows = tmp_path / "rows.jsonl"
    lines = [{"image": str(image), "prompt": prompt} for prompt in ("a cat", "a dog")]
    rows.write_text("".join(json.dumps(line) + "\n" for line in lines))
    before = Run("batch", str(rows), "-d", "videos", "--status")
    assert (before.code, before.stdout) == (0, "2 row(s): 2 open\n"), before.stderr
    rows.write_text(json.dumps(lines[0]) + "\n")
    assert Run("batch", str(rows), "-d", "videos", *FAST).code == 0
    rows.write_text("".join(json.dumps(line) + "\n" for line in lines))
    sent = sum(sandbox.stats.requests.values())
    after = Run("batch", str(rows), "-d", "videos", "--status")
    assert (after.code, after.stdout) == (0, "2 row(s): 1 saved, 1 open\n"), after.stderr
    assert sum(sandbox.stats.requests.values()) == sent


@pytest.mark.usefixtures("env")
def test_a_journal_that_cannot_be_opened_exits_2_with_nothing_sent(
    image: Path, tmp_path: Path, sandbox: RunningSandbox
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    before = sum(sandbox.stats.requests.values())
    run = generate(image, "--journal", str(tmp_path / "a-file" / "journal.sqlite3"))
    assert run.code == 2
    assert "nothing was sent" in run.stderr
    assert sum(sandbox.stats.requests.values()) == before


def test_shell_completion_is_offered() -> None:
    """typer's --install-completion / --show-completion: the script for bash completes `veo`."""
    assert "--install-completion" in Run("--help").stdout
    shown = Run("--show-completion", "bash")
    assert shown.code == 0, shown.stderr
    assert "complete" in shown.stdout
    assert "veo" in shown.stdout


@pytest.mark.usefixtures("env")
def test_resume_finishes_pending_jobs_and_reports_other_apis(
    image: Path, journal: Path, sandbox: RunningSandbox
) -> None:
    pending = generate(image, "--no-wait", "--output", "later.mp4").stdout.strip()
    opened = Journal(journal)
    opened.record_created("elsewhere-id", "https://other.test", {"duration": 5}, "queued")
    opened.close()
    created = sandbox.stats.jobs_created
    run = Run("resume", *FAST)
    assert run.code == 0, run.stderr
    assert run.lines == [str(Path.cwd() / "later.mp4")]
    assert "1 unfinished job(s) belong to another --base-url" in run.stderr
    assert pending in run.stderr
    assert sandbox.stats.jobs_created == created
