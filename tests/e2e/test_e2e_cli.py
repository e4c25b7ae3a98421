"""The real `veo` command, in a subprocess, against a sandbox on a free loopback port."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from e2e_support import FAST, Result, Veo, probe

from aimlapi_veo_sandbox import RunningSandbox

pytestmark = pytest.mark.slow
StartSandbox = Callable[..., RunningSandbox]
MakeVeo = Callable[[RunningSandbox], Veo]


def requests_sent(sandbox: RunningSandbox) -> int:
    return sum(sandbox.stats.requests.values())


def assert_saved_once(result: Result, path: Path, sandbox: RunningSandbox) -> None:
    """The command exited 0 printing only `path`, a 5-s video, and one job was ever created."""
    assert result.code == 0, result.stderr
    assert result.lines == [str(path)]
    assert probe(path).seconds == pytest.approx(5, abs=0.05)
    assert sandbox.stats.jobs_created == 1


def test_generate_saves_an_mp4_of_the_requested_duration(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """generate prints the id first and the saved path last; the file is a 6 s H.264 MP4.
    No --poll-interval: the default schedule, led by the sandbox's Retry-After hints."""
    sandbox = start_sandbox()
    veo = make_veo(sandbox)
    (veo.workdir / "out").mkdir()  # a missing folder is refused before paying (issue 12)
    result = veo.run(
        "generate", "--image", str(sample_image), "--prompt", "a yellow box drifts",
        "--duration", "6", "--output", "out/clip.mp4",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    generation_id, saved = result.lines
    assert generation_id.endswith(":veo2/image-to-video")
    assert Path(saved) == veo.workdir / "out" / "clip.mp4"
    facts = probe(Path(saved))
    assert "mp4" in facts.format_name
    assert (facts.codec, facts.width, facts.height) == ("h264", 640, 360)
    assert facts.seconds == pytest.approx(6, abs=0.05)
    assert sandbox.stats.jobs_created == 1
    assert f"veo wait {generation_id}" in result.stderr


def test_no_wait_prints_the_id_and_wait_finishes_it(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """--no-wait returns at once with only the id on stdout; `veo wait <id>` saves the video."""
    sandbox = start_sandbox()
    veo = make_veo(sandbox)
    submitted = veo.run("generate", "--image", str(sample_image), "--prompt", "p", "--no-wait")
    assert submitted.code == 0, submitted.stderr
    [generation_id] = submitted.lines
    assert sandbox.stats.fetches == 0
    waited = veo.run("wait", generation_id, "--output", "later.mp4", *FAST)
    assert_saved_once(waited, veo.workdir / "later.mp4", sandbox)


def test_failed_generation_exits_3_naming_the_id(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """A generation that ends in `error` exits 3 with one line that names the generation."""
    sandbox = start_sandbox()
    veo = make_veo(sandbox)
    result = veo.run("generate", "--image", str(sample_image), "--prompt", "please FAIL", *FAST)
    assert result.code == 3
    [generation_id] = result.lines
    [error_line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert generation_id in error_line
    assert "'error'" in error_line
    assert "Traceback" not in result.stderr


def test_timeout_exits_4_and_wait_finishes_the_same_generation(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """--timeout ends with exit 4 and the `veo wait <id>` command, which then saves the video."""
    sandbox = start_sandbox(generation_seconds=2.5)
    veo = make_veo(sandbox)
    result = veo.run(
        "generate", "--image", str(sample_image), "--prompt", "p", "--timeout", "0.3", *FAST
    )
    assert result.code == 4, result.stderr
    [generation_id] = result.lines
    assert f"veo wait {generation_id}" in result.stderr
    waited = veo.run("wait", generation_id, *FAST)
    assert_saved_once(waited, veo.workdir / (generation_id.split(":")[0] + ".mp4"), sandbox)


def test_killed_while_polling_then_resume_saves_it_without_a_new_create(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """SIGKILL after the id is printed loses nothing: `veo resume` polls and downloads it."""
    sandbox = start_sandbox(generation_seconds=2.0)
    veo = make_veo(sandbox)
    process = veo.start(
        "generate", "--image", str(sample_image), "--prompt", "p", "--output", "kept.mp4", *FAST
    )
    assert process.stdout is not None
    generation_id = process.stdout.readline().strip()
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    process.stdout.close()
    assert generation_id.endswith(":veo2/image-to-video")
    assert not (veo.workdir / "kept.mp4").exists()
    listed = veo.run("jobs", AIMLAPI_API_KEY=None)
    assert listed.code == 0, listed.stderr
    assert generation_id in listed.stdout
    assert_saved_once(veo.run("resume", *FAST), veo.workdir / "kept.mp4", sandbox)
    assert "nothing to resume" in veo.run("resume").stderr


def write_batch(folder: Path, image: Path, prompts: list[str]) -> Path:
    path = folder / "rows.csv"
    lines = ["image,prompt,duration"] + [f"{image},{prompt},5" for prompt in prompts]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_batch_interrupted_then_rerun_creates_each_row_once(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """A batch killed mid-way, run again, finishes every row; no row is created twice, and a
    third run finds everything done without a single API request."""
    sandbox = start_sandbox(generation_seconds=1.5)
    veo = make_veo(sandbox)
    rows = write_batch(veo.workdir, sample_image, ["one", "two", "three"])
    args = ("batch", str(rows), "--output-dir", "videos", "--concurrency", "2", *FAST)
    process = veo.start(*args, read="stderr")
    assert process.stderr is not None
    created = 0
    while created < 2 and (line := process.stderr.readline()):
        created += " created " in line
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    process.stderr.close()
    assert created == 2
    assert sandbox.stats.jobs_created == 2
    rerun = veo.run(*args)
    assert rerun.code == 0, rerun.stderr
    assert rerun.stderr.count("resuming ") == 2
    assert len(rerun.lines) == 3
    for saved in rerun.lines:
        assert probe(Path(saved)).seconds == pytest.approx(5, abs=0.05)
    assert sandbox.stats.jobs_created == 3
    before = requests_sent(sandbox)
    third = veo.run(*args)
    assert third.code == 0, third.stderr
    assert third.stderr.count("skipped: ") == 3
    assert requests_sent(sandbox) == before


def test_expired_video_link_is_refreshed(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """download first tries the link the journal recorded; the CDN says 403 (expired), and
    the command fetches a fresh link and saves the video."""
    sandbox = start_sandbox(generation_seconds=0.5, url_ttl=0.2)
    veo = make_veo(sandbox)
    submitted = veo.run("generate", "--image", str(sample_image), "--prompt", "p", "--no-wait")
    [generation_id] = submitted.lines
    time.sleep(0.6)
    status = veo.run("status", generation_id)
    assert "completed" in status.stdout
    time.sleep(1.3)  # the link's Expires is rounded up to a whole second
    fetches = sandbox.stats.fetches
    saved = veo.run("download", generation_id, "--output", "late.mp4")
    assert saved.code == 0, saved.stderr
    assert probe(veo.workdir / "late.mp4").seconds == pytest.approx(5, abs=0.05)
    assert sandbox.stats.cdn_requests == 2  # the expired link (403), then the fresh one
    assert sandbox.stats.cdn_downloads == 1
    assert sandbox.stats.fetches == fetches + 1


def test_missing_key_exits_2_before_any_request(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """Without AIMLAPI_API_KEY: exit 2, a line saying to set it, and no request at all."""
    sandbox = start_sandbox()
    veo = make_veo(sandbox)
    result = veo.run(
        "generate", "--image", str(sample_image), "--prompt", "p", AIMLAPI_API_KEY=None
    )
    assert result.code == 2
    assert "set AIMLAPI_API_KEY" in result.stderr
    assert result.stdout == ""
    assert requests_sent(sandbox) == 0


@pytest.mark.parametrize(
    ("content", "complaint"),
    [(b"just some text", "not an image"), (b"GIF89a" + bytes(20), "GIF images are not supported")],
    ids=["text", "gif"],
)
def test_bad_image_exits_2_and_sends_nothing(
    start_sandbox: StartSandbox, make_veo: MakeVeo, content: bytes, complaint: str
) -> None:
    """An image the API would refuse is refused locally: exit 2, zero requests, no charge."""
    sandbox = start_sandbox()
    veo = make_veo(sandbox)
    image = veo.workdir / "picture.png"
    image.write_bytes(content)
    result = veo.run("generate", "--image", str(image), "--prompt", "p")
    assert result.code == 2
    assert complaint in result.stderr
    assert "nothing was sent" in result.stderr
    assert requests_sent(sandbox) == 0


def test_sandbox_command_serves_until_ctrl_c(tmp_path: Path) -> None:
    """`veo sandbox --port 0` prints where it listens and its key, answers, and stops cleanly
    on Ctrl-C (exit 0)."""
    veo = Veo("http://unused.invalid", "unused-key", tmp_path)
    process = subprocess.Popen(
        veo.command("sandbox", "--port", "0", "--api-key", "demo-key"),
        cwd=tmp_path,
        env=veo.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    veo.started.append(process)  # killed at the end if the test fails first
    assert process.stdout is not None
    banner = [process.stdout.readline() for _ in range(2)]
    base_url = banner[0].split()[-1]
    assert base_url.startswith("http://127.0.0.1:")
    assert "API key:     demo-key" in banner[1]
    try:
        assert httpx.get(f"{base_url}/_sandbox/stats", timeout=5).json()["jobs_created"] == 0
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        veo.stop_all()
    assert process.returncode == 0, err
    assert "Sandbox stopped" in out


def test_python_dash_m_runs_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aimlapi_veo_cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("veo (aimlapi-veo) ")


def test_ctrl_c_in_batch_says_interrupted_once_and_how_to_resume(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """One line (not two), exit 130, and the advice that rerunning creates nothing twice."""
    sandbox = start_sandbox(generation_seconds=60)
    veo = make_veo(sandbox)
    rows = write_batch(veo.workdir, sample_image, ["one"])
    process = veo.start("batch", str(rows), "--output-dir", "videos", *FAST, read="stderr")
    assert process.stderr is not None
    while (line := process.stderr.readline()) and " created " not in line:
        pass
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=20)
    assert process.returncode == 130
    assert rest.count("interrupted") == 1
    assert "run the same command again to resume; no row is created twice" in rest
