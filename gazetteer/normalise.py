"""Normalisation: one spelling for the many ways people, maps and recognizers say a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

import jellyfish

# Street-type words: every abbreviation (USPS Publication 28 plus the codes street
# centerline layers use, such as Pk and Tpk) maps to the spelled-out word, so "St",
# "st." and "street" all compare equal.
STREET_TYPES: dict[str, str] = {
    "street": "street", "st": "street", "str": "street",
    "avenue": "avenue", "ave": "avenue", "av": "avenue",
    "road": "road", "rd": "road",
    "place": "place", "pl": "place",
    "drive": "drive", "dr": "drive",
    "court": "court", "ct": "court",
    "terrace": "terrace", "ter": "terrace", "terr": "terrace",
    "parkway": "parkway", "pkwy": "parkway", "pky": "parkway",
    "lane": "lane", "ln": "lane",
    "circle": "circle", "cir": "circle",
    "highway": "highway", "hwy": "highway",
    "boulevard": "boulevard", "blvd": "boulevard",
    "square": "square", "sq": "square",
    "alley": "alley", "aly": "alley",
    "extension": "extension", "ext": "extension",
    "park": "park", "pk": "park",
    "turnpike": "turnpike", "tpk": "turnpike", "tpke": "turnpike",
    "way": "way", "row": "row", "mews": "mews", "hill": "hill", "green": "green",
    "landing": "landing", "lndg": "landing", "bridge": "bridge", "footbridge": "footbridge",
    "gardens": "gardens", "walk": "walk", "path": "path", "crossing": "crossing",
    "expressway": "expressway", "expy": "expressway", "freeway": "freeway", "fwy": "freeway",
    "pike": "pike", "trail": "trail", "trl": "trail", "plaza": "plaza", "plz": "plaza",
}  # fmt: skip

DIRECTIONS: dict[str, str] = {
    "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
}  # fmt: skip

# Abbreviations that are not street types. "st" and "dr" depend on position (below).
WORDS: dict[str, str] = {
    "mt": "mount", "ft": "fort", "msr": "monsignor", "msgr": "monsignor", "jr": "junior",
    "sr": "senior", "apts": "apartments", "apt": "apartment", "ctr": "center",
    "bldg": "building", "hs": "high school", "elem": "elementary", "&": "and",
    "centre": "center", "theater": "theatre", "rm": "room", "univ": "university",
}  # fmt: skip

UNITS = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth"
).split()
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
ORDINALS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_ORDINAL_UNITS)},
    **{w: i + 10 for i, w in enumerate(_ORDINAL_TEENS)},
    **{w: (i + 2) * 10 for i, w in enumerate(_ORDINAL_TENS.split())},
}

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|&", re.UNICODE)
_DIGIT_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")


@dataclass(frozen=True)
class Token:
    """One word of a text: what was written, its normal form and its character offsets."""

    text: str
    norm: str
    start: int
    end: int


def ordinal_suffix(n: int) -> str:
    """'1st', '2nd', '11th', '23rd' for a whole number."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _raw_tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        word = re.sub(r"['’]", "", m.group().lower())
        out.append(Token(m.group(), word, m.start(), m.end()))
    return _join_letters(out)


def _join_letters(tokens: list[Token]) -> list[Token]:
    """Join spelled-out letters ("c r l s") into one word, as recognizers split acronyms."""
    out: list[Token] = []
    run: list[Token] = []
    for tok in [*tokens, None]:
        single = tok is not None and len(tok.norm) == 1 and tok.norm.isalpha()
        if single and (run or tok.norm not in ("a", "i")):
            run.append(tok)
            continue
        if len(run) >= 2:
            text = "".join(t.norm for t in run)
            out.append(Token(" ".join(t.text for t in run), text, run[0].start, run[-1].end))
        else:
            out.extend(run)
        run = [tok] if single else []
        if tok is not None and not single:
            out.append(tok)
    return out


def _ordinal(words: list[str], i: int) -> tuple[str, int] | None:
    """The ordinal starting at words[i] ('fifth' or 'twenty first') and how many words it uses."""
    w = words[i]
    if (m := _DIGIT_ORDINAL.match(w)) is not None:
        return ordinal_suffix(int(m.group(1))), 1
    if w in TENS and i + 1 < len(words) and words[i + 1] in _ORDINAL_UNITS:
        return ordinal_suffix((TENS.index(w) + 2) * 10 + ORDINALS[words[i + 1]]), 2
    if w in ORDINALS:
        return ordinal_suffix(ORDINALS[w]), 1
    return None


def _contextual(word: str, nxt: str | None, first: bool) -> str:
    """Expand 'st' and 'dr': Saint/Doctor before a name, Street/Drive at the end of one."""
    if word in ("st", "dr"):
        ends = nxt is None or nxt in STREET_TYPES or nxt in DIRECTIONS or nxt in _BREAKS
        if ends and not first:
            return STREET_TYPES[word]
        return "saint" if word == "st" else "doctor"
    if word in STREET_TYPES and len(word) <= 5 and word != STREET_TYPES[word]:
        return STREET_TYPES[word]
    if word in DIRECTIONS and (nxt is None or first):
        return DIRECTIONS[word]
    return WORDS.get(word, word)


# Words after which a name has ended (used to decide 'st' = street vs saint).
_BREAKS = frozenset("and at on in near by of to from the with".split())


def tokenize(text: str) -> list[Token]:
    """Split text into tokens whose `norm` is the canonical spelling of each word."""
    raw = _raw_tokens(text)
    words = [t.norm for t in raw]
    out: list[Token] = []
    i = 0
    while i < len(raw):
        if (ordinal := _ordinal(words, i)) is not None:
            norm, used = ordinal
        else:
            nxt = words[i + 1] if i + 1 < len(words) else None
            norm, used = _contextual(words[i], nxt, first=i == 0), 1
        last = raw[i + used - 1]
        text_ = text[raw[i].start : last.end]
        for part in norm.split():  # "hs" -> "high school": two tokens over one span
            out.append(Token(text_, part, raw[i].start, last.end))
        i += used
    return out


def name_key(name: str) -> str:
    """The normal form of a whole name: 'Msr OBrien Hwy' -> 'monsignor obrien highway'."""
    return " ".join(t.norm for t in tokenize(name))


def compact(key: str) -> str:
    """A key without spaces, so a recognizer's split or merged words still compare equal."""
    return key.replace(" ", "")


def phonetic_key(key: str) -> str:
    """Metaphone of each word, joined: 'mapel street' and 'maple street' share it."""
    return "".join(jellyfish.metaphone(w) for w in key.split())
