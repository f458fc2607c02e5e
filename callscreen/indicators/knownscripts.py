"""Known scripts by name: add, list and remove the wording staff keep of threat-call scripts.

The table and its row functions live in callscreen.knownscripts (shared with the admin
page); this module adds what the CLI and the rules need: unique names, lookup by name,
and an audit entry for every change.
"""

from __future__ import annotations

from sqlite_utils import Database

from .. import audit
from .. import knownscripts as table
from ..db import immediate
from ..errors import BadInput, NotFound


class ScriptNameTaken(BadInput):
    """A known script with this name is already on the list."""


class ScriptNotFound(NotFound):
    """No known script with this name is on the list."""


def _row(row: dict) -> dict:
    return {
        "id": row["id"],
        "name": row["title"],
        "text": row["text"],
        "added_by": row["added_by"],
        "added_at": row["added_at"],
    }


def list_known_scripts(db: Database) -> list[dict]:
    """The active known scripts (id, name, text, added_by, added_at), oldest first."""
    return sorted((_row(r) for r in table.active_scripts(db)), key=lambda r: r["id"])


def find_known_script(db: Database, name: str) -> dict:
    """The active script with this name (case and spacing ignored); ScriptNotFound if none."""
    wanted = " ".join((name or "").split()).casefold()
    for script in list_known_scripts(db):
        if " ".join(script["name"].split()).casefold() == wanted:
            return script
    raise ScriptNotFound(f"no known script named {name!r}")


def add_known_script(db: Database, name: str, text: str, *, by: str, at: str) -> dict:
    """Add a script under a new name; return it. BadInput for an empty or taken name or text."""
    if not (name or "").strip():
        raise BadInput("a known script needs a name")
    if not (text or "").strip():
        raise BadInput(f"known script {name.strip()!r} has no text")
    with immediate(db):
        try:
            find_known_script(db, name)
        except ScriptNotFound:
            pass
        else:
            raise ScriptNameTaken(f"a known script named {name.strip()!r} already exists")
        script_id = table.add_script(db, name, text, by=by, at=at)
    audit.record(db, by, "script.added", None, {"id": script_id, "name": name.strip()}, at=at)
    return next(s for s in list_known_scripts(db) if s["id"] == script_id)


def remove_known_script(db: Database, name: str, *, by: str, at: str) -> dict:
    """Take the named script off the list (the row is kept, retired); return it."""
    with immediate(db):
        script = find_known_script(db, name)
        table.retire_script(db, script["id"], at=at)
    audit.record(
        db, by, "script.retired", None, {"id": script["id"], "name": script["name"]}, at=at
    )
    return script
