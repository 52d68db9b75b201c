"""A throwaway PostgreSQL server in a temporary folder, for the tests and the benchmark.

The server tools refuse to run as root, so as root they run as the `postgres` system user. The
server listens on a Unix socket inside the folder only (no TCP port), so runs never collide.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

SEARCH = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/pgsql-*/bin")
START_TIMEOUT = 60


class NoServer(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bin() -> Path:
    """The folder with initdb and pg_ctl: PG_BIN, PATH, or the usual install folders (newest first)."""
    candidates = [os.environ.get("PG_BIN", "")]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for pattern in SEARCH:
        candidates += sorted(glob.glob(pattern), reverse=True)
    for folder in filter(None, candidates):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    raise NoServer("no PostgreSQL server binaries (initdb, pg_ctl); install postgresql-15 or set PG_BIN")


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class TempPostgres:
    """`with TempPostgres() as pg:` a running server; `pg.url(dbname)` to connect; `pg.create(name)`."""

    def __init__(self) -> None:
        self.bin = find_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="faqbot-pg-"))
        self.data = self.dir / "data"
        self.socket = self.dir / "socket"
        self.port = 5432  # only names the socket file; nothing listens on TCP

    def __enter__(self) -> TempPostgres:
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.cleanup()

    def _run(self, *args: str) -> None:
        subprocess.run(_as_server_user(list(args)), check=True, capture_output=True, text=True, cwd=self.dir)

    def start(self) -> None:
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.socket, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-k {self.socket} -c listen_addresses= -p {self.port} -F"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "server.log"),
            "-w",
            "-t",
            str(START_TIMEOUT),
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket}&port={self.port}"

    def create(self, database: str) -> str:
        """A new empty database; returns its URL."""
        self._psql(f'CREATE DATABASE "{database}"')
        return self.url(database)

    def _psql(self, statement: str) -> None:
        cmd = [str(self.bin / "psql"), "-X", "-q", "-h", str(self.socket), "-p", str(self.port), "-U", "postgres"]
        if not (self.bin / "psql").exists():
            cmd[0] = shutil.which("psql") or "psql"
        subprocess.run([*cmd, "-d", "postgres", "-c", statement], check=True, capture_output=True, text=True)


@contextlib.contextmanager
def temp_postgres() -> Iterator[TempPostgres]:
    with TempPostgres() as pg:
        yield pg
