"""Transcript rules over the caller's words: threat.weapon, threat.casualties, script.warning,
imminence.cues. Pure functions of a Speech; every hit carries the words and their timestamps."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from . import lexicon as lx
from .finding import Finding
from .speech import Speech, count_value, find_phrases, label_map, number_span

_WEAPONS = label_map(lx.WEAPONS)
_ATTACKS = {p: "act" for p in lx.ATTACK_WORDS} | {p: "weapon" for p in _WEAPONS}
_FUTURE = {p: "future" for p in lx.FUTURE_MARKERS}
_TIMES = {p: "time" for p in lx.TIME_WORDS}
_IMMINENCE = label_map(lx.IMMINENCE)
_MAX_SHOWN = 3  # hits quoted in a summary line; the evidence keeps them all


def _quote(hits: list[dict]) -> str:
    shown = [f"'{h['heard']}' at {h['start']:.1f} s" for h in hits[:_MAX_SHOWN]]
    more = len(hits) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _no_speech(indicator: str) -> Finding:
    return Finding(indicator, False, "No caller speech yet.", {"caller_words": 0})


def weapon_hits(speech: Speech) -> list[dict]:
    """Every weapon or device the caller named, exact or as a close mishearing."""
    tokens = speech.tokens
    found = find_phrases(tokens, _WEAPONS)
    covered = {i for start, end, _ in found for i in range(start, end)}
    hits = [speech.passage(s, e) | {"kind": label, "method": "lexicon"} for s, e, label in found]
    for i, token in enumerate(tokens):
        if i in covered or len(token) < 5 or token in lx.NOT_WEAPONS or token in _WEAPONS:
            continue
        best = process.extractOne(
            token, lx.FUZZY_WEAPONS, scorer=fuzz.ratio, score_cutoff=lx.FUZZY_WEAPON_SCORE
        )
        if best:
            kind = _WEAPONS[best[0]]
            extra = {"kind": kind, "method": "fuzzy", "like": best[0], "score": round(best[1], 1)}
            hits.append(speech.passage(i, i + 1) | extra)
    return sorted(hits, key=lambda h: h["start"])


def weapon_finding(speech: Speech) -> Finding:
    """threat.weapon: a weapon or device named by the caller."""
    if not speech.words:
        return _no_speech("threat.weapon")
    hits = weapon_hits(speech)
    if not hits:
        return Finding("threat.weapon", False, "No weapon or device named.", {"hits": []})
    kinds = sorted({h["kind"] for h in hits})
    summary = f"Weapon or device named ({', '.join(kinds)}): {_quote(hits)}."
    return Finding("threat.weapon", True, summary, {"hits": hits, "kinds": kinds})


def casualty_claims(speech: Speech) -> list[dict]:
    """Claims that people are shot, hurt, dead or held, with who and how many when said."""
    tokens = speech.tokens
    claims = []
    for i, token in enumerate(tokens):
        if token not in lx.HARM_WORDS or _not_a_claim(tokens, i):
            continue
        lo, hi = _clause_window(tokens, i)
        who = [j for j in range(lo, hi) if tokens[j] in lx.PEOPLE_WORDS]
        count, at = _count_near(tokens, lo, hi)
        if not who and count is None and token not in lx.HELD_WORDS:
            continue  # "my phone is dead": harm words need a person or a count near them
        picked = [j for j in (*who, *at, i) if j is not None]
        start, end = min(picked), max(picked) + 1
        claims.append(
            speech.passage(start, end)
            | {"harm": token, "who": [tokens[j] for j in who], "count": count}
        )
    return claims


def _clause_window(tokens: list[str], i: int) -> tuple[int, int]:
    """Up to HARM_WINDOW words either side of i, not crossing 'and', 'but' ...: [lo, hi)."""
    lo = i
    while lo > 0 and i - lo < lx.HARM_WINDOW and tokens[lo - 1] not in lx.CLAIM_BREAKS:
        lo -= 1
    hi = i + 1
    while hi < len(tokens) and hi - i <= lx.HARM_WINDOW and tokens[hi] not in lx.CLAIM_BREAKS:
        hi += 1
    return lo, hi


def _not_a_claim(tokens: list[str], i: int) -> bool:
    """An intent ('going to hurt'), a denial ('nobody is hurt') or a gunshot ('a shot')."""
    before = set(tokens[max(0, i - 2) : i])
    if before & lx.INTENT_WORDS and tokens[i] not in lx.HELD_WORDS:
        return True
    if set(tokens[max(0, i - 3) : i]) & lx.NEGATION_WORDS:
        return True
    return tokens[i] == "shot" and i > 0 and tokens[i - 1] in lx.SHOT_NOUN_WORDS


def _count_near(tokens: list[str], lo: int, hi: int) -> tuple[int | str | None, tuple]:
    """The first spoken count or quantity word in tokens[lo:hi], and the indexes it takes."""
    j = lo
    while j < hi:
        n = number_span(tokens, j)
        if n and tokens[j] not in ("a", "an"):
            return count_value(tokens[j : j + n]), tuple(range(j, j + n))
        if tokens[j] in lx.QUANTITY_WORDS:
            return tokens[j], (j,)
        j += 1
    return None, ()


def casualties_finding(speech: Speech) -> Finding:
    """threat.casualties: people claimed shot, injured, dead or held, with counts."""
    if not speech.words:
        return _no_speech("threat.casualties")
    claims = casualty_claims(speech)
    if not claims:
        return Finding("threat.casualties", False, "No claim of people harmed or held.", {})
    counts = [c["count"] for c in claims if c["count"] is not None]
    said = f" Counts said: {', '.join(str(c) for c in counts)}." if counts else ""
    summary = f"Caller claims people harmed or held: {_quote(claims)}.{said}"
    return Finding("threat.casualties", True, summary, {"claims": claims, "counts": counts})


def warnings(speech: Speech) -> list[dict]:
    """Announcements of a coming act: a future marker followed closely by an attack word."""
    tokens = speech.tokens
    acts = find_phrases(tokens, _ATTACKS)
    times = find_phrases(tokens, _TIMES)
    found = []
    for start, end, _ in find_phrases(tokens, _FUTURE):
        act = next((a for a in acts if _same_clause(tokens, end, a[0])), None)
        if act is None:
            continue
        when = [t for t in times if abs(t[0] - act[1]) <= lx.TIME_WINDOW]
        hit = speech.passage(start, act[1]) | {"act": " ".join(tokens[act[0] : act[1]])}
        hit["when"] = [speech.passage(t[0], t[1]) for t in when]
        found.append(hit)
    return found


def _same_clause(tokens: list[str], end: int, act_start: int) -> bool:
    """The act follows the marker closely, with no new subject or clause in between."""
    if not end <= act_start <= end + lx.WARNING_WINDOW:
        return False
    return not set(tokens[end:act_start]) & lx.CLAUSE_BREAKS


def warning_finding(speech: Speech) -> Finding:
    """script.warning: the caller announces a future attack ('there's going to be', 'I will')."""
    if not speech.words:
        return _no_speech("script.warning")
    found = warnings(speech)
    if not found:
        return Finding("script.warning", False, "No announcement of a coming attack.", {})
    times = [t["heard"] for w in found for t in w["when"]]
    when = f" Time said: {', '.join(dict.fromkeys(times))}." if times else ""
    summary = f"Caller announces a coming act: {_quote(found)}.{when}"
    return Finding("script.warning", True, summary, {"warnings": found})


def imminence_hits(speech: Speech) -> list[dict]:
    """Deadlines, last-resort and running-out-of-time language, manifestos and legacy tokens."""
    return [
        speech.passage(s, e) | {"cue": label}
        for s, e, label in find_phrases(speech.tokens, _IMMINENCE)
    ]


def imminence_finding(speech: Speech) -> Finding:
    """imminence.cues: language that raises urgency."""
    if not speech.words:
        return _no_speech("imminence.cues")
    hits = imminence_hits(speech)
    if not hits:
        return Finding("imminence.cues", False, "No imminence language.", {})
    cues = sorted({h["cue"] for h in hits})
    summary = f"Imminence language ({', '.join(cues)}): {_quote(hits)}."
    return Finding("imminence.cues", True, summary, {"hits": hits, "cues": cues})


def transcript_findings(speech: Speech) -> list[Finding]:
    """Every transcript-only finding for one call's caller speech."""
    return [
        weapon_finding(speech),
        casualties_finding(speech),
        warning_finding(speech),
        imminence_finding(speech),
    ]
