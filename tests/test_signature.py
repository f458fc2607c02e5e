"""X-Twilio-Signature: twilio-python's published vectors, and the webhooks' acceptance rules."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from callscreen.telephony.request import signed_url
from conftest import PUBLIC, TOKEN, call_sid, incoming_call, sign

VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
    "Caller": "+14158675309",
}


@pytest.mark.parametrize(
    ("url", "signature"),
    [
        (VECTOR_URL, "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
        ("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w="),
        ("http://mycompany.com:80/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        ("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
    ],
)
def test_signature_matches_twilio_python_published_vectors(url, signature):
    assert RequestValidator("12345").compute_signature(url, VECTOR_PARAMS) == signature


def test_validator_accepts_plain_url_signed_with_default_port():
    assert RequestValidator("12345").validate(
        VECTOR_URL, VECTOR_PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w="
    )


def test_repeated_keys_vector():
    from werkzeug.datastructures import MultiDict

    params = MultiDict(
        [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
        ]
    )
    assert (
        RequestValidator("12345").compute_signature(VECTOR_URL, params)
        == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
    )


def test_signed_voice_webhook_is_answered(twilio):
    _, response = twilio.call()
    assert response.status_code == 200
    assert response.mimetype == "application/xml"


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "RSOYDt4T1cUTdK1PDd93/VVr8B8="])
def test_unsigned_or_missigned_webhook_gets_403_and_writes_nothing(twilio, db, signature):
    params = incoming_call(call_sid())
    response = twilio.post("/twilio/voice", params, signature=signature)
    assert response.status_code == 403
    assert db["calls"].count == 0 and db["events"].count == 0


def test_signature_with_another_token_is_rejected(twilio, db):
    params = incoming_call(call_sid())
    bad = sign(PUBLIC + "/twilio/voice", params, token="someone-elses-token")
    assert twilio.post("/twilio/voice", params, signature=bad).status_code == 403
    assert db["calls"].count == 0


def test_signature_over_tampered_params_is_rejected(twilio, db):
    params = incoming_call(call_sid())
    good = sign(PUBLIC + "/twilio/voice", params)
    params["From"] = "+16175551234"
    assert twilio.post("/twilio/voice", params, signature=good).status_code == 403
    assert db["calls"].count == 0


def test_signature_is_checked_against_public_url_not_the_host_header(client, db):
    params = incoming_call(call_sid())
    local = sign("http://localhost/twilio/voice", params)
    response = client.post("/twilio/voice", data=params, headers={"X-Twilio-Signature": local})
    assert response.status_code == 403


def test_query_string_is_part_of_the_signed_url(client):
    params = incoming_call(call_sid())
    url = PUBLIC + "/twilio/voice?school=amigos"
    response = client.post(
        "/twilio/voice?school=amigos",
        data=params,
        headers={"X-Twilio-Signature": sign(url, params)},
    )
    assert response.status_code == 200


def test_request_for_another_account_is_rejected(twilio, db):
    params = incoming_call(call_sid(), AccountSid="AC" + "f" * 32)
    assert twilio.post("/twilio/voice", params).status_code == 403
    assert db["calls"].count == 0


def test_no_auth_token_configured_refuses_webhooks_with_503(app, client):
    app.config["TWILIO_AUTH_TOKEN"] = ""
    params = incoming_call(call_sid())
    response = client.post(
        "/twilio/voice",
        data=params,
        headers={"X-Twilio-Signature": sign(PUBLIC + "/twilio/voice", params)},
    )
    assert response.status_code == 503
    assert b"auth token" in response.data


def test_signed_url_keeps_path_and_query(app):
    with app.test_request_context("/twilio/voice?a=1&b=%20x", method="POST"):
        from flask import request

        assert signed_url(PUBLIC, request) == PUBLIC + "/twilio/voice?a=1&b=%20x"


def test_token_is_read_as_text_even_when_numeric(tmp_path, monkeypatch):
    from callscreen import create_app

    monkeypatch.setenv("CALLSCREEN_TWILIO_AUTH_TOKEN", "12345")
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["TWILIO_AUTH_TOKEN"] == "12345"
    assert TOKEN  # the fixture token is unaffected
