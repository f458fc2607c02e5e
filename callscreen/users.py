"""Staff accounts: usernames, roles and scrypt password hashes; all SQL about users."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import BadInput, NotFound

ROLES = ("staff", "admin")
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 10
# Checked against when the username is unknown, so a miss costs as much time as a hit.
_DUMMY_HASH = generate_password_hash("callscreen-no-such-user", method="scrypt")


@dataclass(frozen=True)
class User:
    """A staff account as the web layer sees it (never the password hash)."""

    id: int
    username: str
    role: str
    disabled: bool
    session_epoch: int
    created_at: str

    @property
    def is_admin(self) -> bool:
        """Admins manage accounts and the known-script list."""
        return self.role == "admin"

    def to_dict(self) -> dict:
        """The account as JSON-ready data."""
        return {
            "username": self.username,
            "role": self.role,
            "disabled": self.disabled,
            "created_at": self.created_at,
        }


_COLUMNS = "id, username, role, disabled, session_epoch, created_at"


def _user(row: tuple | None) -> User | None:
    if row is None:
        return None
    return User(row[0], row[1], row[2], bool(row[3]), row[4], row[5])


def check_username(username: str) -> str:
    """The username if well-formed; BadInput says what is allowed."""
    if not USERNAME.match(username or ""):
        raise BadInput(
            "username must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a "
            "letter or digit"
        )
    return username


def check_password(password: str) -> str:
    """The password if long enough; BadInput says the rule."""
    if len(password or "") < MIN_PASSWORD:
        raise BadInput(f"password must be at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise BadInput("password must be at most 1024 characters")
    return password


def check_role(role: str) -> str:
    """The role if known; BadInput lists the roles."""
    if role not in ROLES:
        raise BadInput(f"role must be one of: {', '.join(ROLES)}")
    return role


def add_user(db: Database, username: str, password: str, role: str, *, at: str) -> User:
    """Create an account; BadInput when the name is taken or a value is malformed."""
    check_username(username)
    check_password(password)
    check_role(role)
    if find_user(db, username) is not None:
        raise BadInput(f"user {username!r} already exists")
    db.execute(
        "INSERT INTO users (username, password_hash, role, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [username, generate_password_hash(password, method="scrypt"), role, at, at],
    )
    return find_user(db, username)


def find_user(db: Database, username: str) -> User | None:
    """The account with this username (case-insensitive), or None."""
    row = db.execute(f"SELECT {_COLUMNS} FROM users WHERE username = ?", [username]).fetchone()
    return _user(row)


def get_user(db: Database, user_id: int) -> User | None:
    """The account with this id, or None."""
    row = db.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", [user_id]).fetchone()
    return _user(row)


def list_users(db: Database) -> list[User]:
    """Every account, by username."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM users ORDER BY username").fetchall()
    return [_user(r) for r in rows]


def authenticate(db: Database, username: str, password: str) -> User | None:
    """The enabled account whose password matches, or None (same cost either way)."""
    row = db.execute(
        "SELECT password_hash, disabled FROM users WHERE username = ?", [username or ""]
    ).fetchone()
    stored = row[0] if row else _DUMMY_HASH
    matches = check_password_hash(stored, password or "")
    if row is None or row[1] or not matches:
        return None
    return find_user(db, username)


def _require(db: Database, username: str) -> User:
    user = find_user(db, username)
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def disable_user(db: Database, username: str, *, at: str) -> User:
    """Disable an account and end its sessions."""
    user = _require(db, username)
    db.execute(
        "UPDATE users SET disabled = 1, session_epoch = session_epoch + 1, updated_at = ? "
        "WHERE id = ?",
        [at, user.id],
    )
    return get_user(db, user.id)


def enable_user(db: Database, username: str, *, at: str) -> User:
    """Enable a disabled account again."""
    user = _require(db, username)
    db.execute("UPDATE users SET disabled = 0, updated_at = ? WHERE id = ?", [at, user.id])
    return get_user(db, user.id)


def set_password(db: Database, username: str, password: str, *, at: str) -> User:
    """Replace an account's password and end its existing sessions."""
    check_password(password)
    user = _require(db, username)
    db.execute(
        "UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1, updated_at = ? "
        "WHERE id = ?",
        [generate_password_hash(password, method="scrypt"), at, user.id],
    )
    return get_user(db, user.id)
