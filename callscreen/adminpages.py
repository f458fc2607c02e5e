"""Administration pages: staff accounts and the known-script list (admins only)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from . import auth, knownscripts, users
from .db import get_db

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
    """Add wording of a known threat script."""
    title = request.form.get("title", "")
    script_id = knownscripts.add_script(
        get_db(), title, request.form.get("text", ""), by=auth.actor(), at=auth.now_stamp()
    )
    auth.record("script.added", None, {"id": script_id, "title": title.strip()})
    return redirect(url_for("admin.script_list"))


@bp.post("/scripts/<int:script_id>/retire")
@auth.admin_required
def script_retire(script_id: int):
    """Take a script off the list."""
    knownscripts.retire_script(get_db(), script_id, at=auth.now_stamp())
    auth.record("script.retired", None, {"id": script_id})
    return redirect(url_for("admin.script_list"))
