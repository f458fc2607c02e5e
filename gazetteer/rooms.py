"""Rooms, wings, floors and buildings said in a call, checked against the school's room list."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

from .match import FUZZY_FLOOR, NEAR_SCORE, Candidate, Entry, best_per_place
from .mentions import KNOWN, NEAR, STOP_WORDS, UNKNOWN, UNVERIFIED, Mention, Text
from .normalise import compact
from .numbers import number_run

ROOM_WORDS = frozenset("room classroom suite portable rm".split())
PART_WORDS = {"wing": "wing", "building": "building", "hall": "wing"}


class RoomBook:
    """Room spellings grouped by school, built once from the index."""

    def __init__(self, entries: list[Entry]):
        self.by_school: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            if e.place.kind == "room":
                self.by_school[e.place.school].append(e)

    def scope(self, schools: list[str]) -> tuple[list[Entry], str]:
        """Room entries of the named schools (all schools when none is named) and a label."""
        named = [s for s in schools if s in self.by_school]
        if schools and not named:
            return [], f"no room list for {', '.join(schools)}"
        keys = named or list(self.by_school)
        label = ", ".join(keys) if keys else "no rooms.csv in this district"
        return [e for s in keys for e in self.by_school[s]], label


def said_rooms(text: Text) -> list[tuple[int, int, str, str]]:
    """(start, end, key, room kind) for 'room two nineteen', '2nd floor', 'east wing' ..."""
    out = []
    for i, word in enumerate(text.words):
        if text.covered[i]:
            continue
        if word in ROOM_WORDS and (run := number_run(text.words, i + 1)) is not None:
            out.append((i, i + 1 + run[1], run[0], "room"))
        elif word == "floor" and i > 0 and text.words[i - 1][:1].isdigit():
            out.append((i - 1, i + 1, text.words[i - 1].rstrip("stndrh"), "floor"))
        elif word in PART_WORDS and i > 0 and text.words[i - 1] not in STOP_WORDS:
            if not text.covered[i - 1]:
                out.append((i - 1, i + 1, text.key(i - 1, i + 1), PART_WORDS[word]))
    return out


def room_mentions(text: Text, book: RoomBook, schools: list[str]) -> list[Mention]:
    """Every room-like mention with its verdict within the named schools' room lists."""
    entries, label = book.scope(schools)
    # "the gym" names a place only once the call has said which school
    found = _named_areas(text, entries) if schools else []
    for start, end, key, kind in said_rooms(text):
        if not text.free(start, end):
            continue
        if not entries:
            found.append(text.mention(start, end, "room", UNVERIFIED, [], note=label))
            continue
        verdict, cands, note = _judge_room(key, kind, entries)
        found.append(text.mention(start, end, "room", verdict, cands, note=note))
    return found


def _named_areas(text: Text, entries: list[Entry]) -> list[Mention]:
    """Areas, wings and buildings of the room list said by name ('the gym', 'the annex')."""
    named = {e.compact: e for e in entries if e.place.category != "room"}
    found = []
    for n in (3, 2, 1):
        for i in range(len(text.words) - n + 1):
            entry = named.get(compact(text.key(i, i + n)))
            if entry is not None and text.free(i, i + n):
                found.append(text.mention(i, i + n, "room", KNOWN, [_cand(entry, 100.0, "exact")]))
    return found


def _judge_room(key: str, kind: str, entries: list[Entry]) -> tuple[str, list[Candidate], str]:
    same = [e for e in entries if e.place.category == kind or kind == "floor"]
    if kind == "floor":
        return _judge_floor(int(key), entries)
    exact = [e for e in same if e.compact == compact(key)]
    if exact:
        return KNOWN, [_cand(e, 100.0, e.method) for e in exact], ""
    hits = process.extract(
        compact(key), [e.compact for e in same], scorer=fuzz.ratio, processor=None,
        score_cutoff=FUZZY_FLOOR, limit=5,
    )  # fmt: skip
    cands = best_per_place([_cand(same[i], s, "fuzzy") for _, s, i in hits])
    note = _floor_note(key, entries) if kind == "room" else ""
    near = cands and cands[0].score >= NEAR_SCORE and not note
    return (NEAR if near else UNKNOWN), cands, note or f"no {kind} {key!r} in the room list"


def _judge_floor(floor: int, entries: list[Entry]) -> tuple[str, list[Candidate], str]:
    floors = sorted({e.place.floor for e in entries if e.place.floor is not None})
    if floor in floors:
        return KNOWN, [], f"floors listed: {', '.join(map(str, floors))}"
    return UNKNOWN, [], f"no floor {floor}; floors listed: {', '.join(map(str, floors))}"


def _floor_note(number: str, entries: list[Entry]) -> str:
    """Room numbers start with their floor (219 is on floor 2): say when that floor is missing."""
    floors = {e.place.floor for e in entries if e.place.floor is not None}
    if len(number) < 3 or not floors or int(number[:-2]) in floors:
        return ""
    listed = ", ".join(map(str, sorted(floors)))
    return f"no floor {int(number[:-2])} for room {number}; floors listed: {listed}"


def _cand(entry: Entry, score: float, method: str) -> Candidate:
    p = entry.place
    name = f"{p.name} ({p.school})"
    return Candidate(name, "room", entry.said, round(score, 1), method, p.source)
