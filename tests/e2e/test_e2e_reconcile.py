"""Lost answers, through the real `veo` command against a sandbox that loses them on purpose:
the API's usage log (GET /v2/logs) settles what a dropped connection left unknown."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import FAST, Veo, probe

from aimlapi_veo_sandbox import RunningSandbox

pytestmark = pytest.mark.slow
StartSandbox = Callable[..., RunningSandbox]
MakeVeo = Callable[[RunningSandbox], Veo]
CREATES = "POST /v2/video/generations"


def test_a_create_stored_then_dropped_exits_5_and_resume_saves_it_with_one_create(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """generate names the id the create was sent with; resume finds it in the log (no settle
    needed to find), waits and saves it where generate was told to."""
    sandbox = start_sandbox(create_faults=("store_then_drop",))
    veo = make_veo(sandbox)
    lost = veo.run(
        "generate", "--image", str(sample_image), "--prompt", "p", "-o", "clip.mp4", *FAST
    )
    assert lost.code == 5, lost.stderr
    [intent] = set(re.findall(r"intent-[0-9a-f]{32}", lost.stderr))
    assert [row.client_request_id for row in sandbox.state.usage_log] == [intent]
    resumed = veo.run("resume", *FAST, AIMLAPI_VEO_SETTLE_SECONDS="1")
    assert resumed.code == 0, resumed.stderr
    [saved] = resumed.lines
    assert Path(saved) == veo.workdir / "clip.mp4"
    assert probe(Path(saved)).seconds == pytest.approx(5, abs=0.05)
    assert sandbox.stats.requests[CREATES] == sandbox.stats.jobs_created == 1
    [job] = json.loads(veo.run("jobs", "--all", "--json").stdout)
    assert (job["client_request_id"], job["inference_id"]) == (intent, job["id"])


def test_a_create_never_received_is_marked_not_received_and_a_batch_rerun_creates_it_once(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    sandbox = start_sandbox(create_faults=("drop_before_body",))
    veo = make_veo(sandbox)
    rows = veo.workdir / "rows.jsonl"
    rows.write_text(json.dumps({"image": str(sample_image), "prompt": "one"}) + "\n")
    args = ("batch", str(rows), "--output-dir", "videos", *FAST)
    first = veo.run(*args)
    assert first.code == 5, first.stderr
    assert sandbox.state.usage_log == []
    time.sleep(1.0)  # the settle period below must have passed since the create
    reconciled = veo.run("reconcile", "--settle", "1")
    assert reconciled.code == 0, reconciled.stderr
    assert "not received" in reconciled.stderr
    [job] = json.loads(veo.run("jobs", "--all", "--json").stdout)
    assert job["status"] == "not_received"
    rerun = veo.run(*args)
    assert rerun.code == 0, rerun.stderr
    [saved] = rerun.lines
    assert probe(Path(saved)).seconds == pytest.approx(5, abs=0.05)
    assert sandbox.stats.jobs_created == 1
    assert sandbox.stats.requests[CREATES] == 2


def test_jobs_show_what_each_job_cost(
    start_sandbox: StartSandbox, make_veo: MakeVeo, sample_image: Path
) -> None:
    """--json carries the trace and cost fields (null when the API said nothing); the table
    ends with the total."""
    sandbox = start_sandbox()
    veo = make_veo(sandbox)
    made = veo.run("generate", "--image", str(sample_image), "--prompt", "p", "--no-wait")
    assert made.code == 0, made.stderr
    [job] = json.loads(veo.run("jobs", "--json").stdout)
    assert re.fullmatch(r"intent-[0-9a-f]{32}", job["client_request_id"])
    assert (job["inference_id"], job["credits_used"], job["usd_spent"]) == (
        job["id"],
        525_000,
        0.2625,
    )
    table = veo.run("jobs")
    assert "0.2625" in table.stdout
    assert "total: 525,000 credits, 0.2625 USD over 1 priced job(s)" in table.stderr
