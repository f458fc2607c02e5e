"""Opening the SQLite call log: WAL, foreign keys, migrations; one connection per request."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app, g
from sqlite_utils import Database

from .migrations import migrations


class DatabaseError(RuntimeError):
    """The database file cannot be opened or upgraded."""


def connect(path: str | Path) -> Database:
    """Open the database at `path` (":memory:" allowed) with WAL and foreign keys on."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        # Autocommit: transactions are explicit (`immediate`, sqlite-utils `atomic`).
        conn = sqlite3.connect(str(path), timeout=15, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: cannot open as a SQLite database: {exc}") from exc
    return Database(conn)


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


def get_db() -> Database:
    """The request's database connection, opened on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """Close the request's connection (teardown)."""
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the lock at once, for read-then-write sequences."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
