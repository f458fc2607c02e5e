"""The match index: every spelling of every place, precomputed once, looked up per mention."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .normalise import DIRECTIONS, STREET_TYPES, compact, name_key, phonetic_key
from .places import Place, PlaceSet

# Words that say what kind of school a name is; dropping them gives the name people use.
SCHOOL_WORDS = frozenset(
    "school schools elementary middle high upper lower academy primary secondary "
    "junior senior charter magnet montessori program campus k8 preparatory prep".split()
)
_ACRONYM_SKIP = frozenset("and of the for at".split())

FUZZY_FLOOR = 60.0  # below this a name is not shown as a candidate at all
NEAR_SCORE = 80.0  # at or above: close to a real name, possibly misheard or mispronounced
PHONETIC_FLOOR = 85.0  # metaphone keys are short: demand a close sound match
TYPE_PENALTY = 12.0  # right name, wrong street type ("Maple Street" for "Maple Avenue")
LIMIT = 5


@dataclass(frozen=True)
class Entry:
    """One spelling of a place. `bare` spellings (a street without its type, a one-word
    name) are only trusted where the words around them say a place is meant."""

    place: Place
    said: str
    key: str
    compact: str
    phonetic: str
    method: str
    bare: bool


@dataclass(frozen=True)
class Candidate:
    """A place a mention may refer to, with the score and how it was found."""

    name: str
    kind: str
    said: str
    score: float
    method: str
    source: str

    def to_dict(self) -> dict:
        """The candidate as plain JSON-ready data."""
        return dict(self.__dict__)


def street_base(key: str) -> str:
    """A street key without its trailing direction and type ('elm street north' -> 'elm')."""
    words = key.split()
    while len(words) > 1 and words[-1] in DIRECTIONS.values():
        words.pop()
    if len(words) > 1 and words[-1] in STREET_TYPES:
        words.pop()  # only one: "Shady Hill Road" is "Shady Hill", not "Shady"
    return " ".join(words)


def school_core(key: str) -> str:
    """A school key without its school-kind words ('peabody school' -> 'peabody')."""
    return " ".join(w for w in key.split() if w not in SCHOOL_WORDS)


def _acronym(key: str) -> str:
    words = [w for w in key.split() if w not in _ACRONYM_SKIP]
    letters = "".join(w[0] for w in words)
    return letters + "s" if "school" not in words and len(letters) >= 3 else letters


def _spellings(place: Place) -> list[tuple[str, str, bool]]:
    """(key, method, bare) for every way the data lets people say this place."""
    key = name_key(place.name)
    out = [(key, "exact", place.kind == "landmark" and " " not in key)]
    out += [(name_key(a), "alias", False) for a in place.aliases]
    if place.kind == "street":
        out += [(street_base(k), "alias", True) for k, _, _ in list(out)]
    elif place.kind == "school":
        core = school_core(key)
        out += [(core, "alias", " " not in core), (_acronym(key), "alias", False)]
    elif place.kind == "room":
        out += [(f"room {key}", "alias", False)] if key.isdigit() else []
    return [(k, m, bare) for k, m, bare in out if len(compact(k)) >= 3 or k.isdigit()]


def _entries(places: PlaceSet) -> list[Entry]:
    seen: set[tuple[str, str]] = set()
    out = []
    for place in places.all():
        for key, method, bare in _spellings(place):
            if (place.name + place.school, key) in seen:
                continue
            seen.add((place.name + place.school, key))
            c = compact(key)
            out.append(Entry(place, key, key, c, phonetic_key(key), method, bare))
    return out


class Index:
    """All spellings of a district's places with their exact, fuzzy and phonetic lookups."""

    def __init__(self, places: PlaceSet):
        self.entries = _entries(places)
        self.exact: dict[str, list[Entry]] = defaultdict(list)
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)
        for e in self.entries:
            self.exact[e.compact].append(e)
            self.by_kind[e.place.kind].append(e)
        self.choices = {k: [e.compact for e in es] for k, es in self.by_kind.items()}
        self.sounds = {k: [e.phonetic for e in es] for k, es in self.by_kind.items()}
        self.longest = max((len(e.key.split()) for e in self.entries), default=1)

    def exact_hits(self, key: str, kinds: tuple[str, ...], bare: bool) -> list[Entry]:
        """Spellings equal to the key (spaces ignored) among the given kinds."""
        hits = self.exact.get(compact(key), [])
        return [e for e in hits if e.place.kind in kinds and (bare or not e.bare)]

    def similar(
        self, key: str, kinds: tuple[str, ...], street_type: str = "", phonetic: bool = True
    ) -> list[Candidate]:
        """Best fuzzy and phonetic candidates for a key that is not an exact spelling."""
        found: list[Candidate] = []
        query, sound = compact(key), phonetic_key(key)
        for kind in kinds:
            entries = self.by_kind.get(kind, [])
            found += self._fuzzy(query, entries, self.choices.get(kind, []), street_type)
            if phonetic and len(sound) >= 3:
                found += self._phonetic(sound, entries, self.sounds.get(kind, []), street_type)
        return best_per_place(found)

    def _fuzzy(self, query: str, entries, choices, street_type: str) -> list[Candidate]:
        hits = process.extract(
            query, choices, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_FLOOR,
            limit=LIMIT * 4,
        )  # fmt: skip
        return [_candidate(entries[i], s, "fuzzy", street_type) for _, s, i in hits]

    def _phonetic(self, sound: str, entries, sounds, street_type: str) -> list[Candidate]:
        hits = process.extract(
            sound, sounds, scorer=fuzz.ratio, processor=None, score_cutoff=PHONETIC_FLOOR,
            limit=LIMIT * 4,
        )  # fmt: skip
        return [_candidate(entries[i], s, "phonetic", street_type) for _, s, i in hits]


def _candidate(entry: Entry, score: float, method: str, street_type: str) -> Candidate:
    """A candidate; a bare street name said with another street type loses some score."""
    if entry.place.kind == "street" and entry.bare and street_type:
        if street_type != entry.place.category.lower():
            score -= TYPE_PENALTY
    place = entry.place
    name = f"{place.name} ({place.school})" if place.school else place.name
    return Candidate(name, place.kind, entry.said, round(score, 1), method, place.source)


def exact_candidates(hits: list[Entry]) -> list[Candidate]:
    """Exact and alias hits as candidates, one per place."""
    return best_per_place([_candidate(e, 100.0, e.method, "") for e in hits])


def best_per_place(found: list[Candidate]) -> list[Candidate]:
    """Keep each place's best candidate; best first, at most LIMIT."""
    rank = {"exact": 0, "alias": 1, "fuzzy": 2, "phonetic": 3}
    best: dict[tuple[str, str], Candidate] = {}
    for c in sorted(found, key=lambda c: (-c.score, rank[c.method])):
        best.setdefault((c.kind, c.name), c)
    return list(best.values())[:LIMIT]
