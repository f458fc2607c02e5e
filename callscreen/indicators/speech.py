"""The caller's speech as the rules see it: normalised words with timestamps, and phrase search.

Only the caller track feeds the transcript rules (staff words are not the caller's
claims); staff segments ride along as context for the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import NUMBER_VALUES, TEENS, TENS, UNITS

CALLER, STAFF = "caller", "staff"
NUMBER_SLOT = "{number}"
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_MARKUP = re.compile(r"\[[^\]]*\]|<[^>]*>")  # recognizer tags such as [unk] or <noise>
_NUMBER_LIMIT = 3  # words one spoken count may take ("twenty five", "one hundred")


@dataclass(frozen=True)
class Word:
    """One normalised word the caller said, with where it was heard."""

    text: str
    heard: str
    start: float
    end: float
    conf: float | None
    segment_id: int | None
    estimated: bool = False  # timing spread over the segment: the engine gave no word times

    def to_dict(self) -> dict[str, Any]:
        """The word as evidence: what was heard and when."""
        out = {"word": self.heard, "start": round(self.start, 2), "end": round(self.end, 2)}
        out["conf"] = None if self.conf is None else round(self.conf, 3)
        if self.estimated:
            out["estimated"] = True
        return out


@dataclass(frozen=True)
class Speech:
    """A call's caller words in time order, the caller segments, and staff segments."""

    words: tuple[Word, ...]
    segments: tuple[dict, ...]
    context: tuple[dict, ...] = ()
    bounds: tuple[tuple[int, int], ...] = ()  # each caller segment's [start, end) in words

    @property
    def tokens(self) -> list[str]:
        """The normalised words."""
        return [w.text for w in self.words]

    @property
    def seconds(self) -> float:
        """Seconds of caller speech (sum of caller segment durations)."""
        return sum(max(0.0, s["end"] - s["start"]) for s in self.segments)

    def text(self) -> str:
        """The caller's words as one normalised string."""
        return " ".join(self.tokens)

    def passage(self, start: int, end: int) -> dict[str, Any]:
        """Evidence for words [start, end): heard text, times and each word with its timestamps."""
        words = self.words[start:end]
        return {
            "heard": " ".join(w.heard for w in words),
            "start": round(words[0].start, 2),
            "end": round(words[-1].end, 2),
            "segment_id": words[0].segment_id,
            "words": [w.to_dict() for w in words],
        }


def number_word(n: int) -> str:
    """A whole number under 100 as a recognizer writes it ('15' -> 'fifteen')."""
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return TENS[tens - 2] + ("" if unit == 0 else " " + UNITS[unit])


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation or apostrophes; digits under 100 spelled out."""
    out = []
    for match in _WORD.finditer(_MARKUP.sub(" ", text.lower().replace("’", "'"))):
        for part in re.findall(r"\d+|[a-z']+", match.group()):
            if part.isdigit() and int(part) < 100:
                out.extend(number_word(int(part)).split())
            else:
                out.append(part.replace("'", ""))
    return out


def segment_words(segment: dict) -> list[Word]:
    """A segment's words, normalised; timing from the engine, else spread over the segment."""
    sid = segment.get("id")
    timed = []
    for w in segment.get("words") or []:
        for part in normalise(str(w.get("word", ""))):
            timed.append(Word(part, str(w["word"]), w["start"], w["end"], w.get("conf"), sid))
    said = normalise(segment.get("text", ""))
    if [w.text for w in timed] == said:
        return timed
    # The words list does not cover the text: keep the text, estimate where each word was.
    step = (segment["end"] - segment["start"]) / max(len(said), 1)
    return [
        Word(t, t, segment["start"] + i * step, segment["start"] + (i + 1) * step, None, sid, True)
        for i, t in enumerate(said)
    ]


def caller_speech(segments: Iterable[dict]) -> Speech:
    """The caller's words from stored segments (one version); staff segments kept as context."""
    ordered = sorted(segments, key=lambda s: (s["start"], s.get("id") or 0))
    caller = tuple(s for s in ordered if s["track"] == CALLER)
    staff = tuple(s for s in ordered if s["track"] == STAFF)
    words: list[Word] = []
    bounds = []
    for segment in caller:
        start = len(words)
        words.extend(segment_words(segment))
        bounds.append((start, len(words)))
    return Speech(tuple(words), caller, staff, tuple(bounds))


def compile_phrase(phrase: str) -> tuple[frozenset[str], ...]:
    """A lexicon phrase as slots of allowed words; `{number}` stays a slot of its own."""
    return tuple(frozenset(slot.split("|")) for slot in phrase.split())


def number_span(tokens: Sequence[str], i: int) -> int:
    """How many words from tokens[i] form a spoken count ('twenty five' -> 2); 0 if none."""
    n = 0
    while i + n < len(tokens) and n < _NUMBER_LIMIT and tokens[i + n] in NUMBER_VALUES:
        n += 1
    if n == 0 and i < len(tokens) and tokens[i] in ("a", "an"):
        return 1  # "in an hour", "a dozen"
    return n


def count_value(tokens: Sequence[str]) -> int | None:
    """The value of a spoken count ('twenty five' -> 25, 'one hundred' -> 100), or None."""
    total, current = 0, 0
    for t in tokens:
        if t not in NUMBER_VALUES:
            return None
        value = NUMBER_VALUES[t]
        if value == 100:
            current = max(current, 1) * 100
        elif t == "dozen":
            total, current = total + max(current, 1) * 12, 0
        else:
            current += value
    return total + current


def match_at(tokens: Sequence[str], i: int, slots: tuple[frozenset[str], ...]) -> int:
    """End index when the phrase matches at tokens[i], else -1."""
    j = i
    for slot in slots:
        if NUMBER_SLOT in slot:
            n = number_span(tokens, j)
            if n == 0:
                return -1
            j += n
        elif j < len(tokens) and tokens[j] in slot:
            j += 1
        else:
            return -1
    return j


Compiled = tuple[tuple[frozenset[str], ...], str]


@lru_cache(maxsize=64)
def _phrase_index(items: tuple[tuple[str, str], ...]) -> tuple[dict[str, list[Compiled]], list]:
    """Compiled phrases by their possible first word; those opening with a number slot apart."""
    by_first: dict[str, list[Compiled]] = {}
    anywhere: list[Compiled] = []
    for phrase, label in items:
        slots = compile_phrase(phrase)
        if NUMBER_SLOT in slots[0]:
            anywhere.append((slots, label))
            continue
        for word in slots[0]:
            by_first.setdefault(word, []).append((slots, label))
    return by_first, anywhere


def find_phrases(tokens: Sequence[str], phrases: dict[str, str]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) hits of phrases {phrase: label}, longest first."""
    by_first, anywhere = _phrase_index(tuple(phrases.items()))
    hits = []
    i = 0
    while i < len(tokens):
        candidates = by_first.get(tokens[i], []) + anywhere
        best = max(((match_at(tokens, i, s), label) for s, label in candidates), default=(-1, ""))
        if best[0] > i:
            hits.append((i, best[0], best[1]))
            i = best[0]
        else:
            i += 1
    return hits


def label_map(groups: dict[str, Iterable[str]]) -> dict[str, str]:
    """{phrase: label} from {label: phrases}."""
    return {phrase: label for label, phrases in groups.items() for phrase in phrases}
