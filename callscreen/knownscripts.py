"""The known-script list: threat-call wording staff keep so recycled scripts are recognised."""

from __future__ import annotations

from sqlite_utils import Database

from .errors import BadInput, NotFound

MAX_TITLE = 200
MAX_TEXT = 20_000


def add_script(db: Database, title: str, text: str, *, by: str, at: str) -> int:
    """Add a script to the list; return its id."""
    title, text = (title or "").strip(), (text or "").strip()
    if not title or len(title) > MAX_TITLE:
        raise BadInput(f"title must be 1-{MAX_TITLE} characters")
    if not text or len(text) > MAX_TEXT:
        raise BadInput(f"script text must be 1-{MAX_TEXT} characters")
    cursor = db.execute(
        "INSERT INTO known_scripts (title, text, added_by, added_at) VALUES (?, ?, ?, ?)",
        [title, text, by, at],
    )
    return cursor.lastrowid


def retire_script(db: Database, script_id: int, *, at: str) -> None:
    """Take a script off the active list (kept for the record)."""
    cursor = db.execute(
        "UPDATE known_scripts SET retired_at = ? WHERE id = ? AND retired_at IS NULL",
        [at, script_id],
    )
    if cursor.rowcount != 1:
        raise NotFound(f"no active known script {script_id}")


def active_scripts(db: Database) -> list[dict]:
    """The scripts the recycled-script rule compares against, newest first."""
    return list(
        db["known_scripts"].rows_where("retired_at IS NULL", order_by="added_at DESC, id DESC")
    )
