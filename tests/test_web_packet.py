"""The packet download on the call page: signed zip for staff, audited, CSRF-protected."""

from __future__ import annotations

import io
import zipfile

import pytest
import webfixtures
from webfixtures import post

from callscreen.audit import entries_for

staff, admin = webfixtures.staff, webfixtures.admin
staff_client, admin_client = webfixtures.staff_client, webfixtures.admin_client


@pytest.mark.parametrize("who", ["staff_client", "admin_client"])
def test_staff_and_admin_download_a_signed_packet_and_the_export_is_audited(
    request, twilio, db, who
):
    client = request.getfixturevalue(who)
    sid, _ = twilio.call(From="anonymous")
    response = post(client, f"/calls/{sid}/packet")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    names = set(zipfile.ZipFile(io.BytesIO(response.data)).namelist())
    assert {"summary.pdf", "call.json", "manifest.json", "manifest.sig"} <= names
    actions = [e["action"] for e in entries_for(db, sid)]
    assert "packet.export" in actions and "packet.exported" in actions


def test_packet_download_needs_the_csrf_token(staff_client, twilio):
    sid, _ = twilio.call()
    assert staff_client.post(f"/calls/{sid}/packet").status_code == 400


def test_packet_download_needs_a_login(client, twilio, db):
    sid, _ = twilio.call()
    assert client.post(f"/calls/{sid}/packet").status_code in (302, 400, 401)
    assert not [e for e in entries_for(db, sid) if e["action"].startswith("packet")]


def test_packet_for_unknown_call_is_404(staff_client):
    assert post(staff_client, "/calls/CA" + "0" * 32 + "/packet").status_code == 404
