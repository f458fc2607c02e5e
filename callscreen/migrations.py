"""Named schema migrations: an existing call log upgrades in place, in order."""

from sqlite_utils import Database, Migrations

migrations = Migrations("callscreen")

APPEND_ONLY = (
    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN "
    "SELECT RAISE(ABORT, '{table} is append-only'); END"
)


@migrations(name="m001_call_log")
def m001_call_log(db: Database) -> None:
    """Calls, the append-only event log, indicator results and the audit log."""
    db["calls"].create(
        {
            "sid": str,
            "account_sid": str,
            "direction": str,
            "from_raw": str,
            "caller_e164": str,
            "caller_withheld": int,
            "to_number": str,
            "school": str,
            "status": str,
            "status_rank": int,
            "caller_city": str,
            "caller_state": str,
            "caller_zip": str,
            "caller_country": str,
            "stir_verstat": str,
            "forwarded_from": str,
            "caller_name": str,
            "started_at": str,
            "answered_at": str,
            "ended_at": str,
            "duration_seconds": int,
            "created_at": str,
            "updated_at": str,
            "params": str,
        },
        pk="sid",
        not_null={"sid", "status", "created_at"},
    )
    db["calls"].create_index(["caller_e164", "started_at"])
    db["calls"].create_index(["started_at"])
    db.execute(
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            call_sid TEXT NOT NULL REFERENCES calls(sid),
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at TEXT NOT NULL,
            dedupe_key TEXT UNIQUE
        )"""
    )
    db["events"].create_index(["call_sid", "id"])
    db.execute(APPEND_ONLY.format(table="events"))
    db.execute(
        """CREATE TABLE indicators (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            call_sid TEXT NOT NULL REFERENCES calls(sid),
            indicator TEXT NOT NULL,
            present INTEGER NOT NULL,
            summary TEXT NOT NULL,
            evidence TEXT NOT NULL,
            rule_version TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (call_sid, indicator)
        )"""
    )
    db.execute(
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            call_sid TEXT,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    db.execute(APPEND_ONLY.format(table="audit"))
    db.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
        "SELECT RAISE(ABORT, 'audit is append-only'); END"
    )


@migrations(name="m002_recordings")
def m002_recordings(db: Database) -> None:
    """Recordings Twilio reports for a call (downloaded and hashed later)."""
    db.execute(
        """CREATE TABLE recordings (
            sid TEXT PRIMARY KEY,
            call_sid TEXT NOT NULL REFERENCES calls(sid),
            url TEXT NOT NULL,
            status TEXT NOT NULL,
            duration_seconds INTEGER,
            channels INTEGER,
            source TEXT,
            start_time TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db["recordings"].create_index(["call_sid"])


@migrations(name="m003_transcripts")
def m003_transcripts(db: Database) -> None:
    """Final transcript segments (live and re-transcribed) and downloaded recording files."""
    db.execute(
        """CREATE TABLE segments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            call_sid TEXT NOT NULL REFERENCES calls(sid),
            version TEXT NOT NULL,
            track TEXT NOT NULL,
            start REAL NOT NULL,
            end REAL NOT NULL,
            text TEXT NOT NULL,
            words TEXT NOT NULL,
            confidence REAL,
            engine TEXT NOT NULL,
            model TEXT NOT NULL,
            lower_accuracy INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )"""
    )
    db["segments"].create_index(["call_sid", "version", "start"])
    db["recordings"].add_column("path", str)
    db["recordings"].add_column("sha256", str)
    db["recordings"].add_column("bytes", int)
    db["recordings"].add_column("downloaded_at", str)


@migrations(name="m004_front_office")
def m004_front_office(db: Database) -> None:
    """Staff accounts, login attempts, the known-script list, and transcript search."""
    db.execute(
        """CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
            disabled INTEGER NOT NULL DEFAULT 0,
            session_epoch INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE login_attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL COLLATE NOCASE,
            ip TEXT NOT NULL,
            ok INTEGER NOT NULL,
            at TEXT NOT NULL
        )"""
    )
    db["login_attempts"].create_index(["username", "at"])
    db["login_attempts"].create_index(["ip", "at"])
    db.execute(
        """CREATE TABLE known_scripts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            retired_at TEXT
        )"""
    )
    # External-content FTS over segment text; triggers keep it in step with `segments`.
    db.execute(
        "CREATE VIRTUAL TABLE segments_fts USING fts5(text, content='segments', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute(
        "CREATE TRIGGER segments_fts_insert AFTER INSERT ON segments BEGIN "
        "INSERT INTO segments_fts (rowid, text) VALUES (new.id, new.text); END"
    )
    db.execute(
        "CREATE TRIGGER segments_fts_delete AFTER DELETE ON segments BEGIN "
        "INSERT INTO segments_fts (segments_fts, rowid, text) "
        "VALUES ('delete', old.id, old.text); END"
    )
    db.execute("INSERT INTO segments_fts (segments_fts) VALUES ('rebuild')")


@migrations(name="m005_legal_holds")
def m005_legal_holds(db: Database) -> None:
    """Legal holds: a held call is never purged by retention; releasing deletes the row."""
    db.execute(
        """CREATE TABLE legal_holds (
            call_sid TEXT PRIMARY KEY REFERENCES calls(sid),
            placed_at TEXT NOT NULL,
            placed_by TEXT NOT NULL,
            reason TEXT NOT NULL
        )"""
    )


@migrations(name="m006_caller_history_index")
def m006_caller_history_index(db: Database) -> None:
    """Every incoming call looks up earlier calls from its number (calls.caller_history); this
    index covers those queries, so a number that called thousands of times reads no rows."""
    db["calls"].create_index(["caller_e164", "created_at", "sid", "school", "to_number"])
    db.execute("DROP INDEX IF EXISTS idx_calls_caller_e164_started_at")  # no query uses it now


@migrations(name="m007_sessions")
def m007_sessions(db: Database) -> None:
    """Server-side sessions: signing out ends a session even if its cookie was copied."""
    db.execute(
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            ended_at TEXT
        )"""
    )
    db["sessions"].create_index(["last_seen_at"])
