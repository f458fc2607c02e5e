"""Verifying a packet: every alteration, removal, addition or swap is named exactly."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from packetdata import add_recording, add_transcript, export, members, rezip

from callscreen import create_app
from callscreen.db import connect
from callscreen.packet import seal
from callscreen.signing import encode_signature, fingerprint, public_pem
from callscreen.verify import PacketFormatError, verify_packet
from conftest import ACCOUNT, PUBLIC, TOKEN, FakeClock, incoming_call, sign

FILES = (
    "summary.pdf",
    "call.json",
    "transcript.json",
    "transcript.txt",
    "recording.wav",
    "events.jsonl",
    "custody.jsonl",
    "public_key.pem",
    "manifest.json",
    "manifest.sig",
)
CONTENT = [f for f in FILES if f not in ("manifest.json", "manifest.sig")]


@pytest.fixture(scope="module")
def packets(tmp_path_factory):
    """Two packets of two calls, signed by the same district key, plus that key."""
    data_dir = tmp_path_factory.mktemp("verify") / "data"
    app = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(data_dir),
            "PUBLIC_URL": PUBLIC,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_ACCOUNT_SID": ACCOUNT,
        },
        clock=FakeClock(),
    )
    client, db = app.test_client(), connect(app.config["DATABASE"])
    built = []
    for n in range(2):
        params = incoming_call("CA" + f"{n:032x}")
        client.post(
            "/twilio/voice",
            data=params,
            headers={"X-Twilio-Signature": sign(PUBLIC + "/twilio/voice", params)},
        )
        add_transcript(db, params["CallSid"], 2)
        add_recording(app, db, params["CallSid"])
        built.append(export(app, params["CallSid"]).data)
    key = members(built[0])["public_key.pem"]
    db.conn.close()
    app.extensions["callscreen_db"].close_all()
    return built[0], built[1], key


def problems(data: bytes, key: bytes | None = None) -> list[str]:
    return [str(p) for p in verify_packet(data, key).problems]


def test_an_untouched_packet_verifies_with_its_own_and_the_district_key(packets):
    packet, _, key = packets
    assert set(members(packet)) == set(FILES)
    own = verify_packet(packet)
    assert own.ok and own.key_source == "packet" and sorted(own.checked) == sorted(CONTENT)
    given = verify_packet(packet, key)
    assert given.ok and given.key_source == "given"


@pytest.mark.parametrize("name", FILES)
def test_altering_one_byte_of_any_file_is_named(packets, name):
    files = members(packets[0])
    data = bytearray(files[name])
    middle = len(data) // 2
    data[middle] = ord("A") if data[middle] != ord("A") else ord("B")  # stays valid base64/text
    files[name] = bytes(data)
    found = problems(rezip(files))
    assert found and any(name in p for p in found), found
    if name in CONTENT:
        assert any(p.startswith(f"ALTERED: {name}:") for p in found), found


@pytest.mark.parametrize("name", FILES)
def test_removing_any_file_is_named(packets, name):
    files = members(packets[0])
    del files[name]
    found = problems(rezip(files))
    assert any(p.startswith(f"MISSING: {name}:") for p in found), found


@pytest.mark.parametrize("name", ["notes.txt", "recording-2.wav", "../evil.sh"])
def test_an_added_file_is_named(packets, name):
    files = {**members(packets[0]), name: b"added later"}
    assert problems(rezip(files)) == [f"EXTRA: {name}: in the zip but not in the manifest"]


@pytest.mark.parametrize("name", FILES)
def test_a_second_entry_of_the_same_name_is_named(packets, name):
    buffer = io.BytesIO(packets[0])
    with zipfile.ZipFile(buffer, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr(name, b"shadow copy")
    found = problems(buffer.getvalue())
    assert any(p.startswith(f"DUPLICATE: {name}:") for p in found), found


def test_a_manifest_swapped_in_from_another_packet_is_named(packets):
    files, other = members(packets[0]), members(packets[1])
    files["manifest.json"], files["manifest.sig"] = other["manifest.json"], other["manifest.sig"]
    found = problems(rezip(files))
    assert any("the manifest was swapped" in p for p in found), found
    assert any(p.startswith("ALTERED: call.json:") for p in found)


def test_a_manifest_swapped_without_its_signature_fails_the_signature(packets):
    files = members(packets[0])
    files["manifest.json"] = members(packets[1])["manifest.json"]
    found = problems(rezip(files))
    assert any(p.startswith("BAD-SIGNATURE: manifest.json:") for p in found), found


def resigned_with_another_key(packet: bytes) -> bytes:
    """What a forger does: change a file, re-hash everything, sign with their own key."""
    files = members(packet)
    for name in ("manifest.json", "manifest.sig", "public_key.pem"):
        del files[name]
    files["call.json"] = files["call.json"].replace(b"Amigos School", b"Baldwin School")
    forger = Ed25519PrivateKey.generate()
    meta = json.loads(members(packet)["manifest.json"])["packet"]
    return rezip(
        seal(
            files,
            meta,
            public_pem(forger.public_key()),
            fingerprint(forger.public_key()),
            lambda body: encode_signature(forger.sign(body)),
        )
    )


def test_a_packet_resigned_with_a_swapped_key_is_caught_only_with_the_district_key(packets):
    packet, _, key = packets
    forged = resigned_with_another_key(packet)
    assert verify_packet(forged).ok  # consistent with itself: why --public-key matters
    found = problems(forged, key)
    assert any(p.startswith("KEY: public_key.pem: is not the given public key") for p in found)
    assert any(p.startswith("BAD-SIGNATURE: manifest.json") for p in found)


def test_bytes_damaged_inside_the_zip_are_named(packets):
    data = bytearray(packets[0])
    with zipfile.ZipFile(io.BytesIO(packets[0])) as archive:
        info = archive.getinfo("recording.wav")
    data[info.header_offset + 30 + len(info.filename) + 100] ^= 0xFF
    found = problems(bytes(data))
    assert any("recording.wav" in p for p in found), found


def test_not_a_zip_is_a_named_error():
    with pytest.raises(PacketFormatError, match="not a zip file"):
        verify_packet(b"%PDF-1.7 this is not a packet")
