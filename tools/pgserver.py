"""A throwaway PostgreSQL server for the tests and benchmarks: a real server (never a mock),
in a temporary folder, on a free 127.0.0.1 port, stopped and deleted at the end.

    with PostgresServer.start() as server:
        url = server.create_database("t1")   # postgresql://veo:<password>@127.0.0.1:<port>/t1

PostgreSQL refuses to run as root, so when this process is root the server runs as an
unprivileged system user (`postgres` when the Debian package made one, else one created here).
The server binaries are looked up under /usr/lib/postgresql/<version>/bin (Debian's layout),
then on PATH; `.ci/run` installs them on a fresh machine. It is tuned for throwaway data
(fsync off): a crash loses the database, which is all right for a test.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

USER = "veo"  # the database superuser of the throwaway cluster
SYSTEM_USER = "aimlapi-veo-pg"  # made only when running as root and no `postgres` user exists
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",  # throwaway data: speed over durability
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
}


class PostgresUnavailableError(RuntimeError):
    """The server could not be found or started; the message says why and what to do."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: the newest Debian-installed version, or PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise PostgresUnavailableError(
        "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin or on PATH: "
        "install them (`apt-get install postgresql`; .ci/run does this on a fresh machine)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _server_account() -> pwd.struct_passwd | None:
    """None when this process may run the server itself (not root); else the user to run as."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", SYSTEM_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(  # noqa: S603 (fixed arguments)
        # the system's own useradd, wherever PATH has it
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(SYSTEM_USER)


@dataclass
class PostgresServer:
    """One running cluster; `stop()` (or leaving the `with` block) ends it and deletes its files."""

    bindir: Path
    root: Path
    port: int
    password: str = field(repr=False)
    account: pwd.struct_passwd | None

    @classmethod
    def start(cls) -> PostgresServer:
        bindir, account = find_bindir(), _server_account()
        root = Path(tempfile.mkdtemp(prefix="veo-pg-"))
        server = cls(bindir, root, free_port(), secrets.token_hex(12), account)
        if account is not None:
            os.chown(root, account.pw_uid, account.pw_gid)
        try:
            server._initdb()
            server._run("pg_ctl", "-D", str(server.data), "-l", str(server.log), "-w", "-t", "60",
                        "-o", server._options(), "start")  # fmt: skip
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh, empty database; its URL."""
        import psycopg  # noqa: PLC0415 (only the tests and benchmarks need it)

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _initdb(self) -> None:
        secret = self.root / "pw"
        secret.write_text(self.password)
        if self.account is not None:
            os.chown(secret, self.account.pw_uid, self.account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", USER, "--pwfile", str(secret),
                  "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")  # fmt: skip
        secret.unlink()

    def _options(self) -> str:
        settings = {**SETTINGS, "port": str(self.port), "unix_socket_directories": str(self.root)}
        return " ".join(f"-c {name}={value}" for name, value in settings.items())

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        account = self.account
        done = subprocess.run(  # noqa: S603 (the server's own binaries, our arguments)
            [str(self.bindir / program), *args],
            capture_output=True,
            text=True,
            cwd=self.root,
            user=None if account is None else account.pw_uid,
            group=None if account is None else account.pw_gid,
            extra_groups=None if account is None else [],
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"},
            check=False,
        )
        if check and done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresUnavailableError(
                f"{program} {' '.join(args[:1])}... exited {done.returncode}: "
                f"{done.stderr.strip()[-2000:]}\n{log}".strip()
            )
