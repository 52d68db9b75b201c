"""The throwaway PostgreSQL server: found where Debian installs it, run as `postgres` under root,
and a one-line reason when it is not installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot import pgtemp


def test_missing_server_binaries_give_a_one_line_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pgtemp, "SEARCH", (str(tmp_path / "postgresql-*" / "bin"),))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("PG_BIN", raising=False)
    with pytest.raises(pgtemp.NoServer) as exc:
        pgtemp.find_bin()
    assert "\n" not in str(exc.value) and "postgresql-15" in str(exc.value)


def test_pg_bin_is_used_when_it_holds_the_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for tool in ("initdb", "pg_ctl"):
        (tmp_path / tool).touch()
    monkeypatch.setenv("PG_BIN", str(tmp_path))
    assert pgtemp.find_bin() == tmp_path


def test_the_server_tools_run_as_postgres_under_root() -> None:
    cmd = pgtemp._as_server_user(["initdb", "-D", "x"])
    if os.geteuid() == 0:
        assert cmd[:4] == ["runuser", "-u", "postgres", "--"] and cmd[4:] == ["initdb", "-D", "x"]
    else:
        assert cmd == ["initdb", "-D", "x"]


def test_the_server_listens_on_a_socket_in_its_own_folder(pg_server: pgtemp.TempPostgres) -> None:
    url = pg_server.url("x")
    assert f"host={pg_server.socket}" in url and str(pg_server.socket).startswith(str(pg_server.dir))
    assert list(pg_server.socket.glob(".s.PGSQL.*"))
