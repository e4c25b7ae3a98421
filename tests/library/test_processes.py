"""Real processes on one journal, against a counting HTTP server on 127.0.0.1: a kill while the
server holds the create, two resumes at once, three batch workers on one file. What is counted
is what the server saw: creates (paid) and video downloads."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support import KEY, PNG, mp4, wait_until

from aimlapi_veo import Journal

VIDEO_SIZE = 48_000


def video_of(generation_id: str) -> bytes:
    """A whole MP4 of VIDEO_SIZE bytes, its mdat filled from the id (each job its own)."""
    filler = hashlib.sha256(generation_id.encode()).digest() * (VIDEO_SIZE // 32)
    return mp4(filler[: VIDEO_SIZE - len(mp4(b""))])


@dataclass
class Counts:
    creates: int = 0
    downloads: dict[str, int] = field(default_factory=dict)
    hold: threading.Event = field(default_factory=threading.Event)  # clear: creates wait
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    counts: Counts
    base: str

    def log_message(self, *args: Any) -> None:
        """Quiet."""

    def _json(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Retry-After", "0")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # a client killed while we held its answer
            self.wfile.write(data)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with self.counts.lock:
            self.counts.creates += 1
            number = self.counts.creates
        self.counts.hold.wait(60)
        self._json({"id": f"job-{number}", "status": "queued"})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/video/"):
            self._video(url.path.removeprefix("/video/"))
            return
        generation_id = parse_qs(url.query)["generation_id"][0]
        video = {"url": f"{self.base}/video/{generation_id}", "file_size": VIDEO_SIZE}
        self._json({"id": generation_id, "status": "completed", "video": video})

    def _video(self, generation_id: str) -> None:
        with self.counts.lock:
            self.counts.downloads[generation_id] = self.counts.downloads.get(generation_id, 0) + 1
        data = video_of(generation_id)
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", f'"{generation_id}"')
        self.end_headers()
        for start in range(0, len(data), 8000):  # slowly enough for workers to overlap
            self.wfile.write(data[start : start + 8000])
            time.sleep(0.01)


@pytest.fixture
def server() -> Iterator[tuple[str, Counts]]:
    counts = Counts()
    counts.hold.set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.RequestHandlerClass = type("Bound", (Handler,), {"counts": counts, "base": base})
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, counts
    counts.hold.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


BATCH = """
import asyncio, json, sys
from aimlapi_veo import AsyncVeoClient
from aimlapi_veo.batch import BatchRunner, read_rows

async def main(rows_file, out, retry_unknown):
    rows = read_rows(rows_file, out)
    async with AsyncVeoClient() as client:
        results = await BatchRunner(client, concurrency=4, retry_unknown=retry_unknown).run(rows)
    print(json.dumps([[r.row.number, r.outcome, r.generation_id] for r in results]))

asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] == "1"))
"""
RESUME = """
import json
from aimlapi_veo import VeoClient
with VeoClient() as client:
    print(json.dumps([[r.generation_id, r.outcome, r.detail] for r in client.resume()]))
