"""The ledger under faults: real `veo batch` worker processes, real SQLite and PostgreSQL
journals, and a server of our own on 127.0.0.1 that counts creates per prompt. Each test injects
one fault of issue 20's table (a second copy of the folder, a 429 storm, a worker paused past
its lease before its intent or mid-download, skewed clocks, the journal's server gone with
creates in flight, a rerun after it) and checks the same four promises:

- no row is created twice (the server's creates per prompt);
- no paid id is outside the journal and the fallback files;
- every saved file is byte for byte its job's video;
- a worker exits non-zero exactly when a row of the file is not saved.

Leases are short (AIMLAPI_VEO_LEASE_SECONDS) so that a pause outlives one in a second or two.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support import KEY, PNG, mp4, wait_until

from aimlapi_veo.journal import open_journal

LEASE = "1.5"  # seconds
VIDEO_CHUNKS, CHUNK = 40, 1_000


def video_of(generation_id: str) -> bytes:
    """A whole MP4 whose bytes are the job's own: a file spliced from two is neither."""
    seed = hashlib.sha256(generation_id.encode()).digest()
    return mp4((seed * (VIDEO_CHUNKS * CHUNK // 32 + 1))[: VIDEO_CHUNKS * CHUNK])


@dataclass
class Server:
    """What the API saw: creates per prompt, the ids it made, downloads begun."""

    base: str = ""
    creates: Counter[str] = field(default_factory=Counter)
    ids: list[str] = field(default_factory=list)
    prompt_of: dict[str, str] = field(default_factory=dict)
    refusals: Counter[str] = field(default_factory=Counter)  # 429s still to send, per prompt
    downloads: list[str] = field(default_factory=list)
    chunk_delay: float = 0.0
    pending: int = 0  # creates held (answered once `release` is set)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    server_state: Server

    def log_message(self, *args: Any) -> None:
        """Quiet."""

    def _send(self, status: int, body: dict[str, Any], **headers: str) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(data)

    def do_POST(self) -> None:
        state = self.server_state
        prompt = json.loads(self.rfile.read(int(self.headers["Content-Length"])))["prompt"]
        with state.lock:
            if state.refusals[prompt] > 0:
                state.refusals[prompt] -= 1
                self._send(429, {"message": "slow down"}, **{"Retry-After": "2"})
                return
            state.creates[prompt] += 1
            generation_id = f"gen-{len(state.ids) + 1}"
            state.ids.append(generation_id)
            state.prompt_of[generation_id] = prompt
            state.pending += 1
        state.release.wait(60)
        with state.lock:
            state.pending -= 1
        self._send(200, {"id": generation_id, "status": "queued"})

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.startswith("/video/"):
            self._video(url.path.removeprefix("/video/"))
            return
        generation_id = parse_qs(url.query)["generation_id"][0]
        video = {
            "url": f"{self.server_state.base}/video/{generation_id}",
            "file_size": len(video_of(generation_id)),
        }
        self._send(200, {"id": generation_id, "status": "completed", "video": video})

    def _video(self, generation_id: str) -> None:
        state = self.server_state
        with state.lock:
            state.downloads.append(generation_id)
        data = video_of(generation_id)
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):
            for start in range(0, len(data), CHUNK):
                self.wfile.write(data[start : start + CHUNK])
                self.wfile.flush()
                time.sleep(state.chunk_delay)


@pytest.fixture
def api() -> Iterator[Server]:
    state = Server()
    state.release.set()
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), type("Bound", (Handler,), {"server_state": state})
    )
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


# Workers -------------------------------------------------------------------------------------
# Run the real CLI, after patching what a test needs: a clock off by TEST_SKEW seconds, or a
# halt just before the first intent is written (after the row was claimed): the worker says so
# in the file TEST_HALT names, and waits for `<that file>.go` (the test pauses it meanwhile); or
# an SQLite disk that is full while the file TEST_FULL names exists.
WRAPPER = """
import os, sys, time, runpy
skew = float(os.environ.get("TEST_SKEW", "0"))
if skew:
    real = time.time
    time.time = lambda: real() + skew
halt = os.environ.get("TEST_HALT")
if halt:
    from aimlapi_veo.journal.store import JournalStore
    original = JournalStore.begin_create
    def halting(self, *args, **kwargs):
        if not os.path.exists(halt):
            open(halt, "w").close()
            while not os.path.exists(halt + ".go"):
                time.sleep(0.05)
        return original(self, *args, **kwargs)
    JournalStore.begin_create = halting
full = os.environ.get("TEST_FULL")
if full:  # while this file exists, every write to the SQLite journal fails: the disk is full
    import sqlite3
    from aimlapi_veo.journal.sqlite import SQLiteDialect
    begin = SQLiteDialect.transaction
    def failing(self, *, write):
        if write and os.path.exists(full):
            raise sqlite3.OperationalError("database or disk is full")
        return begin(self, write=write)
    SQLiteDialect.transaction = failing
sys.argv = ["veo", *sys.argv[1:]]
runpy.run_module("aimlapi_veo_cli", run_name="__main__", alter_sys=True)
"""


