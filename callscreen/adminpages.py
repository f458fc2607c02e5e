"""Administration pages: staff accounts and the known-script list (admins only)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from . import auth, knownscripts, users
from .db import get_db
from .errors import NotFound
from .indicators import knownscripts as scriptlist

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@auth.admin_required
def user_list():
    """Every account, and a form to add one."""
    return render_template("admin_users.html", users=users.list_users(get_db()))


@bp.post("/users")
@auth.admin_required
def user_add():
    """Create an account."""
    form = request.form
    user = users.add_user(
        get_db(),
        form.get("username", ""),
        form.get("password", ""),
        form.get("role", ""),
        at=auth.now_stamp(),
    )
    auth.record("user.added", None, {"username": user.username, "role": user.role})
    return redirect(url_for("admin.user_list"))


@bp.post("/users/<username>/<change>")
@auth.admin_required
def user_change(username: str, change: str):
    """Disable, enable or re-password an account."""
    db, at = get_db(), auth.now_stamp()
    if change == "disable":
        users.disable_user(db, username, at=at)
    elif change == "enable":
        users.enable_user(db, username, at=at)
    elif change == "password":
        users.set_password(db, username, request.form.get("password", ""), at=at)
    else:
        return "Unknown change: use disable, enable or password.\n", 404
    auth.record(f"user.{change}", None, {"username": username})
    return redirect(url_for("admin.user_list"))


@bp.get("/scripts")
@auth.admin_required
def script_list():
    """The known-script list, and a form to add one."""
    return render_template("admin_scripts.html", scripts=knownscripts.active_scripts(get_db()))


@bp.post("/scripts")
@auth.admin_required
def script_add():
    """Add wording of a known threat script under a new name (audited)."""
    scriptlist.add_known_script(
        get_db(),
        request.form.get("title", ""),
        request.form.get("text", ""),
        by=auth.actor(),
        at=auth.now_stamp(),
    )
    return redirect(url_for("admin.script_list"))


@bp.post("/scripts/<int:script_id>/retire")
@auth.admin_required
def script_retire(script_id: int):
    """Take a script off the list (audited)."""
    script = next(
        (s for s in scriptlist.list_known_scripts(get_db()) if s["id"] == script_id), None
    )
    if script is None:
        raise NotFound(f"no active known script {script_id}")
    scriptlist.remove_known_script(get_db(), script["name"], by=auth.actor(), at=auth.now_stamp())
    return redirect(url_for("admin.script_list"))
