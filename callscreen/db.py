"""Opening the SQLite call log: WAL, foreign keys, migrations; one connection per request."""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlite_utils import Database

from .checkpointer import Checkpointer
from .migrations import migrations


class DatabaseError(RuntimeError):
    """The database file cannot be opened or upgraded."""


_WRITE_LOCKS: dict[str, threading.Lock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


def _write_lock(path: str) -> threading.Lock:
    # SQLite's busy handler sleeps in growing steps; queueing writers of this process on a
    # lock instead keeps tail latency low. Other processes still meet the busy timeout.
    with _WRITE_LOCKS_GUARD:
        return _WRITE_LOCKS.setdefault(str(Path(path).resolve()), threading.Lock())


def connect(path: str | Path, autocheckpoint: bool = True) -> Database:
    """Open the database at `path` (":memory:" allowed) with WAL and foreign keys on. Without
    `autocheckpoint`, commits never checkpoint; a Checkpointer thread must do it."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        # Autocommit: transactions are explicit (`immediate`, sqlite-utils `atomic`).
        conn = sqlite3.connect(str(path), timeout=15, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        if not autocheckpoint:
            conn.execute("PRAGMA wal_autocheckpoint=0")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: cannot open as a SQLite database: {exc}") from exc
    db = Database(conn)
    db.write_lock = _write_lock(path) if str(path) != ":memory:" else threading.Lock()
    return db


def open_db(path: str | Path) -> Database:
    """Open the database and apply any pending migrations."""
    db = connect(path)
    upgrade(db)
    return db


def upgrade(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    try:
        pending = [m.name for m in migrations.pending(db)]
        migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot upgrade the database: {exc}") from exc
    return pending


class Pool:
    """One open connection per thread (closing a WAL connection checkpoints, which is slow);
    their commits never checkpoint: the pool's Checkpointer thread does, off the request path."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self._forget()
        # A forked worker must not use the parent's connections, and the parent's
        # checkpointer thread does not exist in it: start afresh there.
        pool = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (p := pool()) and p._forget())

    def _forget(self) -> None:
        self._guard = threading.Lock()
        self._local = threading.local()
        self._all: list[Database] = []
        self._checkpointer: Checkpointer | None = None

    def get(self) -> Database:
        """This thread's connection, opened on first use (in each process)."""
        db = getattr(self._local, "db", None)
        if db is None:
            in_memory = str(self.path) == ":memory:"  # nothing to checkpoint there
            db = self._local.db = connect(self.path, autocheckpoint=in_memory)
            with self._guard:
                self._all.append(db)
                if self._checkpointer is None and not in_memory:
                    self._checkpointer = Checkpointer(self.path, db.write_lock).start()
        return db

    def close_all(self) -> None:
        """Stop the checkpointer and close every connection (shutdown, tests)."""
        with self._guard:
            if self._checkpointer is not None:
                self._checkpointer.stop()
                self._checkpointer = None
            for db in self._all:
                db.conn.close()
            self._all.clear()
            self._local = threading.local()


def get_db() -> Database:
    """This request's database connection (the thread's pooled one)."""
    return current_app.extensions["callscreen_db"].get()


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the lock at once, for read-then-write sequences."""
    with db.write_lock:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
