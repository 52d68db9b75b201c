"""Processes sharing one database reload together; one that fails validation keeps its version and says so."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.cluster import ALIVE_FOR, Cluster, ClusterReload
from bot.cogs.admin import processes_note
from bot.engine import Engine, Thresholds
from bot.engine_ref import EngineRef, ReloadResult
from bot.store import ProcessRecord, Store
from bot.tasks import TaskTracker

from .test_reload import flip_venue


def engines(k: Path, i: Path) -> EngineRef:
    return EngineRef(Engine.from_dirs(k, i), k, i, Thresholds())


async def test_a_reload_reaches_every_process_and_a_failing_one_keeps_its_version(
    pg_url: str, fixture_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    k, i = fixture_copy
    broken = tmp_path / "broken"
    shutil.copytree(k, broken)
    good, bad = engines(k, i), engines(broken, i)
    async with await Store.open(pg_url) as store_a, await Store.open(pg_url) as store_b:
        a = Cluster(store_a, good, TaskTracker(), shards=(0, 1))
        b = Cluster(store_b, bad, TaskTracker(), shards=(2, 3))
        await a.start()
        await b.start()
        old_version = bad.current.version
        old_b = bad.current
        flip_venue(k, "new-york")
        (broken / "sessions.yaml").write_text("sessions: [\n", encoding="utf-8")

        outcome = await a.reload_all()

        assert outcome.result.ok and outcome.result.version != old_version
        assert good.current.version == outcome.result.version
        assert (outcome.took, len(outcome.processes)) == (1, 2)
        (kept,) = outcome.others
        assert (kept.id, kept.shards, kept.status, kept.version) == (b.id, "2,3", "kept", old_version)
        assert "sessions.yaml" in kept.detail
        assert bad.current is old_b  # still answering from the last good knowledge

        shutil.copy(k / "sessions.yaml", broken / "sessions.yaml")  # b's files mended: the next reload takes
        outcome = await b.reload_all()
        assert (outcome.took, len(outcome.processes), outcome.others) == (2, 2, ())
        await b.stop()
        assert [p.id for p in await a.alive()] == [a.id]
        await a.stop()


async def test_a_failed_reload_is_not_spread(pg_url: str, fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    first, second = engines(k, i), engines(k, i)
    async with await Store.open(pg_url) as store_a, await Store.open(pg_url) as store_b:
        a, b = Cluster(store_a, first, TaskTracker()), Cluster(store_b, second, TaskTracker())
        await a.start()
        await b.start()
        before = second.current
        (k / "sessions.yaml").write_text("sessions: [\n", encoding="utf-8")
        outcome = await a.reload_all()
        assert not outcome.result.ok and outcome.took == 0
        assert {p.version for p in outcome.processes} == {before.version}  # both serve what they had
        assert second.current is before
        await a.stop()
        await b.stop()


async def test_on_sqlite_the_one_process_reports_alone(tmp_path: Path, fixture_copy: tuple[Path, Path]) -> None:
    k, i = fixture_copy
    ref = engines(k, i)
    async with await Store.open(tmp_path / "s.sqlite3") as store:
        cluster = Cluster(store, ref, TaskTracker(), wait=0.5)
        await cluster.start()
        flip_venue(k, "new-york")
        outcome = await cluster.reload_all()
        assert (outcome.took, len(outcome.processes)) == (1, 1)
        await cluster.stop()


async def test_processes_that_stopped_reporting_are_left_out(store_target: str, fixture_engine: Engine) -> None:
    now = 1_000_000.0
    async with await Store.open(store_target) as store:
        ref = EngineRef(fixture_engine, Path("."), Path("."), Thresholds())
        cluster = Cluster(store, ref, TaskTracker(), clock=lambda: now)
        await cluster.start()
        await store.save_process(ProcessRecord("crashed", "all", "v0", "ok", "", "", now - ALIVE_FOR - 1))
        await store.save_process(ProcessRecord("quiet", "all", "v0", "ok", "", "", now - ALIVE_FOR + 1))
        assert sorted(p.id for p in await cluster.alive()) == sorted([cluster.id, "quiet"])


def test_the_admin_reply_counts_processes_and_names_those_that_kept_their_version() -> None:
    took = ProcessRecord("a:1:x", "0,1", "v2", "ok", "r", "", 0.0)
    kept = ProcessRecord("b:2:y", "2,3", "v1", "kept", "r", "1 problem(s), first: sessions.yaml:3:1: bad", 0.0)
    late = ProcessRecord("c:3:z", "4,5", "v1", "ok", "", "", 0.0)
    note = processes_note(ClusterReload(ReloadResult(True, "v2"), (took, kept, late)))
    lines = note.splitlines()
    assert lines[0] == "1 of 3 process(es) took version v2."
    assert "b:2:y (shards 2,3) still serves version v1; validation failed: 1 problem(s)" in lines[1]
    assert "c:3:z (shards 4,5) still serves version v1; did not report in time" in lines[2]
