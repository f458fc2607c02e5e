"""The call log on a real SQLite file: migrations, WAL, foreign keys, the audit chain."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from callscreen import audit
from callscreen.checkpointer import Checkpointer, checkpoint
from callscreen.db import DatabaseError, Pool, connect, open_db, upgrade
from callscreen.migrations import migrations


def test_new_database_gets_every_migration_wal_and_foreign_keys(tmp_path):
    db = open_db(tmp_path / "new" / "calls.db")
    names = [m.name for m in migrations.applied(db)]
    assert names == [m.name for m in migrations._migrations]
    assert names[:3] == ["m001_call_log", "m002_recordings", "m003_transcripts"]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"calls", "events", "indicators", "audit", "recordings"} <= set(db.table_names())


def test_older_database_upgrades_in_place_and_keeps_its_calls(tmp_path):
    path = tmp_path / "old.db"
    old = connect(path)
    migrations.apply(old, stop_before="m002_recordings")
    old["calls"].insert(
        {"sid": "CA" + "1" * 32, "status": "completed", "created_at": "2026-01-01T00:00:00.000Z"}
    )
    old.conn.close()
    db = connect(path)
    assert upgrade(db) == [m.name for m in migrations._migrations][1:]
    assert db["calls"].get("CA" + "1" * 32)["status"] == "completed"
    assert "recordings" in db.table_names()
    assert upgrade(db) == []


def test_event_for_unknown_call_is_refused_by_foreign_key(tmp_path):
    db = open_db(tmp_path / "c.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO events (call_sid, kind, payload, created_at) "
            "VALUES ('CAnope', 'x', '{}', 'now')"
        )


def test_file_that_is_not_a_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="junk.db"):
        open_db(path)


def test_audit_chain_verifies_and_detects_an_edited_entry(tmp_path):
    db = open_db(tmp_path / "a.db")
    for n in range(3):
        audit.record(db, "staff:ana", "call.viewed", None, {"n": n}, at=f"2026-01-0{n + 1}")
    assert audit.verify(db) == []
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET detail = '{\"n\": 9}' WHERE id = 2")
    assert audit.verify(db) == ["entry 2: its content was changed"]


def test_audit_chain_detects_a_deleted_entry(tmp_path):
    db = open_db(tmp_path / "a.db")
    for n in range(3):
        audit.record(db, "cli", "call.viewed", None, {"n": n}, at="2026-01-01")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE id = 2")
    problems = audit.verify(db)
    assert "entries 2..2 are missing" in problems
    assert "entry 3: does not follow the entry before it" in problems


def test_audit_rows_cannot_be_changed_through_sql(tmp_path):
    db = open_db(tmp_path / "a.db")
    audit.record(db, "cli", "x", None, {}, at="t")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("DELETE FROM audit")


def test_checkpointer_moves_the_wal_into_the_database_file_in_the_background(tmp_path):
    path = tmp_path / "w.db"
    writer = connect(path, autocheckpoint=False)
    writer.execute("CREATE TABLE blobs (b BLOB)")
    for _ in range(64):
        writer.execute("INSERT INTO blobs VALUES (randomblob(32768))")
    assert path.stat().st_size < 100_000  # every page is still in the WAL
    checkpointer = Checkpointer(path, writer.write_lock, seconds=0.02).start()
    deadline = time.monotonic() + 10
    while path.stat().st_size < 2_000_000 and time.monotonic() < deadline:
        time.sleep(0.02)
    checkpointer.stop()
    assert path.stat().st_size >= 2_000_000
    assert writer.execute("SELECT count(*) FROM blobs").fetchone()[0] == 64


class CountingLock:
    """A stand-in for the write lock that counts how often it is taken."""

    taken = 0

    def __enter__(self):
        self.taken += 1

    def __exit__(self, *exc):
        return False


def test_a_long_log_is_finished_under_the_write_lock_so_the_next_write_restarts_it(tmp_path):
    path = tmp_path / "r.db"
    writer = connect(path, autocheckpoint=False)
    writer.execute("CREATE TABLE blobs (b BLOB)")
    for _ in range(64):
        writer.execute("INSERT INTO blobs VALUES (randomblob(32768))")
    reader = sqlite3.connect(path, isolation_level=None)
    frames = checkpoint(reader)[1]
    assert frames > 500
    lock = CountingLock()
    checkpointer = Checkpointer(path, lock, limit_frames=100)
    checkpointer.catch_up(reader)
    checkpointer.catch_up(reader)  # nothing written since: no second locked pass
    assert lock.taken == 1
    writer.execute("INSERT INTO blobs VALUES (1)")
    assert checkpoint(reader)[1] < 10  # the log started again from its beginning


def test_pool_connections_leave_checkpoints_to_one_thread_that_close_all_stops(tmp_path):
    pool = Pool(tmp_path / "p.db")
    before = set(threading.enumerate())
    assert pool.get().execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    started = [t for t in set(threading.enumerate()) - before if t.name == "wal-checkpoint"]
    assert len(started) == 1
    pool.close_all()
    assert not started[0].is_alive()
    assert connect(tmp_path / "cli.db").execute("PRAGMA wal_autocheckpoint").fetchone()[0] > 0


FORKED_WORKER = """
import os, sys
from callscreen.db import Pool
pool = Pool(sys.argv[1])
parent = pool.get()
pool._checkpointer.stop()  # forking beside a thread inside SQLite can deadlock the child
pid = os.fork()
if pid == 0:  # the child: what a gunicorn worker forked after create_app would see
    ok = pool.get() is not parent and pool._checkpointer is not None
    os._exit(0 if ok and pool._checkpointer._thread.is_alive() else 1)
_, status = os.waitpid(pid, 0)
pool.close_all()
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_forked_worker_opens_its_own_connections_and_checkpointer(tmp_path):
    # In a fresh interpreter with no other thread running, as gunicorn's master forks:
    # forking beside a running thread can copy a lock it held (seen: a hung child).
    result = subprocess.run(
        [sys.executable, "-c", FORKED_WORKER, str(tmp_path / "f.db")], timeout=60
    )
    assert result.returncode == 0
