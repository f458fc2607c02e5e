"""A Twilio stand-in: drives a running callscreen server exactly as Twilio would.

Signed webhooks with realistic parameters, a signed WebSocket handshake, WAV audio streamed
as 20 ms mu-law frames (in real time or faster), call status callbacks, then the recording
callback with the dual-channel recording served from a local HTTP endpoint.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from simple_websocket import Client, ConnectionClosed
from twilio.request_validator import RequestValidator

from .callaudio import dual_channel_wav, frames, read_telephone_audio
from .recordingserver import RecordingServer

Echo = Callable[[str], None]


class SimulationError(RuntimeError):
    """The server did not behave as Twilio expects."""


@dataclass
class CallPlan:
    """What to simulate."""

    base_url: str
    auth_token: str
    caller_wav: str
    staff_wav: str | None = None
    account_sid: str = "AC" + "0" * 32
    from_number: str = "+12125551234"
    to_number: str = "+16173496567"
    stir: str | None = None
    from_state: str = ""
    from_country: str = "US"
    speed: float = 1.0
    recording_port: int | None = None
    call_sid: str = field(default_factory=lambda: "CA" + secrets.token_hex(16))


class TwilioStandIn:
    """Sends one simulated call to the server."""

    def __init__(self, plan: CallPlan, echo: Echo = lambda _line: None) -> None:
        self.plan = plan
        self.echo = echo
        self.validator = RequestValidator(plan.auth_token)
        self.http = requests.Session()
        self.child_sid = "CA" + secrets.token_hex(16)

    def post(self, url: str, params: dict) -> requests.Response:
        """A signed form POST, as Twilio sends webhooks."""
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        response = self.http.post(url, data=params, headers=headers, timeout=15)
        if response.status_code >= 400:
            raise SimulationError(
                f"{url} answered {response.status_code}: {response.text.strip()[:200]}"
            )
        return response

    def run(self) -> dict:
        """The whole call; returns a summary."""
        caller = read_telephone_audio(self.plan.caller_wav)
        staff = read_telephone_audio(self.plan.staff_wav) if self.plan.staff_wav else b""
        twiml = self.incoming_call()
        self.leg_status(["initiated", "ringing", "in-progress"])
        sent = self.stream(twiml, caller, staff)
        seconds = max(len(caller), len(staff)) // 8000
        self.hang_up(twiml, seconds)
        recording = self.recording(twiml, caller, staff, seconds)
        return {
            "call_sid": self.plan.call_sid,
            "frames": sent,
            "seconds": seconds,
            "recording_sid": recording,
        }

    def base_params(self) -> dict:
        """The parameters every webhook about this call carries."""
        p = self.plan
        return {
            "CallSid": p.call_sid,
            "AccountSid": p.account_sid,
            "From": p.from_number,
            "To": p.to_number,
            "Caller": p.from_number,
            "Called": p.to_number,
            "ApiVersion": "2010-04-01",
            "Direction": "inbound",
        }

    def incoming_call(self) -> ET.Element:
        """POST /twilio/voice and parse the TwiML answer."""
        p = self.plan
        params = {
            **self.base_params(),
            "CallStatus": "ringing",
            "FromState": p.from_state,
            "FromCountry": p.from_country,
            "ToState": "MA",
            "ToCountry": "US",
        }
        if p.stir:
            params["StirVerstat"] = p.stir
        response = self.post(p.base_url + "/twilio/voice", params)
        self.echo(f"call {p.call_sid}: answered with TwiML")
        try:
            return ET.fromstring(response.content)
        except ET.ParseError as exc:
            raise SimulationError(f"the voice webhook did not answer TwiML: {exc}") from exc

    def leg_status(self, statuses: list[str], duration: int | None = None) -> None:
        """Status callbacks for the dialled front-office leg."""
        for seq, status in enumerate(statuses):
            params = {
                **self.base_params(),
                "CallSid": self.child_sid,
                "ParentCallSid": self.plan.call_sid,
                "CallStatus": status,
                "SequenceNumber": str(seq),
                "CallbackSource": "call-progress-events",
            }
            if duration is not None:
                params["CallDuration"] = str(duration)
            self.post(self.plan.base_url + "/twilio/status", params)

    def stream(self, twiml: ET.Element, caller: bytes, staff: bytes) -> int:
        """Open the media stream the TwiML asks for and play both tracks in real time."""
        stream = twiml.find("Start/Stream")
        if stream is None:
            raise SimulationError("the TwiML has no <Start><Stream>")
        url = stream.get("url", "")
        self.stream_status(stream, "stream-started")
        ws = Client.connect(
            url, headers={"X-Twilio-Signature": self.validator.compute_signature(url, {})}
        )
        try:
            sent = self._play(ws, stream, caller, staff)
        except ConnectionClosed as exc:
            raise SimulationError("the server closed the media stream") from exc
        finally:
            ws.close()
        self.stream_status(stream, "stream-stopped")
        self.echo(f"call {self.plan.call_sid}: streamed {sent} media frames")
        return sent

    def _play(self, ws: Client, stream: ET.Element, caller: bytes, staff: bytes) -> int:
        stream_sid = "MZ" + secrets.token_hex(16)
        tracks = ["inbound", "outbound"] if staff else ["inbound"]
        params = {p.get("name"): p.get("value") for p in stream.findall("Parameter")}
        seq = Sequence(stream_sid)
        ws.send(json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"}))
        ws.send(
            seq.message(
                "start",
                {
                    "accountSid": self.plan.account_sid,
                    "streamSid": stream_sid,
                    "callSid": self.plan.call_sid,
                    "tracks": tracks,
                    "customParameters": params,
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
                },
            )
        )
        sent = self._frames(ws, seq, frames(caller), frames(staff) if staff else [])
        ws.send(
            seq.message(
                "stop", {"accountSid": self.plan.account_sid, "callSid": self.plan.call_sid}
            )
        )
        return sent

    def _frames(self, ws: Client, seq: Sequence, caller: list, staff: list) -> int:
        started, sent = time.monotonic(), 0
        for i in range(max(len(caller), len(staff))):
            for track, chunks in (("inbound", caller), ("outbound", staff)):
                if i < len(chunks):
                    ws.send(seq.media(track, i + 1, i * 20, chunks[i]))
                    sent += 1
            delay = started + (i + 1) * 0.02 / self.plan.speed - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        return sent

    def stream_status(self, stream: ET.Element, event: str) -> None:
        """The <Stream statusCallback> request."""
        callback = stream.get("statusCallback")
        if callback:
            self.post(
                callback,
                {
                    "AccountSid": self.plan.account_sid,
                    "CallSid": self.plan.call_sid,
                    "StreamSid": "MZ" + "0" * 32,
                    "StreamName": stream.get("name", ""),
                    "StreamEvent": event,
                },
            )

    def hang_up(self, twiml: ET.Element, seconds: int) -> None:
        """The front office hangs up: leg completed, dial action, parent completed."""
        self.leg_status(["completed"], duration=seconds)
        dial = twiml.find("Dial")
        if dial is not None and dial.get("action"):
            self.post(
                dial.get("action"),
                {
                    **self.base_params(),
                    "DialCallStatus": "completed",
                    "DialCallSid": self.child_sid,
                    "DialCallDuration": str(seconds),
                },
            )
        params = {**self.base_params(), "CallStatus": "completed", "CallDuration": str(seconds)}
        self.post(self.plan.base_url + "/twilio/status", params)

    def recording(self, twiml: ET.Element, caller: bytes, staff: bytes, seconds: int):
        """Serve the dual-channel recording locally and send the recording callback."""
        dial = twiml.find("Dial")
        callback = dial.get("recordingStatusCallback") if dial is not None else None
        if not callback or self.plan.recording_port is None:
            return None
        rec_sid = "RE" + secrets.token_hex(16)
        wav = dual_channel_wav(caller, staff)
        with RecordingServer(
            self.plan.recording_port, self.plan.account_sid, self.plan.auth_token, rec_sid, wav
        ) as server:
            self.post(callback, self._recording_params(server.recording_url, rec_sid, seconds))
            fetched = server.wait_until_fetched(timeout=30)
        self.echo(
            f"call {self.plan.call_sid}: recording {rec_sid} "
            + ("downloaded by the server" if fetched else "NOT downloaded in 30 s")
        )
        return rec_sid

    def _recording_params(self, url: str, rec_sid: str, seconds: int) -> dict:
        return {
            "AccountSid": self.plan.account_sid,
            "CallSid": self.plan.call_sid,
            "RecordingSid": rec_sid,
            "RecordingUrl": url,
            "RecordingStatus": "completed",
            "RecordingDuration": str(seconds),
            "RecordingChannels": "2",
            "RecordingSource": "DialVerb",
            "RecordingStartTime": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
        }


class Sequence:
    """Media Streams message numbering: sequenceNumber rises by one per message."""

    def __init__(self, stream_sid: str) -> None:
        self.stream_sid = stream_sid
        self.number = 0

    def message(self, event: str, body: dict) -> str:
        """A non-media message with the next sequence number."""
        self.number += 1
        return json.dumps(
            {
                "event": event,
                "sequenceNumber": str(self.number),
                event: body,
                "streamSid": self.stream_sid,
            }
        )

    def media(self, track: str, chunk: int, timestamp_ms: int, audio: bytes) -> str:
        """A media message: strings for sequenceNumber, chunk and timestamp, as Twilio sends."""
        return self.message(
            "media",
            {
                "track": track,
                "chunk": str(chunk),
                "timestamp": str(timestamp_ms),
                "payload": base64.b64encode(audio).decode("ascii"),
            },
        )
