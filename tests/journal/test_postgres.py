"""What only the PostgreSQL store has: a server, a schema in a shared database, explicit
migrations, a password in the URL that must never show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import psycopg
import pytest
from pgserver import PostgresServer, free_port
from support import ID, PNG, VIDEO, Driver, FakeAPI, completed, generation
from typer.testing import CliRunner

from aimlapi_veo import JournalError, VeoClient
from aimlapi_veo.journal import open_journal
from aimlapi_veo.journal.postgres import PostgresJournal, redact_url
from aimlapi_veo_cli import app


def _password(url: str) -> str:
    return url.split(":")[2].split("@", maxsplit=1)[0]


def _set_version(url: str, value: str) -> None:
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("UPDATE aimlapi_veo.meta SET value = %s WHERE key = 'schema_version'", (value,))


def test_a_postgresql_url_selects_the_postgresql_store(pg_url: str) -> None:
    store = open_journal(pg_url)
    assert isinstance(store, PostgresJournal)
    assert _password(pg_url) not in repr(store) + store.location
    assert store.location == redact_url(pg_url) == pg_url.replace(f":{_password(pg_url)}@", "@")
    store.close()


def test_the_environment_variable_selects_postgresql_for_the_library_too(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIMLAPI_VEO_JOURNAL", pg_url)
    with VeoClient("k", base_url="https://api.test") as client:
        assert isinstance(client.journal, PostgresJournal)
        client.journal.close()


def test_a_wrong_password_is_a_journal_error_that_does_not_show_it(pg_url: str) -> None:
    wrong = pg_url.replace(_password(pg_url), "not-the-password-4242")
    with pytest.raises(JournalError) as caught:
        PostgresJournal(wrong)
    assert "not-the-password-4242" not in str(caught.value) + caught.value.location
    assert "password authentication failed" in str(caught.value)


def test_a_server_that_is_down_is_a_journal_error_naming_it() -> None:
    url = f"postgresql://veo:secret-pw@127.0.0.1:{free_port()}/veo"
    with pytest.raises(JournalError) as caught:
        PostgresJournal(url)
    assert caught.value.location == f"postgresql://veo@127.0.0.1:{url.split(':')[3]}"
    assert "secret-pw" not in str(caught.value)


@pytest.mark.parametrize(
    ("version", "words"),
    [("4", "newer than this client's 3"), ("2", "veo journal migrate"), ("x", "not an aimlapi")],
)
def test_a_schema_of_another_version_is_refused_before_any_use(
    pg_url: str, version: str, words: str
) -> None:
    PostgresJournal(pg_url).close()
    _set_version(pg_url, version)
    with pytest.raises(JournalError, match=words):
        open_journal(pg_url)


def test_another_programs_schema_of_that_name_is_refused(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("CREATE SCHEMA aimlapi_veo")
        db.execute("CREATE TABLE aimlapi_veo.jobs (x int)")
    with pytest.raises(JournalError, match="not an aimlapi-veo journal"):
        open_journal(pg_url)


def test_veo_journal_migrate_creates_the_schema_once(pg_url: str) -> None:
    first = CliRunner().invoke(app, ["journal", "migrate", pg_url])
    again = CliRunner().invoke(app, ["journal", "migrate", pg_url])
    assert (first.exit_code, again.exit_code) == (0, 0), first.output
    assert "schema version none -> 3" in first.output
    assert "schema version 3, nothing to do" in again.output
    assert _password(pg_url) not in first.output + again.output
    store = PostgresJournal(pg_url)
    assert store.schema_version() == 3
    store.close()


def test_a_store_reconnects_after_the_server_dropped_it(pg_url: str) -> None:
    store = PostgresJournal(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                   " WHERE application_name = 'aimlapi-veo'")  # fmt: skip
    assert store.jobs() == []  # the transaction's first statement found it dead, and reconnected
    store.close()


def test_clients_sync_and_async_journal_into_postgresql(
    make_driver: Callable[..., Driver], api: FakeAPI, pg_url: str, tmp_path: Path
) -> None:
    """create journals the id in PostgreSQL; another client's resume finishes it, never creating."""
    api.fetches = [httpx.Response(200, json=generation("generating"))]
    stores = [PostgresJournal(pg_url), PostgresJournal(pg_url)]  # a client closes only its own
    first = make_driver(journal=stores[0])
    first.create(PNG, "p", label="job-1")
    first.client.journal.set_output(ID, tmp_path / "resumed.mp4")
    first.close()
    api.requests.clear()
    api.fetches = [httpx.Response(200, json=completed())]
    api.cdn = [httpx.Response(200, content=VIDEO)]
    second = make_driver(journal=stores[1])
    second.resume()
    assert (tmp_path / "resumed.mp4").read_bytes() == VIDEO
    assert api.sent("POST") == []
    job = second.client.journal.get(ID)
    assert (job.label, job.file_size, job.downloaded_at is not None) == ("job-1", len(VIDEO), True)
    for store in stores:
        store.close()


def test_the_server_fixture_runs_an_unprivileged_real_server(pg_server: PostgresServer) -> None:
    with psycopg.connect(pg_server.url(), autocommit=True) as db:
        row = db.execute("SELECT current_setting('server_version_num')::int, inet_server_port()")
        version, port = row.fetchone() or (0, 0)
    assert version >= 150000
    assert port == pg_server.port
    if pg_server.account is not None:  # running as root: the server is not
        assert pg_server.account.pw_uid != 0
