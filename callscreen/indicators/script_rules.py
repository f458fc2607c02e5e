"""Recycled scripts: fuzzy similarity (rapidfuzz) of a caller transcript to earlier calls'
caller transcripts and to the staff-maintained known scripts. Pure; the shell loads the texts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .finding import Finding
from .speech import Speech, normalise

WINDOW_WORDS = 12  # words per sliding window compared against the other text
STEP_WORDS = 4
MATCH_SCORE = 85.0  # partial_ratio a window needs to count as shared wording
MIN_SHARED_WORDS = 10  # a shared passage shorter than this is common phrasing, not a script
_SHOWN = 3


@dataclass(frozen=True)
class Source:
    """A text to compare against: an earlier call's caller transcript or a known script."""

    kind: str  # "call" or "known_script"
    ref: str  # call SID or script name
    text: str
    school: str = ""
    at: str = ""


@dataclass(frozen=True)
class Shared:
    """A passage of this call's words that closely matches a passage of a source."""

    first: int  # this call's word range [first, last)
    last: int
    other: str  # the matching passage of the source
    score: float


def shared_passage(tokens: list[str], other: str) -> Shared | None:
    """The longest run of this call's words whose windows all closely match the other text."""
    if len(tokens) < MIN_SHARED_WORDS or len(other.split()) < MIN_SHARED_WORDS:
        return None
    runs: list[list] = []  # [first, last, scores, other_start, other_end]
    for start in range(0, max(1, len(tokens) - WINDOW_WORDS + STEP_WORDS), STEP_WORDS):
        hit = _window_match(" ".join(tokens[start : start + WINDOW_WORDS]), other)
        if hit is None:
            continue
        end = min(start + WINDOW_WORDS, len(tokens))
        if runs and start <= runs[-1][1]:
            run = runs[-1]
            run[1], run[2] = end, [*run[2], hit.score]
            run[3], run[4] = min(run[3], hit.dest_start), max(run[4], hit.dest_end)
        else:
            runs.append([start, end, [hit.score], hit.dest_start, hit.dest_end])
    best = max(runs, key=lambda r: (r[1] - r[0], sum(r[2])), default=None)
    if best is None or best[1] - best[0] < MIN_SHARED_WORDS:
        return None
    score = round(sum(best[2]) / len(best[2]), 1)
    return Shared(best[0], best[1], other[best[3] : best[4]].strip(), score)


@lru_cache(maxsize=200_000)
def _window_match(window: str, other: str):
    """Where a window of this call's words closely matches the other text, if it does.
    Remembered: a live call compares the same earlier windows again with every new segment."""
    return fuzz.partial_ratio_alignment(window, other, score_cutoff=MATCH_SCORE)


@lru_cache(maxsize=4096)
def script_text(text: str) -> str:
    """A transcript or script in the normal form the comparison uses."""
    return " ".join(normalise(text))


def matches(speech: Speech, sources: Iterable[Source]) -> list[dict]:
    """Every source sharing a passage with the caller's words, best first, with the passage."""
    tokens = speech.tokens
    found = []
    for source in sources:
        shared = shared_passage(tokens, script_text(source.text))
        if shared is None:
            continue
        found.append(
            {
                "kind": source.kind,
                "ref": source.ref,
                "school": source.school,
                "at": source.at,
                "score": shared.score,
                "shared_words": shared.last - shared.first,
                "passage": speech.passage(shared.first, shared.last),
                "their_passage": shared.other,
            }
        )
    return sorted(found, key=lambda m: (-m["shared_words"], -m["score"], m["ref"]))


def _name(match: dict) -> str:
    if match["kind"] == "known_script":
        return f"known script '{match['ref']}'"
    return f"call {match['ref']}" + (f" to {match['school']}" if match["school"] else "")


def recycled_finding(speech: Speech, sources: Iterable[Source]) -> Finding:
    """script.recycled: wording closely matches an earlier threat call or a known script."""
    rule = {"min_shared_words": MIN_SHARED_WORDS, "match_score": MATCH_SCORE}
    if len(speech.words) < MIN_SHARED_WORDS:
        return Finding("script.recycled", False, "Too few caller words to compare yet.", rule)
    found = matches(speech, sources)
    if not found:
        return Finding("script.recycled", False, "No match with earlier calls or scripts.", rule)
    named = "; ".join(
        f"{_name(m)} ({m['shared_words']} words, {m['score']:.0f}%)" for m in found[:_SHOWN]
    )
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    summary = f"Wording matches {named}{more}: '{found[0]['passage']['heard']}'."
    return Finding("script.recycled", True, summary, rule | {"matches": found})
