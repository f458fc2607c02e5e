"""Signing in and out, throttling, CSRF, roles, sessions and the users CLI."""

from __future__ import annotations

import os
import stat

import webfixtures
from webfixtures import PASSWORD, create_user, csrf_from, login, post, token_of

from callscreen.cli import cli
from callscreen.users import find_user

staff, admin = webfixtures.staff, webfixtures.admin
staff_client, admin_client = webfixtures.staff_client, webfixtures.admin_client


def test_pages_need_a_login_and_redirect_to_it(client):
    response = client.get("/calls", headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/calls")


def test_api_requests_without_a_login_get_401(client):
    assert (
        client.get("/calls/CA00/events", headers={"Accept": "text/event-stream"}).status_code == 401
    )


def test_login_then_logout(app, staff):
    client = app.test_client()
    response = login(client, staff, next="/calls")
    assert response.status_code == 302 and response.headers["Location"] == "/calls"
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"csrf_token": token_of(client)}).status_code == 302
    assert client.get("/", headers={"Accept": "text/html"}).status_code == 302


def _signed_in(client) -> bool:
    return client.get("/", headers={"Accept": "text/html"}).status_code == 200


def test_a_kept_copy_of_the_cookie_no_longer_signs_in_after_logout(app, staff):
    client = app.test_client()
    login(client, staff)
    name = app.config["SESSION_COOKIE_NAME"]
    kept = client.get_cookie(name).value
    assert client.post("/logout", data={"csrf_token": token_of(client)}).status_code == 302
    thief = app.test_client()
    thief.set_cookie(name, kept)
    assert not _signed_in(thief)


def test_logging_out_on_one_computer_leaves_the_other_signed_in(app, staff):
    desk, tablet = app.test_client(), app.test_client()
    login(desk, staff)
    login(tablet, staff)
    desk.post("/logout", data={"csrf_token": token_of(desk)})
    assert not _signed_in(desk) and _signed_in(tablet)


def test_a_session_in_use_stays_open_and_ends_after_session_hours_unused(app, staff, clock):
    client = app.test_client()
    login(client, staff)
    hours = app.config["SESSION_HOURS"]
    for _ in range(3):  # a whole day of use, a page every few hours
        clock.advance(hours=hours - 1)
        assert _signed_in(client)
    clock.advance(hours=hours + 1)
    assert not _signed_in(client)


def test_signing_in_over_an_open_session_ends_it(app, staff, admin):
    client = app.test_client()
    login(client, staff)
    name = app.config["SESSION_COOKIE_NAME"]
    kept = client.get_cookie(name).value
    login(client, admin)  # the next person at a shared desk
    thief = app.test_client()
    thief.set_cookie(name, kept)
    assert not _signed_in(thief) and _signed_in(client)


def test_wrong_password_is_refused_and_audited(app, staff, db):
    client = app.test_client()
    response = login(client, staff, "not the password at all")
    assert response.status_code == 401
    assert b"Wrong username or password" in response.data
    row = db.execute("SELECT actor, action, detail FROM audit ORDER BY id DESC").fetchone()
    assert row[:2] == ("anonymous", "login.failed") and '"sam"' in row[2]


def test_login_next_never_leaves_the_site(app, staff):
    response = login(app.test_client(), staff, next="//evil.example/x")
    assert response.headers["Location"] == "/"


def test_failed_logins_are_throttled_per_username(app, staff, clock):
    client = app.test_client()
    for _ in range(5):
        assert login(client, staff, "wrong password 123").status_code == 401
    response = login(client, staff)  # even the right password waits now
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    clock.advance(minutes=16)
    assert login(client, staff).status_code == 302


def test_failed_logins_are_throttled_per_address(app, clock):
    app.config["LOGIN_LIMIT_PER_IP"] = 3
    client = app.test_client()
    for name in ("a1", "a2", "a3"):
        assert login(client, name, "wrong password 123").status_code == 401
    assert login(client, "a4", "wrong password 123").status_code == 429


def test_throttle_survives_a_new_app_on_the_same_database(app, staff, tmp_path, clock):
    from callscreen import create_app

    for _ in range(5):
        login(app.test_client(), staff, "wrong password 123")
    again = create_app(dict(app.config), clock=clock)
    try:
        assert login(again.test_client(), staff).status_code == 429
    finally:
        again.extensions["callscreen_db"].close_all()


def test_post_without_csrf_token_is_rejected(staff_client, twilio):
    sid, _ = twilio.call()
    response = staff_client.post(f"/calls/{sid}/ticks", data={"item": "ask.name", "value": "asked"})
    assert response.status_code == 400
    assert b"CSRF" in response.data


def test_post_with_wrong_csrf_token_is_rejected(staff_client, twilio):
    sid, _ = twilio.call()
    response = staff_client.post(
        f"/calls/{sid}/ticks",
        data={"item": "ask.name", "value": "asked"},
        headers={"X-CSRF-Token": "forged"},
    )
    assert response.status_code == 400