@dataclass
class Worker:
    process: subprocess.Popen[str]

    def result(self, timeout: float = 30) -> tuple[int, str]:
        try:
            _, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
            raise AssertionError(f"the worker did not finish:\n{err}") from None
        return self.process.returncode, err


@dataclass
class Rig:
    tmp: Path
    api: Server
    journal: str
    folder: Path = field(init=False)

    def __post_init__(self) -> None:
        self.folder = self.tmp / "batch"
        self.folder.mkdir()
        (self.folder / "frame.png").write_bytes(PNG)

    def rows(self, *prompts: str) -> Path:
        lines = [json.dumps({"image": "frame.png", "prompt": prompt}) for prompt in prompts]
        path = self.folder / "rows.jsonl"
        path.write_text("\n".join(lines) + "\n")
        return path

    def start(self, rows: Path, *extra: str, **env: str) -> Worker:
        home = self.tmp / "home"
        command = [sys.executable, "-c", WRAPPER, "batch", str(rows), "-d", str(rows.parent / "out"),
                   "--journal", self.journal, "--poll-interval", "0.1", "--concurrency", "3", *extra]  # fmt: skip
        environment = {
            **os.environ,
            "AIMLAPI_API_KEY": KEY,
            "AIMLAPI_BASE_URL": self.api.base,
            "AIMLAPI_VEO_LEASE_SECONDS": LEASE,
            "XDG_STATE_HOME": str(home / "state"),
            "TMPDIR": str(home / "tmp"),
            **env,
        }
        (home / "tmp").mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(command, cwd=home, env=environment, text=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        return Worker(process)

    def check(self, prompts: tuple[str, ...], exits: list[tuple[int, str]]) -> set[str]:
        """The four promises; returns the prompts whose row is saved."""
        assert max(self.api.creates.values(), default=0) <= 1, self.api.creates  # once at most
        store = open_journal(self.journal)
        try:
            jobs = store.jobs()
        finally:
            store.close()
        known = {job.id for job in jobs if job.generation_known}
        fallback = "".join(p.read_text() for p in self.tmp.rglob("aimlapi-veo-unjournaled-ids.txt"))
        kept = known | {line.split("\t")[1] for line in fallback.splitlines() if line}
        assert set(self.api.ids) <= kept, "a paid id is in neither the journal nor a fallback file"
        saved_jobs = [job for job in jobs if job.downloaded_at is not None]
        for job in saved_jobs:
            data = Path(job.output_path or "").read_bytes()
            assert data == video_of(job.id)
            assert hashlib.sha256(data).hexdigest() == job.file_sha256
        for path in self.tmp.rglob("*.mp4"):  # no other file either: never a spliced one
            assert path.read_bytes() in {video_of(i) for i in self.api.ids}, path
        saved = {self.api.prompt_of[job.id] for job in saved_jobs}
        for code, err in exits:
            assert (code == 0) == (saved >= set(prompts)), err
        return saved


@pytest.fixture
def rig(journal_target: str, tmp_path: Path, api: Server) -> Rig:
    return Rig(tmp_path, api, journal_target)


# The faults ----------------------------------------------------------------------------------
PROMPTS = tuple(f"row {n}" for n in range(4))


def test_a_second_copy_of_the_batch_folder_creates_each_row_once(rig: Rig) -> None:
    """The rows are keyed by content, not by where the file lies: both copies share one queue."""
    rows = rig.rows(*PROMPTS)
    copy = rig.tmp / "copy"
    shutil.copytree(rig.folder, copy)
    workers = [rig.start(rows), rig.start(copy / "rows.jsonl")]
    exits = [worker.result() for worker in workers]
    assert rig.check(PROMPTS, exits) == set(PROMPTS)
    assert sum(rig.api.creates.values()) == len(PROMPTS)


def test_a_429_storm_outlasting_the_lease_with_a_retry_unknown_worker_creates_once(
    rig: Rig,
) -> None:
    """Two 429s with Retry-After (2 s, longer than the 1.5-s lease): the first worker renews
    its leases while it waits; the second, with --retry-unknown, finds the row held, not unknown."""
    rig.api.refusals["storm"] = 2
    rows = rig.rows("storm", "calm")
    first = rig.start(rows)
    wait_until(lambda: rig.api.refusals["storm"] < 2)
    second = rig.start(rows, "--retry-unknown")
    exits = [first.result(), second.result()]
    assert rig.check(("storm", "calm"), exits) == {"storm", "calm"}


def test_a_worker_paused_past_its_lease_before_its_intent_sends_nothing(rig: Rig) -> None:
    """SIGSTOP between the claim and the intent, for longer than the lease: the other worker
    takes the row over and creates it; the paused one wakes up, finds its token stale, and
    stops before sending, saying so."""
    rows, halt = rig.rows("paused"), rig.tmp / "halted"
    first = rig.start(rows, TEST_HALT=str(halt))
    wait_until(halt.exists)
    first.process.send_signal(signal.SIGSTOP)
    second = rig.start(rows)
    second_exit = second.result()
    first.process.send_signal(signal.SIGCONT)
    halt.with_name("halted.go").touch()
    first_exit = first.result()
    assert rig.check(("paused",), [first_exit, second_exit]) == {"paused"}
    assert "lost the lease" in first_exit[1]


def test_workers_with_clocks_200_s_apart_create_each_row_once(rig: Rig) -> None:
    """Lease times are the database's: the workers' clocks do not decide who owns a row."""
    rows = rig.rows(*PROMPTS)
    workers = [rig.start(rows, TEST_SKEW=skew) for skew in ("200", "-200", "0")]
    exits = [worker.result() for worker in workers]
    assert rig.check(PROMPTS, exits) == set(PROMPTS)


def test_a_worker_paused_mid_download_never_splices_or_zero_fills_the_file(rig: Rig) -> None:
    """Paused while saving, past its lease: the other worker saves the video into its own part
    file; the paused one wakes up, finishes writing its own part, finds its token stale and
    neither moves it into place nor journals it."""
    rig.api.chunk_delay = 0.03  # about 1.2 s per video
    rows = rig.rows("slow")
    first = rig.start(rows)
    wait_until(lambda: rig.api.downloads)
    time.sleep(0.2)  # some bytes written
    first.process.send_signal(signal.SIGSTOP)
    second = rig.start(rows)
    second_exit = second.result()
    first.process.send_signal(signal.SIGCONT)
    first_exit = first.result()
    assert rig.check(("slow",), [first_exit, second_exit]) == {"slow"}
    assert len(rig.api.downloads) == 2
    assert not list(rig.tmp.rglob("*.part"))


def test_a_rerun_after_a_saved_video_was_deleted_saves_it_again_without_a_create(
    rig: Rig,
) -> None:
    """The queue says "saved", the disk says otherwise: the rerun believes the disk."""
    rows = rig.rows("kept", "deleted")
    assert rig.start(rows).result()[0] == 0
    [video] = list((rig.folder / "out").glob("deleted-*.mp4"))
    video.unlink()
    rerun = rig.start(rows).result()
    assert rig.check(("kept", "deleted"), [rerun]) == {"kept", "deleted"}
    assert video.exists()
    assert sum(rig.api.creates.values()) == 2


class Proxy:
    """A TCP relay to the journal's server that a test can cut (the server "stopped")."""

    def __init__(self, port: int) -> None:
        self.target, self.up = port, True
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.links: list[socket.socket] = []
        self.lock = threading.Lock()  # a link made while the relay is cut is closed, not kept
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                try:
                    if not self.up:
                        raise ConnectionRefusedError  # the server is "stopped"
                    upstream = socket.create_connection(("127.0.0.1", self.target))
                except OSError:
                    client.close()
                    continue
                self.links += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def cut(self) -> None:
        with self.lock:
            self.up = False
            self._close_links()

    def _close_links(self) -> None:
        for link in self.links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()  # even when shutdown failed (the peer went first): no socket leaks
        self.links.clear()

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.mark.parametrize("fault", ["postgres-server-gone", "sqlite-disk-full"])
def test_the_journal_lost_with_creates_in_flight_loses_no_paid_id(
    fault: str, request: pytest.FixtureRequest, tmp_path: Path, api: Server
) -> None:
    """The journal's PostgreSQL server unreachable, or the SQLite journal's disk full, while
    three creates are in flight: no new row starts, the creates finish, their ids go to the
    fallback file, the worker exits non-zero naming it. The rerun (journal back) reports those
    rows unknown and exits non-zero; nothing is created twice."""
    prompts = (*PROMPTS[:3], "later 1", "later 2", "later 3")
    full, env = tmp_path / "disk-full", {}
    if fault == "postgres-server-gone":
        pg_url = str(request.getfixturevalue("pg_url"))
        port = int(urlsplit(pg_url).port or 0)
        proxy = Proxy(port)
        request.addfinalizer(proxy.close)
        rig = Rig(tmp_path, api, pg_url.replace(f":{port}/", f":{proxy.port}/"))
        lose, restore = proxy.cut, lambda: setattr(proxy, "up", True)
    else:
        rig, env = Rig(tmp_path, api, str(tmp_path / "journal.sqlite3")), {"TEST_FULL": str(full)}
        lose, restore = full.touch, full.unlink
    rows = rig.rows(*prompts)
    api.release.clear()
    worker = rig.start(rows, **env)
    wait_until(lambda: api.pending == 3)
    lose()
    api.release.set()
    first_exit = worker.result()
    assert "aimlapi-veo-unjournaled-ids.txt" in first_exit[1]
    restore()
    rerun_exit = rig.start(rows).result()
    saved = rig.check(prompts, [first_exit, rerun_exit])
    assert set(api.creates) == set(PROMPTS[:3]) | {p for p in prompts[3:] if p in saved}
    assert rerun_exit[0] != 0  # the rows whose ids went to the fallback file are not saved
