"""Spoken numbers: house and room numbers as people say them ("twelve thirty four" = 1234)."""

from __future__ import annotations

from .normalise import TEENS, TENS, UNITS

_SMALL = {w: i for i, w in enumerate(UNITS)} | {w: i + 10 for i, w in enumerate(TEENS)}
_SMALL["oh"] = 0
_TENS = {w: (i + 2) * 10 for i, w in enumerate(TENS)}
_SCALES = {"hundred": 100, "thousand": 1000}
NUMBER_WORDS = frozenset(_SMALL) | frozenset(_TENS) | frozenset(_SCALES)


def _chunks(words: list[str]) -> list[str]:
    """Digit groups of a number said in pairs: 'twelve' 'thirty four' -> ['12', '34']."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w.isdigit():
            out.append(w)
        elif w in _TENS and i + 1 < len(words) and 1 <= _SMALL.get(words[i + 1], 0) <= 9:
            out.append(str(_TENS[w] + _SMALL[words[i + 1]]))
            i += 1
        else:
            out.append(str(_TENS.get(w, _SMALL.get(w, 0))))
        i += 1
    return out


def _compositional(words: list[str]) -> int:
    """A number said with scale words: 'two hundred and nineteen' -> 219."""
    total, current = 0, 0
    for w in words:
        if w == "and":
            continue
        if w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] == 1000:
                total, current = total + current, 0
        else:
            current += int(w) if w.isdigit() else _TENS.get(w, _SMALL.get(w, 0))
    return total + current


def number_run(words: list[str], start: int) -> tuple[str, int] | None:
    """The number beginning at words[start] as digits, and how many words it spans."""
    end = start
    while end < len(words) and _is_number_word(words, end, start):
        end += 1
    while end > start and words[end - 1] == "and":
        end -= 1
    if end == start:
        return None
    run = words[start:end]
    if any(w in _SCALES for w in run):
        return str(_compositional(run)), end - start
    return "".join(_chunks(run)), end - start


def _is_number_word(words: list[str], i: int, start: int) -> bool:
    w = words[i]
    if w.isdigit():
        return i == start or words[i - 1].isdigit()
    if w == "and":  # only inside "two hundred and nineteen"
        return i > start and words[i - 1] in _SCALES
    if w == "oh":  # "one oh two", never a leading "oh"
        return i > start
    return w in NUMBER_WORDS
