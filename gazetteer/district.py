"""A loaded district: its profile, places and match index, and checking an utterance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .match import SCHOOL_WORDS, Index
from .mentions import (
    KNOWN,
    NEAR,
    STOP_WORDS,
    Mention,
    Text,
    after_prepositions,
    anchored_spans,
    attach_house_number,
    resolve,
    spot_known,
)
from .normalise import STREET_TYPES, tokenize
from .places import GazetteerError, PlaceSet, read_places
from .profile import DistrictProfile, ProfileError, load_profile
from .rooms import RoomBook, room_mentions

PLACE_KINDS = ("school", "street", "landmark")
HEAD_MIN_COUNT = 3  # a landmark head word ("park", "hall") must end at least this many names
MEMO_SIZE = 20_000  # utterances whose verdicts are kept (a live call re-checks its segments)


@dataclass(frozen=True)
class District:
    """Everything needed to check utterances against one district, built once at load."""

    folder: Path
    profile: DistrictProfile
    places: PlaceSet
    index: Index
    rooms: RoomBook
    anchors: dict[str, tuple[str, ...]]
    _memo: dict[str, tuple[Mention, ...]] = field(default_factory=dict, compare=False, repr=False)

    def check(self, text: str) -> tuple[Mention, ...]:
        """Every place mention in recognizer text with its verdict, in text order.

        Verdicts are remembered per text: the indicator rules re-check a live call's earlier
        segments each time a new one arrives."""
        found = self._memo.get(text)
        if found is None:
            found = check_text(self, text)
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[text] = found
        return found


def load_district(folder: str | Path) -> District:
    """Load and index a district folder; raise GazetteerError naming file, line and column."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GazetteerError(folder, "not a district folder (directory not found)")
    try:
        profile = load_profile(folder)
    except ProfileError as exc:
        raise GazetteerError(folder / "district.toml", str(exc).split(": ", 1)[-1]) from exc
    places = read_places(folder)
    index = Index(places)
    return District(folder, profile, places, index, RoomBook(index.entries), _anchors(places))


def _anchors(places: PlaceSet) -> dict[str, tuple[str, ...]]:
    """Words that end a place name, mapped to the kinds of place they end, most likely first."""
    heads = Counter(_last_word(p.name) for p in places.landmarks)
    anchors: dict[str, list[str]] = {}
    for word in SCHOOL_WORDS:
        anchors.setdefault(word, []).extend(["school", "landmark"])
    for word, n in heads.items():
        if n >= HEAD_MIN_COUNT and word not in STOP_WORDS:
            anchors.setdefault(word, []).append("landmark")
    for word in set(STREET_TYPES.values()):
        anchors.setdefault(word, []).extend(["street", "landmark"])
    return {w: tuple(dict.fromkeys(kinds)) for w, kinds in anchors.items()}


def _last_word(name: str) -> str:
    words = [t.norm for t in tokenize(name)]
    return words[-1] if words else ""


def check_text(district: District, raw: str) -> tuple[Mention, ...]:
    """Find place mentions in one utterance and judge each against the district."""
    text = Text(raw, tokenize(raw))
    found = spot_known(text, district.index, PLACE_KINDS)
    for span, anchor in anchored_spans(text, district.anchors):
        if (mention := resolve(text, district.index, span, anchor)) is not None:
            found.append(mention)
    named = [m.best.name for m in found if m.kind == "school" and m.verdict in (KNOWN, NEAR)]
    found += room_mentions(text, district.rooms, list(dict.fromkeys(named)))
    found += after_prepositions(text, district.index, PLACE_KINDS, district.anchors)
    found = [attach_house_number(text, m) if m.kind == "street" else m for m in found]
    return tuple(sorted(found, key=lambda m: m.token_start))
