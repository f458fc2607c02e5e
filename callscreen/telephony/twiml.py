"""TwiML answers, built with twilio.twiml (pure: URLs and texts in, XML out)."""

from __future__ import annotations

from dataclasses import dataclass

from twilio.twiml.voice_response import Dial, Start, VoiceResponse

from ..config import websocket_base

STREAM_NAME = "callscreen"
FRONT_OFFICE_UNREACHED = (
    "The front office could not take your call. If this is an emergency, hang up and dial "
    "9 1 1. Otherwise, please leave a message after the tone."
)
NOT_CONFIGURED = (
    "This school line is not set up to take calls yet. If this is an emergency, hang up and "
    "dial 9 1 1."
)
ANSWERED = ("completed", "answered")


@dataclass(frozen=True)
class Routes:
    """The absolute URLs Twilio is told to use, derived from the public base URL."""

    base: str

    def url(self, path: str) -> str:
        """An https URL on this server."""
        return self.base + path

    @property
    def media(self) -> str:
        """The wss URL of the media stream (no query string: Twilio forbids one)."""
        return websocket_base(self.base) + "/twilio/media"


def answer_call(
    routes: Routes, call_sid: str, school_line: str, front_office: str, notice: str
) -> str:
    """Announce recording, stream both tracks to us, and dial the front office recorded."""
    response = VoiceResponse()
    if notice:
        response.say(notice)
    start = Start()
    stream = start.stream(
        url=routes.media,
        track="both_tracks",
        name=STREAM_NAME,
        status_callback=routes.url("/twilio/stream-status"),
    )
    stream.parameter(name="CallSid", value=call_sid)
    stream.parameter(name="SchoolLine", value=school_line)
    response.append(start)
    dial = Dial(
        action=routes.url("/twilio/dial-action"),
        record="record-from-answer-dual",
        recording_status_callback=routes.url("/twilio/recording"),
        recording_status_callback_event="in-progress completed absent",
    )
    dial.number(
        front_office,
        status_callback=routes.url("/twilio/status"),
        status_callback_event="initiated ringing answered completed",
    )
    response.append(dial)
    return str(response)


def dial_finished(routes: Routes, dial_status: str) -> str:
    """After the front office leg: hang up, or take a message if nobody answered."""
    response = VoiceResponse()
    if dial_status in ANSWERED:
        response.hangup()
        return str(response)
    response.say(FRONT_OFFICE_UNREACHED)
    response.record(
        max_length=300,
        play_beep=True,
        recording_status_callback=routes.url("/twilio/recording"),
        recording_status_callback_event="in-progress completed absent",
    )
    response.hangup()
    return str(response)


def not_configured() -> str:
    """What the caller hears when no front-office number is configured."""
    response = VoiceResponse()
    response.say(NOT_CONFIGURED)
    response.hangup()
    return str(response)
