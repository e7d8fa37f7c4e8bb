"""The PostgreSQL tests skip only where no server can start, and never in CI."""

from __future__ import annotations

import os

import pytest
from postgres_server import REQUIRE, PostgresServer, no_server, server_binaries


def test_without_a_server_the_tests_skip_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server could start: initdb failed"):
        no_server("initdb failed")


def test_where_postgresql_is_required_they_fail_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match="REGAIN_REQUIRE_POSTGRES=1 but no PostgreSQL server"):
        no_server("initdb failed")


def test_the_server_runs_as_another_user_than_root(postgres: PostgresServer) -> None:
    assert server_binaries() == postgres.bin
    owner = (postgres.folder / "data").stat().st_uid
    assert owner != 0 if os.geteuid() == 0 else owner == os.geteuid()
