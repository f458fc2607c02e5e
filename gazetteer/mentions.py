"""Place mentions in recognizer text, each with its verdict and evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from .match import (
    NEAR_SCORE,
    SCHOOL_WORDS,
    Candidate,
    Index,
    best_per_place,
    exact_candidates,
    school_core,
    street_base,
)
from .normalise import STREET_TYPES, Token
from .numbers import NUMBER_WORDS, number_run

KNOWN, NEAR, UNKNOWN, UNVERIFIED = "known", "near", "unknown", "unverified"

# Prepositions that put a place after them ("at the Peabody", "on Rindge Avenue").
PLACE_PREPOSITIONS = frozenset(
    "at on near in by behind outside inside across from to off along past onto into".split()
)
DETERMINERS = frozenset("the a an this that these those my your our his her their its".split())
# Words that never belong to a place name, so a name ends where one of them stands.
STOP_WORDS = (
    PLACE_PREPOSITIONS
    | DETERMINERS
    | frozenset(
        "i im me you he she it we they them him is are was were be been being am will would "
        "can could should shall have has had do does did not no yes and or but so if then "
        "there theres here what where when who whom why how with for of up down out over "
        "going gonna got get gets go goes come coming now just right please um uh ah oh okay "
        "hello hi someone somebody everyone everybody anyone man woman guy kid kids student "
        "students teacher teachers gun guns bomb bombs knife rifle shooter shooting shot "
        "kill killed police send call calling hurry help minutes minute hours today tonight "
        "said say says all every one some any corner about around like than "
        "before after because while until since against between through under above below".split()
    )
)
# Street-type words that are also everyday words ("no way", "in a circle"): a mention
# ending in one needs a place preposition before it unless the name is recognised.
STRONG_STREET_TYPES = frozenset(
    "street avenue road boulevard highway turnpike parkway terrace lane alley expressway "
    "freeway".split()
)
ROOM_NUMBER_WORDS = frozenset("room classroom suite portable".split())
NEAR_PREPOSITION_SCORE = 88.0  # without a place word after it, ask for a closer match


@dataclass(frozen=True)
class Mention:
    """One place said in the text: what was heard, where, and whether the district has it."""

    heard: str
    key: str
    kind: str
    verdict: str
    method: str
    candidates: tuple[Candidate, ...]
    token_start: int
    token_end: int
    char_start: int
    char_end: int
    house_number: str = ""
    note: str = ""

    @property
    def best(self) -> Candidate | None:
        """The strongest candidate, if any."""
        return self.candidates[0] if self.candidates else None

    def to_dict(self) -> dict:
        """The mention as plain JSON-ready data."""
        data = dict(self.__dict__)
        data["candidates"] = [c.to_dict() for c in self.candidates]
        return data


@dataclass(frozen=True)
class Span:
    """A run of tokens [start, end) that may name a place, and the kinds to look it up in."""

    start: int
    end: int
    kinds: tuple[str, ...]
    strong: bool
    street_type: str = ""
    school: bool = False


@dataclass
class Text:
    """The tokens of one utterance and which of them a mention already covers."""

    raw: str
    tokens: list[Token]
    words: list[str] = field(init=False)
    covered: list[bool] = field(init=False)

    def __post_init__(self) -> None:
        self.words = [t.norm for t in self.tokens]
        self.covered = [False] * len(self.tokens)

    def key(self, start: int, end: int) -> str:
        """Normal form of tokens [start, end)."""
        return " ".join(self.words[start:end])

    def free(self, start: int, end: int) -> bool:
        """No token of [start, end) belongs to a mention yet."""
        return not any(self.covered[start:end])

    def mention(self, start: int, end: int, kind: str, verdict: str, cands, **extra) -> Mention:
        """Make a mention over tokens [start, end) and mark them covered."""
        self.covered[start:end] = [True] * (end - start)
        first, last = self.tokens[start], self.tokens[end - 1]
        method = cands[0].method if cands and verdict in (KNOWN, NEAR) else ""
        heard = self.raw[first.start : last.end]
        return Mention(heard, self.key(start, end), kind, verdict, method, tuple(cands),
                       start, end, first.start, last.end, **extra)  # fmt: skip


def spot_known(text: Text, index: Index, kinds: tuple[str, ...]) -> list[Mention]:
    """Exact and alias spellings anywhere in the text, longest first."""
    found = []
    for n in range(min(index.longest, len(text.words)), 0, -1):
        for i in range(len(text.words) - n + 1):
            if not text.free(i, i + n) or text.words[i] in STOP_WORDS:
                continue
            hits = index.exact_hits(text.key(i, i + n), kinds, bare=False)
            if hits:
                cands = exact_candidates(hits)
                end = _school_words_after(text, i + n) if cands[0].kind == "school" else i + n
                found.append(text.mention(i, end, cands[0].kind, KNOWN, cands))
    return found


def _school_words_after(text: Text, end: int) -> int:
    """Extend a school name over the school words said after it ('king open' + 'school')."""
    while end < len(text.words) and text.free(end, end + 1) and text.words[end] in SCHOOL_WORDS:
        end += 1
    return end


def anchored_spans(text: Text, anchors: dict[str, tuple[str, ...]]) -> list[tuple[Span, int]]:
    """Spans ending in a street-type, school or landmark word, with how far left they may go."""
    out = []
    i = 0
    while i < len(text.words):
        kinds = anchors.get(text.words[i]) if not text.covered[i] else None
        if kinds is None:
            i += 1
            continue
        end = i + 1
        while end < len(text.words) and not text.covered[end] and text.words[end] in anchors:
            end += 1  # "elementary school", "street extension", "hill road"
        for word in text.words[i + 1 : end]:
            kinds = tuple(dict.fromkeys(anchors.get(word, ()) + kinds))
        left = _name_start(text, i)
        if left < i:
            out.append((_span(text, left, i, end, kinds), i))
        i = end
    return out


def _span(text: Text, left: int, anchor: int, end: int, kinds: tuple[str, ...]) -> Span:
    word = text.words[anchor]
    school = "school" in kinds and any(w in SCHOOL_WORDS for w in text.words[anchor:end])
    street_type = word if word in STREET_TYPES.values() and not school else ""
    strong = school or word in STRONG_STREET_TYPES or _placed(text, left)
    return Span(left, end, kinds, strong, street_type, school)


def _name_start(text: Text, anchor: int, most: int = 4) -> int:
    """Leftmost token of the name before an anchor word (stops at stop words and mentions)."""
    j = anchor
    while j > 0 and anchor - j < most and not text.covered[j - 1]:
        word = text.words[j - 1]
        inner_and = word == "and" and j > 1 and _plain(text.words[j - 2]) and j < anchor
        if not inner_and and (word in STOP_WORDS or word in NUMBER_WORDS):
            break  # "and" may join a name ("Graham and Parks"); other stop words end it
        j -= 1
    return j


def _plain(word: str) -> bool:
    return word not in STOP_WORDS and word not in NUMBER_WORDS


def _placed(text: Text, start: int) -> bool:
    """A place preposition (maybe with a determiner) or a house number stands before start."""
    j = start - 1
    if j >= 0 and text.words[j] in DETERMINERS:
        j -= 1
    return j >= 0 and (text.words[j] in PLACE_PREPOSITIONS or text.words[j] in NUMBER_WORDS)


def judge(text: Text, index: Index, span: Span, start: int) -> tuple[str, list[Candidate]]:
    """Verdict and candidates for tokens [start, span.end)."""
    key = text.key(start, span.end)
    hits = index.exact_hits(key, span.kinds, bare=False)
    if span.school:
        hits = hits or index.exact_hits(school_core(key), ("school",), bare=True)
    if hits:
        return KNOWN, exact_candidates(hits)
    typed = span.school or bool(span.street_type)
    cands = index.similar(key, span.kinds, phonetic=not typed)
    if span.school and school_core(key):
        cands = _merge(cands, index.similar(school_core(key), ("school",)))
    if span.street_type:
        base = street_base(key)
        cands = _merge(cands, index.similar(base, ("street",), street_type=span.street_type))
    verdict = NEAR if cands and cands[0].score >= NEAR_SCORE else UNKNOWN
    return verdict, cands


def _merge(a: list[Candidate], b: list[Candidate]) -> list[Candidate]:
    return best_per_place(a + b)


_RANK = {KNOWN: 2, NEAR: 1, UNKNOWN: 0}


def resolve(text: Text, index: Index, span: Span, anchor: int) -> Mention | None:
    """The best reading of an anchored span: the known or closest name, else an unknown one."""
    best = None
    for start in range(anchor - 1, span.start - 1, -1):
        verdict, cands = judge(text, index, span, start)
        score = (_RANK[verdict], cands[0].score if cands else 0.0)
        if verdict != UNKNOWN and (best is None or score >= best[0]):
            best = (score, start, verdict, cands)
    if best is not None:
        _, start, verdict, cands = best
        # a near reading still covers every name word, so none is left to be misread alone
        start = start if verdict == KNOWN else span.start
    elif span.strong:
        start = span.start
        verdict, cands = judge(text, index, span, start)
    else:
        return None
    kind = cands[0].kind if verdict != UNKNOWN else span.kinds[0]
    return text.mention(start, span.end, kind, verdict, cands)


def after_prepositions(text: Text, index: Index, kinds: tuple[str, ...], anchors) -> list[Mention]:
    """Names right after 'at', 'on', 'near' ...: known spellings, or very close ones."""
    found = []
    for i, word in enumerate(text.words):
        if word not in PLACE_PREPOSITIONS:
            continue
        determiner = i + 1 < len(text.words) and text.words[i + 1] in DETERMINERS
        start = i + 1 + determiner
        end = start
        while end < len(text.words) and end - start < 4 and _name_word(text, end, anchors):
            end += 1
        mention = _best_after(text, index, kinds, start, end, determiner)
        if mention is not None:
            found.append(mention)
    return found


def _name_word(text: Text, i: int, anchors) -> bool:
    word = text.words[i]
    plain = word not in STOP_WORDS and word not in NUMBER_WORDS and word not in anchors
    return plain and not text.covered[i]


def _best_after(text: Text, index: Index, kinds, start: int, end: int, det: bool) -> Mention | None:
    for stop in range(end, start, -1):
        hits = index.exact_hits(text.key(start, stop), kinds, bare=True)
        # "near the river" is not River Street: a street said without its type has no article
        hits = [e for e in hits if not (det and e.bare and e.place.kind == "street")]
        # a bare name must stand alone: "memorial" of "memorial stadium" is not Memorial Drive
        hits = [e for e in hits if stop == end or not e.bare]
        if hits:
            return text.mention(start, stop, hits[0].place.kind, KNOWN, exact_candidates(hits))
    for stop in range(end, start, -1):
        key = text.key(start, stop)
        if len(key) < 5:
            continue
        # a perfect score here is a bare spelling the exact pass already refused
        cands = [c for c in index.similar(key, kinds, phonetic=False) if c.score < 100]
        if cands and cands[0].score >= NEAR_PREPOSITION_SCORE:
            return text.mention(start, stop, cands[0].kind, NEAR, cands)
    return None


def attach_house_number(text: Text, mention: Mention) -> Mention:
    """Fold a spoken house number before a street into the mention ('twelve thirty four elm')."""
    start = mention.token_start
    while start > 0 and text.words[start - 1] in NUMBER_WORDS | {"and"}:
        start -= 1
    while start < mention.token_start:
        run = number_run(text.words, start)
        if run is not None and start + run[1] == mention.token_start:
            first = text.tokens[start]
            return Mention(**{**mention.__dict__, "house_number": run[0], "token_start": start,
                              "char_start": first.start,
                              "heard": text.raw[first.start : mention.char_end]})  # fmt: skip
        start += 1
    return mention
