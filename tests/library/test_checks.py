"""Everything local is checked before the paid create: 0 requests are sent when any is wrong."""

from __future__ import annotations

import asyncio
import base64
import sqlite3
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from support import BASE, ID, KEY, PNG, VIDEO, Driver, FakeAPI, generation

from aimlapi_veo import (
    AsyncVeoClient,
    InvalidInputError,
    Journal,
    JournalError,
    MissingAPIKeyError,
    VeoClient,
)
from aimlapi_veo.journal.base import SCHEMA_VERSION


def construct(kind: str, api: FakeAPI, tmp_path: Path, **options: object) -> None:
    """Build (and close) the sync or async client: for checks made at construction."""
    options.setdefault("api_key", KEY)
    options.setdefault("base_url", BASE)
    options.setdefault("journal", tmp_path / "journal.sqlite3")
    cls = VeoClient if kind == "sync" else AsyncVeoClient
    transport = httpx.MockTransport(api)
    client = cls(transport=transport, **options)
    if isinstance(client, VeoClient):
        client.close()


@pytest.mark.parametrize(
    "key",
    ["sk-ab cd", "sk-\u00e9t\u00e9", "sk-\x00x", "sk-\u201cquoted\u201d", "a\nb"],
    ids=["space", "non-ascii", "nul", "smart-quotes", "inner-newline"],
)
def test_a_malformed_key_is_refused_without_echoing_it(
    kind: str, api: FakeAPI, tmp_path: Path, key: str
) -> None:
    """Anything but one printable ASCII token is refused at construction; the message does not
    contain the key."""
    with pytest.raises(InvalidInputError, match="printable ASCII") as caught:
        construct(kind, api, tmp_path, api_key=key)
    assert key.strip() not in str(caught.value)
    assert api.requests == []


def test_surrounding_whitespace_of_a_key_read_from_a_file_is_stripped(
    kind: str, api: FakeAPI, tmp_path: Path
) -> None:
    """A key with a trailing newline (from a file) is sent without it."""
    options = {"base_url": BASE, "journal": False, "transport": httpx.MockTransport(api)}
    if kind == "sync":
        with VeoClient(f"  {KEY}\n", **options) as client:
            client.get(ID)
    else:

        async def fetch() -> None:
            async with AsyncVeoClient(f"  {KEY}\n", **options) as client:
                await client.get(ID)

        asyncio.run(fetch())
    assert api.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_a_blank_key_is_a_missing_key(kind: str, api: FakeAPI, tmp_path: Path) -> None:
    with pytest.raises(MissingAPIKeyError):
        construct(kind, api, tmp_path, api_key=" \n")


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("127.0.0.1:9", "http:// or https://"),
        ("http://", "has no host"),
        ("ftp://api.test", "http:// or https://"),
        ("http://api.test:port", "port"),
        ("https://user:pw@api.test", "user name"),
        ("https://api.test?x=1", "query"),
    ],
)
def test_a_bad_base_url_is_refused_before_any_request(
    kind: str, api: FakeAPI, tmp_path: Path, url: str, complaint: str
) -> None:
    with pytest.raises(InvalidInputError, match=complaint):
        construct(kind, api, tmp_path, base_url=url)
    assert api.requests == []


def output_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "taken.mp4").write_bytes(b"old")
    return {
        "a folder": (tmp_path / "folder", "is a folder"),
        "parent is a file": (tmp_path / "a-file" / "v.mp4", "is not a folder"),
        "existing file": (tmp_path / "taken.mp4", "exists already"),
    }


@pytest.mark.parametrize("case", ["a folder", "parent is a file", "existing file"])
def test_an_unusable_output_path_is_refused_before_the_create(
    client: Driver, api: FakeAPI, tmp_path: Path, case: str
) -> None:
    """The path is checked before paying, not after (`Is a directory: ...part`)."""
    path, complaint = output_cases(tmp_path)[case]
    with pytest.raises(InvalidInputError, match=complaint):
        client.generate(PNG, "p", path)
    assert api.requests == []
    assert client.client.journal.jobs() == []


