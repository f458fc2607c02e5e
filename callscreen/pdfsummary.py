"""summary.pdf: the call at a glance for a reader on paper, built from call.json's data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .clock import parse_stamp
from .packet import MACHINE_TRANSCRIPT, describe_engine, transcript_line

FONTS = Path(__file__).parent / "fonts"
COLLAPSED_KINDS = ("segment", "transcript.partial")
STYLE = {  # style: (bold, size pt, line height mm, space before mm)
    "title": (True, 15, 7.0, 0),
    "h1": (True, 12, 6.0, 4),
    "h2": (True, 10, 5.0, 1.5),
    "p": (False, 9.5, 4.6, 0),
    "note": (False, 9, 4.4, 1),
    "line": (False, 8.5, 4.0, 0),
}
Block = tuple  # ("kv", label, value) or (style, text) or (style, text, indent_mm)


def render(
    doc: dict[str, Any], transcript: dict[str, Any], events: list[dict], custody: list[dict]
) -> bytes:
    """The PDF bytes for a packet's call document, transcript, event log and custody log."""
    blocks = summary_blocks(doc, transcript, events, custody)
    pdf = _new_pdf(doc)
    covered = _load_fonts(pdf, _chars(blocks))
    pdf.add_page()
    widths: dict[tuple, float] = {}
    for block in blocks:
        _draw(pdf, block, covered, widths)
    return bytes(pdf.output())


class _SummaryPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("dejavu", "", 7.5)
        self.cell(0, 4, text=f"{self.footer_text} · page {self.page_no()} of {{nb}}", align="C")


def _new_pdf(doc: dict[str, Any]) -> FPDF:
    pdf = _SummaryPDF(format="Letter", unit="mm")
    pdf.footer_text = f"Call {doc['call']['sid']} · packet {doc['packet']['id']}"
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(f"Call {doc['call']['sid']}: law-enforcement packet")
    pdf.set_creator(f"callscreen {doc['packet']['tool']['version']}")
    return pdf


