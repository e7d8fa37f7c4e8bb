"""A throwaway PostgreSQL server for the journal's tests, started once per test session.

It uses Debian's server binaries (``/usr/lib/postgresql/*/bin``: ``initdb`` and
``pg_ctl``) on a cluster in a temporary folder, listening only on a unix socket
in that folder, and is stopped and removed at the end of the session. PostgreSQL
refuses to run as root, so under root the cluster belongs to the ``postgres``
user (else ``nobody``) and its commands run through ``runuser``.

Without the binaries the PostgreSQL tests are skipped with the reason, unless
``REGAIN_REQUIRE_POSTGRES=1`` (CI), where they fail instead.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE = "REGAIN_REQUIRE_POSTGRES"
USER = "regain"


def server_binaries() -> Path | None:
    """The newest of Debian's PostgreSQL server folders holding initdb and pg_ctl, if any."""
    bins = Path("/usr/lib/postgresql").glob("*/bin")
    found = [b for b in bins if (b / "initdb").exists() and (b / "pg_ctl").exists()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, default=None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    """A running cluster: its folder (also the socket's), its port and a database counter."""

    folder: Path
    port: int
    bin: Path
    run_as: list[str]
    started_in: float
    _numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        """A new, empty database of this server; its SQLAlchemy URL."""
        import psycopg

        name = f"t{next(self._numbers)}"
        with psycopg.connect(host=str(self.folder), port=self.port, user=USER, dbname="postgres") as db:
            db.autocommit = True
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        data = str(self.folder / "data")
        subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _owner() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix to run the server's commands with, and the account that owns the cluster."""
    if os.geteuid() != 0:
        return [], None
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root, and runuser (to start PostgreSQL as another user) is missing")
    for name in ("postgres", "nobody"):
        try:
            account = pwd.getpwnam(name)
        except KeyError:
            continue
        return [runuser, "-u", name, "--"], account
    raise RuntimeError("running as root, and there is no postgres or nobody user to run PostgreSQL as")


def start_server() -> PostgresServer:
    """Start a throwaway cluster; ``RuntimeError`` with the reason if it cannot start."""
    bin = server_binaries()
    if bin is None:
        raise FileNotFoundError("no PostgreSQL server in /usr/lib/postgresql (apt-get install postgresql)")
    began = time.perf_counter()
    run_as, account = _owner()
    folder = Path(tempfile.mkdtemp(prefix="regain-pg-"))
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    port = _free_port()
    server = PostgresServer(folder, port, bin, run_as, 0.0)
    options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off -c max_connections=50"
    options += " -c TimeZone=UTC"
    data, log = str(folder / "data"), str(folder / "log")
    steps = [
        [str(bin / "initdb"), "-D", data, "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync"],
        [str(bin / "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"],
    ]
    for step in steps:
        done = subprocess.run([*run_as, *step], capture_output=True, text=True, cwd=folder, check=False)
        if done.returncode != 0:
            said = (done.stderr.strip() or done.stdout.strip()).replace("\n", " ")
            if (folder / "log").exists():
                said += " " + (folder / "log").read_text(errors="replace").replace("\n", " ")
            server.stop()
            raise RuntimeError(f"{Path(step[0]).name} failed: {said}")
    server.started_in = time.perf_counter() - began
    return server


def no_server(reason: str) -> NoReturn:
    """Skip the PostgreSQL tests with ``reason``, or fail them under ``REGAIN_REQUIRE_POSTGRES=1``."""
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{REQUIRE}=1 but no PostgreSQL server could start: {reason}")
    pytest.skip(f"no PostgreSQL server could start: {reason}")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this test session (skipped, or failed under REGAIN_REQUIRE_POSTGRES=1)."""
    try:
        server = start_server()
    except (OSError, RuntimeError) as error:
        no_server(str(error))
    try:
        yield server
    finally:
        server.stop()