"""


def start(code: str, base: str, journal: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "AIMLAPI_API_KEY": KEY,
        "AIMLAPI_BASE_URL": base,
        "AIMLAPI_VEO_JOURNAL": str(journal),
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> list[list[Any]]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    result: list[list[Any]] = json.loads(out)
    return result


def rows_file(tmp_path: Path, count: int) -> Path:
    (tmp_path / "frame.png").write_bytes(PNG)
    lines = [json.dumps({"image": "frame.png", "prompt": f"row {n}"}) for n in range(count)]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def old_jobs(tmp_path: Path, base: str, count: int) -> tuple[Path, list[str]]:
    """A journal of `count` jobs created an hour ago, each with its output path; and their ids."""
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path, clock=lambda: time.time() - 3600)
    ids = [f"job-{n}" for n in range(count)]
    for generation_id in ids:
        journal.record_created(generation_id, base, {"duration": 5}, "queued")
        journal.set_output(generation_id, tmp_path / f"{generation_id}.mp4")
    journal.close()
    return path, ids


def test_three_batch_workers_on_one_journal_create_each_row_once(
    server: tuple[str, Counts], tmp_path: Path
) -> None:
    """A user speeding a batch up with more terminals: creates = rows, downloads = rows."""
    base, counts = server
    rows, journal = rows_file(tmp_path, 30), tmp_path / "journal.sqlite3"
    out = tmp_path / "out"
    workers = [start(BATCH, base, journal, str(rows), str(out), "0") for _ in range(3)]
    results = [finish(worker) for worker in workers]
    assert counts.creates == 30
    assert sum(counts.downloads.values()) == 30
    saved = [number for result in results for number, outcome, _ in result if outcome == "saved"]
    assert sorted(saved) == list(range(1, 31))
    # A row another worker had: "held" by this one (not saved by it), saved by that one.
    assert all(outcome in ("saved", "skipped", "held") for r in results for _, outcome, _ in r)
    assert len(list(out.glob("*.mp4"))) == 30


def test_a_batch_killed_mid_create_lists_unknowns_and_never_recreates_them(
    server: tuple[str, Counts], tmp_path: Path
) -> None:
    """SIGKILL while the server holds three creates: the journal lists them as unknown; a rerun
    creates nothing for them unless told to (retry_unknown)."""
    base, counts = server
    rows, journal, out = rows_file(tmp_path, 3), tmp_path / "journal.sqlite3", tmp_path / "out"
    counts.hold.clear()
    worker = start(BATCH, base, journal, str(rows), str(out), "0")
    wait_until(lambda: counts.creates == 3, 60)
    worker.send_signal(signal.SIGKILL)
    worker.communicate(timeout=30)
    counts.hold.set()
    opened = Journal(journal)
    assert [job.status for job in opened.jobs()] == ["unknown"] * 3
    opened.close()
    rerun = finish(start(BATCH, base, journal, str(rows), str(out), "0"))
    assert [outcome for _, outcome, _ in rerun] == ["unknown"] * 3
    assert counts.creates == 3
    retried = finish(start(BATCH, base, journal, str(rows), str(out), "1"))
    assert [outcome for _, outcome, _ in retried] == ["saved"] * 3
    assert counts.creates == 6


def test_two_resumes_at_once_download_each_job_once(
    server: tuple[str, Counts], tmp_path: Path
) -> None:
    """Both processes exit 0; every job is downloaded once; every file has the right bytes."""
    base, counts = server
    path, ids = old_jobs(tmp_path, base, 6)
    first, second = (start(RESUME, base, path) for _ in range(2))
    results = finish(first) + finish(second)
    assert counts.downloads == dict.fromkeys(ids, 1)
    saved = sorted(job for job, outcome, _ in results if outcome == "saved")
    assert saved == ids
    assert {outcome for _, outcome, _ in results} <= {"saved", "skipped"}
    for generation_id in ids:
        assert (tmp_path / f"{generation_id}.mp4").read_bytes() == video_of(generation_id)


def veo(base: str, journal: Path, *args: str) -> subprocess.Popen[str]:
    """The real CLI in its own process."""
    return start("from aimlapi_veo_cli import main; main()", base, journal, *args)


def test_three_veo_batch_processes_on_one_journal_create_each_row_once(
    server: tuple[str, Counts], tmp_path: Path
) -> None:
    """The same through the CLI: every worker exits 0; creates = rows."""
    base, counts = server
    rows, journal = rows_file(tmp_path, 12), tmp_path / "journal.sqlite3"
    command = ("batch", str(rows), "--output-dir", str(tmp_path / "out"))
    workers = [veo(base, journal, *command) for _ in range(3)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    assert counts.creates == 12
    assert sum(counts.downloads.values()) == 12


def test_two_veo_resume_processes_at_once_both_exit_0_and_download_once(
    server: tuple[str, Counts], tmp_path: Path
) -> None:
    base, counts = server
    path, ids = old_jobs(tmp_path, base, 4)
    workers = [veo(base, path, "resume") for _ in range(2)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    assert counts.downloads == dict.fromkeys(ids, 1)
    for generation_id in ids:
        assert (tmp_path / f"{generation_id}.mp4").read_bytes() == video_of(generation_id)


def test_veo_jobs_lists_a_create_of_unknown_outcome_by_default(tmp_path: Path) -> None:
    """What a kill mid-create leaves is what `veo jobs` shows first: status "unknown"."""
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.begin_create(
        "http://127.0.0.1:9", {"duration": 5}, label="row", owner="gone:1:x", ttl=-1
    )
    journal.close()
    listing = veo("http://127.0.0.1:9", path, "jobs", "--json")
    out, err = listing.communicate(timeout=60)
    assert listing.returncode == 0, err
    [job] = json.loads(out)
    assert (job["status"], job["label"]) == ("unknown", "row")