def _load_fonts(pdf: FPDF, chars: set[str]) -> set[int]:
    """Add DejaVu, and the CJK fallback only when the text needs it; return covered code points."""
    pdf.add_font("dejavu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    covered = set(pdf.fonts["dejavu"].cmap)
    if any(ord(c) not in covered for c in chars):
        # Loading the 4 MB fallback costs ~0.6 s, so most packets skip it.
        pdf.add_font("droid", "", str(FONTS / "DroidSansFallbackFull.ttf"))
        pdf.set_fallback_fonts(["droid"], exact_match=False)
        covered |= set(pdf.fonts["droid"].cmap)
    return covered


def _chars(blocks: list[Block]) -> set[str]:
    return {c for block in blocks for part in block[1:] if isinstance(part, str) for c in part}


def _printable(text: str, covered: set[int]) -> str:
    # A glyph no bundled font has is shown as its code point; call.json keeps the exact text.
    if all(ord(c) in covered or c == "\n" for c in text):
        return text
    return "".join(c if ord(c) in covered or c == "\n" else f"[U+{ord(c):04X}]" for c in text)


def _draw(pdf: FPDF, block: Block, covered: set[int], widths: dict) -> None:
    if block[0] == "kv":
        _draw_kv(pdf, _printable(block[1], covered), _printable(block[2], covered), widths)
        return
    bold, size, height, before = STYLE[block[0]]
    indent = block[2] if len(block) > 2 else 0
    pdf.set_font("dejavu", "B" if bold else "", size)
    if before:
        pdf.ln(before)
    width = pdf.epw - indent
    for line in wrap(pdf, _printable(block[1], covered), width, widths):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(width, height, text=line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _draw_kv(pdf: FPDF, label: str, value: str, widths: dict) -> None:
    label_width = 44
    pdf.set_font("dejavu", "B", 9)
    pdf.cell(label_width, 4.6, text=label)
    pdf.set_font("dejavu", "", 9)
    lines = wrap(pdf, value, pdf.epw - label_width, widths) or [""]
    for i, line in enumerate(lines):
        pdf.set_x(pdf.l_margin + label_width)
        pdf.cell(pdf.epw - label_width, 4.6, text=line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if i + 1 < len(lines):
            pdf.set_x(pdf.l_margin)


def wrap(pdf: FPDF, text: str, width: float, widths: dict) -> list[str]:
    """Greedy word wrap by measured width; fpdf2's multi_cell is too slow for long transcripts."""
    lines: list[str] = []
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt)
    space = _width(pdf, " ", key, widths)
    for paragraph in text.split("\n"):
        line, used = [], 0.0
        for word in paragraph.split(" "):
            w = _width(pdf, word, key, widths)
            if line and used + space + w > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            if w > width:
                pieces = _split_long(pdf, word, width, key, widths)
                lines += pieces[:-1]
                word, w = pieces[-1], _width(pdf, pieces[-1], key, widths)
            used += (space if line else 0.0) + w
            line.append(word)
        lines.append(" ".join(line))
    return lines


def _split_long(pdf: FPDF, word: str, width: float, key: tuple, widths: dict) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and _width(pdf, current + char, key, widths) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def _width(pdf: FPDF, text: str, key: tuple, widths: dict) -> float:
    cached = widths.get((key, text))
    if cached is None:
        cached = widths[(key, text)] = pdf.get_string_width(text)
    return cached


def summary_blocks(
    doc: dict[str, Any], transcript: dict[str, Any], events: list[dict], custody: list[dict]
) -> list[Block]:
    """What the summary says, in reading order, as (style, text) blocks."""
    return [
        *_heading(doc),
        *_call_facts(doc),
        *_indicator_section(doc, "swatting", "Swatting indicators present"),
        *_indicator_section(doc, "danger", "Danger and imminence indicators present"),
        *_context_section(doc),
        *_staff_sections(doc),
        *_recording_section(doc),
        *_transcript_section(transcript),
        *_event_section(events),
        *_custody_section(custody),
        *_about_section(doc),
    ]


def _heading(doc: dict[str, Any]) -> list[Block]:
    packet, district, call = doc["packet"], doc["district"], doc["call"]
    partner = district["law_enforcement"]
    where = call["school"] or call["school_line"] or "the school line"
    created = _when(packet["created_at"], district["timezone"])
    return [
        ("title", f"Threat call to {where}: law-enforcement packet"),
        ("p", f"{district['name']} · packet {packet['id']}"),
        ("p", f"Created {created} by {packet.get('exported_by') or 'unknown'}"),
        ("note", doc["notice"]),
        (
            "note",
            f"Standing guidance: in an identified emergency call {partner['emergency']}; "
            f"otherwise contact {partner['name']} ({partner['phone']}).",
        ),
    ]


def _when(utc: str | None, tz: str) -> str:
    """A stored UTC stamp for print: UTC, then district local time with its zone abbreviation."""
    if not utc:
        return "not recorded"
    try:
        moment = parse_stamp(utc)
    except ValueError:
        return utc
    local = moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M:%S %Z")
    return f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} UTC = {local}"


def _call_facts(doc: dict[str, Any]) -> list[Block]:
    call, twilio, caller = doc["call"], doc["twilio"], doc["call"]["caller"]
    tz, times = doc["district"]["timezone"], doc["call"]["times"]
    rows = [
        ("School line", " ".join(x for x in (call["school"], call["school_line"]) if x)),
        ("Caller number", _caller_number(caller)),
        ("Caller name (CNAM)", caller["name"] or "not provided"),
        ("Number registered in", _region(caller)),
        ("STIR/SHAKEN", call["stir_shaken"] or "not provided by the carrier"),
        ("Forwarded from", call["forwarded_from"] or "not forwarded"),
        *[(label, _when(times[k]["utc"], tz)) for label, k in _TIME_ROWS],
        ("Time zone", tz),
        ("Duration", _duration(call["duration_seconds"])),
        ("Status", call["status"] or "unknown"),
        ("Twilio Account SID", twilio["account_sid"] or "unknown"),
        ("Twilio Call SID", twilio["call_sid"]),
        ("Recording SID", ", ".join(twilio["recording_sids"]) or "none"),
    ]
    return [("h1", "The call"), *[("kv", label, str(value)) for label, value in rows]]


_TIME_ROWS = (("Started", "started_at"), ("Answered", "answered_at"), ("Ended", "ended_at"))


def _caller_number(caller: dict[str, Any]) -> str:
    if caller["withheld"]:
        sent = caller["from_raw"] or "nothing"
        return f"withheld (caller ID sent: {sent})"
    return caller["number"] or "unknown"


def _region(caller: dict[str, Any]) -> str:
    twilio = ", ".join(v for v in caller["twilio_region"].values() if v)
    parts = [caller["number_registered_in"], f"Twilio: {twilio}" if twilio else None]
    return " · ".join(p for p in parts if p) or "unknown"


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "unknown"
    return f"{seconds} s ({seconds // 60}:{seconds % 60:02d})"


def _indicator_section(doc: dict[str, Any], group: str, title: str) -> list[Block]:
    items = doc["indicators"][group]
    present = [i for i in items if i["present"]]
    blocks: list[Block] = [("h1", f"{title} ({len(present)})")]
    if not present:
        blocks.append(("p", "None present."))
    for item in present:
        blocks += [("h2", f"{item['label']} [{item['id']}]"), ("p", item["summary"], 4)]
        blocks += [("line", f"{k}: {_compact(v)}", 8) for k, v in sorted(item["evidence"].items())]
    absent = [i["id"] for i in items if not i["present"]]
    if absent:
        blocks.append(("note", "Checked, not present: " + ", ".join(absent)))
    return blocks


def _context_section(doc: dict[str, Any]) -> list[Block]:
    present = [i for i in doc["indicators"]["context"] if i["present"]]
    blocks: list[Block] = [("h1", "Context")] if present else []
    for item in present:
        blocks += [("h2", f"{item['label']} [{item['id']}]"), ("p", item["summary"], 4)]
        blocks += [("line", f"{k}: {_compact(v)}", 8) for k, v in sorted(item["evidence"].items())]
    return blocks


def _staff_sections(doc: dict[str, Any]) -> list[Block]:
    staff = doc["staff"]
    sections = (
        ("Staff checklist", staff["checklist"], "No checklist entries were recorded."),
        ("Actions", staff["actions"], "No actions were recorded."),
        ("Staff reviews of indicators", staff["reviews"], "No indicator was reviewed."),
    )
    blocks: list[Block] = []
    for title, entries, empty in sections:
        blocks.append(("h1", title))
        blocks += [("line", _staff_line(e)) for e in entries] or [("p", empty)]
    return blocks


def _staff_line(entry: dict[str, Any]) -> str:
    what = entry.get("item") or entry.get("action") or entry.get("indicator") or entry["kind"]
    value = entry.get("value") or entry.get("decision")
    text = f"{entry['at']} · {what}" + (f": {_compact(value)}" if value is not None else "")
    if entry.get("name"):
        text += f" ({entry['name']})"
    text += f" · by {entry.get('by') or 'unknown'}"
    return text + (f" · note: {entry['note']}" if entry.get("note") else "")


def _recording_section(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [("h1", "Recording")]
    if not doc["recordings"]:
        return [*blocks, ("p", "There is no recording of this call in this packet.")]
    for rec in doc["recordings"]:
        blocks.append(("p", _recording_text(rec)))
    return blocks


def _recording_text(rec: dict[str, Any]) -> str:
    head = f"Recording {rec['sid']} ({rec['status']}, {rec['channels'] or '?'} channel(s))"
    integrity = rec["integrity"]
    if integrity == "verified":
        return (
            f"{head}: {rec['file']}, {rec['bytes']} bytes, SHA-256 {rec['sha256_now']}, "
            f"identical to the hash recorded when it was downloaded ({rec['downloaded_at']})."
        )
    if integrity == "not downloaded":
        return f"{head}: not downloaded; not in this packet. Request it from Twilio by its SID."
    return (
        f"WARNING — {head}: the stored file does not match the hash recorded when it was "
        f"downloaded ({integrity}). Recorded {rec['sha256_at_capture']}, now "
        f"{rec['sha256_now'] or 'no file'}. Request the original from Twilio by its SID."
    )


def _transcript_section(transcript: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [("h1", "Transcript"), ("note", MACHINE_TRANSCRIPT)]
    versions = {v["version"]: v for v in transcript["versions"]}
    chosen = versions.get("batch") or versions.get("live") or next(iter(versions.values()), None)
    if chosen is None:
        return [*blocks, ("p", "No transcript was stored for this call.")]
    engines = "; ".join(describe_engine(e) for e in chosen["engines"])
    blocks.append(("note", f"Shown: the {chosen['version']} transcript, by {engines}."))
    others = [name for name in versions if name != chosen["version"]]
    if others:
        blocks.append(("note", f"Also in transcript.txt and transcript.json: {', '.join(others)}."))
    return blocks + [("line", transcript_line(s)) for s in chosen["segments"]]


def _event_section(rows: list[dict]) -> list[Block]:
    blocks: list[Block] = [("h1", f"Event log ({len(rows)} events, all in events.jsonl)")]
    collapsed: dict[str, int] = {}
    for event in rows:
        if event["kind"] in COLLAPSED_KINDS:
            collapsed[event["kind"]] = collapsed.get(event["kind"], 0) + 1
            continue
        brief = _compact(event["payload"], 220)
        blocks.append(("line", f"#{event['id']} {event['at']} {event['kind']} {brief}"))
    for kind, count in collapsed.items():
        blocks.append(
            ("note", f"{count} '{kind}' events: the transcript above; full data in events.jsonl.")
        )
    return blocks


def _custody_section(entries: list[dict]) -> list[Block]:
    blocks: list[Block] = [("h1", f"Chain of custody ({len(entries)} entries, custody.jsonl)")]
    for entry in entries:
        detail = _compact(entry["detail"], 220)
        blocks.append(
            ("line", f"#{entry['id']} {entry['at']} {entry['actor']} {entry['action']} {detail}")
        )
    return blocks


def _about_section(doc: dict[str, Any]) -> list[Block]:
    return [
        ("h1", "About this packet"),
        (
            "p",
            "Files: summary.pdf (this summary), call.json (the same as data, schema "
            f"{doc['schema']}, indicator rules {doc['rule_version']}), transcript.json and "
            "transcript.txt, recording.wav when there is one, events.jsonl (the call's event "
            "log), custody.jsonl (every view and export of this call), public_key.pem, "
            "manifest.json (SHA-256 of every file) and manifest.sig (Ed25519 signature of "
            "manifest.json).",
        ),
        (
            "p",
            "Check it with: callscreen packet verify PACKET.zip --public-key DISTRICT-KEY.pem "
            "(the district's public key obtained separately, e.g. printed by "
            "`callscreen keys show`).",
        ),
    ]


def _compact(value: Any, limit: int = 400) -> str:
    text = (
        value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"