def test_login_form_needs_csrf_too(app, staff):
    client = app.test_client()
    response = client.post("/login", data={"username": staff, "password": PASSWORD})
    assert response.status_code == 400


def test_twilio_webhooks_need_no_login_or_csrf(twilio):
    _, response = twilio.call()
    assert response.status_code == 200


def test_staff_cannot_manage_users(staff_client):
    assert staff_client.get("/admin/users").status_code == 403
    response = post(
        staff_client, "/admin/users", {"username": "eve", "password": PASSWORD, "role": "admin"}
    )
    assert response.status_code == 403


def test_admin_adds_and_disables_a_user(app, admin_client, db):
    response = post(
        admin_client, "/admin/users", {"username": "newbie", "password": PASSWORD, "role": "staff"}
    )
    assert response.status_code == 302
    assert find_user(db, "newbie").role == "staff"
    other = app.test_client()
    assert login(other, "newbie").status_code == 302
    assert post(admin_client, "/admin/users/newbie/disable").status_code == 302
    # The disabled user's open session ends at its next request.
    assert other.get("/", headers={"Accept": "text/html"}).status_code == 302
    assert login(app.test_client(), "newbie").status_code == 401
    actions = [r[0] for r in db.execute("SELECT action FROM audit WHERE actor = 'ada'")]
    assert "user.added" in actions and "user.disable" in actions


def test_admin_bad_user_input_gets_400(admin_client):
    response = post(
        admin_client, "/admin/users", {"username": "x y", "password": PASSWORD, "role": "staff"}
    )
    assert response.status_code == 400
    response = post(
        admin_client, "/admin/users", {"username": "ok", "password": "short", "role": "staff"}
    )
    assert response.status_code == 400
    assert post(admin_client, "/admin/users/nobody/disable").status_code == 404
    assert post(admin_client, "/admin/users/ada/explode").status_code == 404


def test_password_change_ends_old_sessions(app, staff_client, db):
    from callscreen.users import set_password

    set_password(db, "sam", "a brand new passphrase", at="2026-11-23T15:00:00.000Z")
    assert staff_client.get("/", headers={"Accept": "text/html"}).status_code == 302


def test_admin_manages_the_known_script_list(admin_client, staff_client, db):
    response = post(
        admin_client,
        "/admin/scripts",
        {"title": "2022 wave", "text": "there is an active shooter in room 20"},
    )
    assert response.status_code == 302
    assert db["known_scripts"].count == 1
    assert staff_client.get("/admin/scripts").status_code == 403
    assert post(admin_client, "/admin/scripts/1/retire").status_code == 302
    assert post(admin_client, "/admin/scripts/1/retire").status_code == 404


def test_session_cookie_is_httponly_lax_and_secure_on_https(app, staff):
    client = app.test_client()
    response = login(client, staff)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_secret_key_is_generated_once_with_mode_0600(app):
    path = os.path.join(app.config["DATA_DIR"], "secret_key")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    from callscreen.secretkey import load_or_create

    assert load_or_create(app.config["DATA_DIR"]) == app.config["SECRET_KEY"]


def test_cli_adds_lists_disables_and_repasswords_users(app, runner, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DATA_DIR", app.config["DATA_DIR"])
    monkeypatch.setenv("CALLSCREEN_PUBLIC_URL", "https://callscreen.test")
    add = runner.invoke(
        cli, ["users", "add", "kim", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert add.exit_code == 0, add.output
    listed = runner.invoke(cli, ["users", "list", "--json"])
    assert '"kim"' in listed.output and '"admin"' in listed.output
    assert (
        runner.invoke(
            cli, ["users", "passwd", "kim", "--password-stdin"], input="another long passphrase\n"
        ).exit_code
        == 0
    )
    assert login(app.test_client(), "kim", "another long passphrase").status_code == 302
    assert runner.invoke(cli, ["users", "disable", "kim"]).exit_code == 0
    assert login(app.test_client(), "kim", "another long passphrase").status_code == 401


def test_cli_prompts_for_the_password_twice(app, runner, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DATA_DIR", app.config["DATA_DIR"])
    result = runner.invoke(cli, ["users", "add", "lee"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation" in result.output


def test_cli_refuses_bad_names_short_passwords_and_duplicates(app, runner, monkeypatch):
    monkeypatch.setenv("CALLSCREEN_DATA_DIR", app.config["DATA_DIR"])
    create_user(app, "dup")
    args = ["users", "add", "--password-stdin"]
    assert "username must be" in runner.invoke(cli, [*args, "bad name"], input="x\n").output
    assert "at least 10" in runner.invoke(cli, [*args, "shorty"], input="short\n").output
    assert "already exists" in runner.invoke(cli, [*args, "dup"], input=PASSWORD + "\n").output
    assert runner.invoke(cli, ["users", "disable", "ghost"]).exit_code == 1


def test_csrf_token_differs_between_sessions(app):
    assert csrf_from(app.test_client()) != csrf_from(app.test_client())