def test_a_missing_output_folder_is_created_before_the_create(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    """`-o videos/cat.mp4` makes `videos/` first; a file in the way is refused above."""
    seen: list[bool] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((tmp_path / "new" / "deeper").is_dir())
        return httpx.Response(200, json=generation())

    api.creates = [answer]
    saved = client.generate(PNG, "p", tmp_path / "new" / "deeper" / "v.mp4")
    assert seen == [True]
    assert saved.read_bytes() == VIDEO


def test_an_existing_file_is_replaced_only_when_asked(
    client: Driver, api: FakeAPI, tmp_path: Path
) -> None:
    (tmp_path / "taken.mp4").write_bytes(b"old")
    saved = client.generate(PNG, "p", tmp_path / "taken.mp4", overwrite=True)
    assert saved.read_bytes() == VIDEO


def newer_schema(path: Path) -> None:
    Journal(path).close()
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE jobs ADD COLUMN tenant TEXT NOT NULL DEFAULT 'x'")
        db.execute("PRAGMA user_version = 99")


def foreign(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database at all" * 200)


@pytest.mark.parametrize(
    ("damage", "complaint"),
    [
        (newer_schema, "newer than this client"),
        (foreign, "tables of another program"),
        (garbage, "not an SQLite database"),
    ],
)
def test_an_unusable_journal_is_refused_when_opened_naming_the_file(
    kind: str,
    api: FakeAPI,
    tmp_path: Path,
    damage: Callable[[Path], None],
    complaint: str,
) -> None:
    path = tmp_path / "journal.sqlite3"
    damage(path)
    with pytest.raises(JournalError, match=complaint) as caught:
        construct(kind, api, tmp_path, journal=path)
    assert caught.value.location == str(path)
    assert str(path) in str(caught.value)
    assert api.requests == []


def test_a_read_only_journal_stops_the_create_before_it_is_sent(
    make_driver: Callable[..., Driver], api: FakeAPI, tmp_path: Path
) -> None:
    """The intent is written before the POST: a journal that takes no writes sends nothing."""
    path = tmp_path / "journal.sqlite3"
    Journal(path).close()
    readonly = Journal(f"file:{path}?mode=ro")  # the same file, opened read-only
    client = make_driver(journal=readonly)
    with pytest.raises(JournalError, match="read-only"):
        client.create(PNG, "p")
    assert api.requests == []


def test_a_0_1_journal_is_upgraded_in_place_and_keeps_its_jobs(tmp_path: Path) -> None:
    """A journal written by 0.1 (user_version 0) gains the new columns; its jobs stay."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE jobs (id TEXT PRIMARY KEY, base_url TEXT NOT NULL, created_at REAL"
            " NOT NULL, updated_at REAL NOT NULL, status TEXT NOT NULL, params TEXT NOT NULL,"
            " video_seconds INTEGER NOT NULL, label TEXT, video_url TEXT, output_path TEXT,"
            " completed_at REAL, downloaded_at REAL, error TEXT);"
            "CREATE TABLE events (job_id TEXT NOT NULL, at REAL NOT NULL, status TEXT NOT NULL);"
            f"INSERT INTO jobs VALUES ('old-id', '{BASE}', 1, 1, 'queued', '{{}}', 5,"
            " NULL, NULL, NULL, NULL, NULL, NULL);"
        )
    journal = Journal(path)
    assert [job.id for job in journal.unfinished()] == ["old-id"]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_key_is_checked_before_the_transport_sees_it(
    kind: str, api: FakeAPI, tmp_path: Path
) -> None:
    """A key httpx would refuse as a header never reaches httpx (no retries, no 'may have been
    charged')."""
    encoded = base64.b64encode(b"sk-\xff").decode()
    with pytest.raises(InvalidInputError):
        construct(kind, api, tmp_path, api_key=encoded + "\u00a0x")
    assert api.requests == []
