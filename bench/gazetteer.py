"""Gazetteer benchmark: verdict accuracy and speed on the labelled Cambridge set, vs difflib.

Run: .venv/bin/python -m bench.gazetteer [--district DIR] [--set FILE] [--runs N]
Prints precision/recall of `known` vs not-known, the 3-way confusion, per-source figures,
and the time to check one utterance (mean, p95), next to a plain difflib baseline.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

# This script shares the package's name: keep its own folder off the import path.
from gazetteer import DEFAULT_DISTRICT, District, load_district

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SET = ROOT / "tests" / "data" / "gazetteer_utterances.jsonl"
VERDICTS = ("known", "near", "unknown", "unverified")

# A prediction: (char_start, char_end, verdict).
Predict = Callable[[str], list[tuple[int, int, str]]]


def load_set(path: Path) -> list[dict]:
    """The labelled utterances, each gold mention given its character span."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    for it in items:
        for m in it["mentions"]:
            m["start"] = it["text"].index(m["words"])
            m["end"] = m["start"] + len(m["words"])
    return items


def gazetteer_predictor(district: District) -> Predict:
    """Predictions of the gazetteer."""
    return lambda text: [(m.char_start, m.char_end, m.verdict) for m in district.check(text)]


def difflib_predictor(district: District) -> Predict:
    """A plain difflib baseline: every 1-4 word run vs every place name, cutoff 0.8."""
    names = sorted({n.lower() for p in district.places.all() for n in (p.name, *p.aliases)})
    exact = set(names)

    def predict(text: str) -> list[tuple[int, int, str]]:
        words = [(m.group(), m.start()) for m in re.finditer(r"\S+", text.lower())]
        taken: set[int] = set()
        out = []
        for n in (4, 3, 2, 1):
            for i in range(len(words) - n + 1):
                if taken & set(range(i, i + n)):
                    continue
                phrase = " ".join(w for w, _ in words[i : i + n])
                best = difflib.get_close_matches(phrase, names, n=1, cutoff=0.8)
                if best:
                    taken |= set(range(i, i + n))
                    start, (last, pos) = words[i][1], words[i + n - 1]
                    out.append((start, pos + len(last), "known" if phrase in exact else "near"))
        return out

    return predict


def score(items: list[dict], predict: Predict) -> dict:
    """Match predictions to gold mentions by overlap; count the binary and 3-way outcomes."""
    confusion: Counter = Counter()
    for it in items:
        preds = predict(it["text"])
        used: set[int] = set()
        for gold in it["mentions"]:
            overlapping = (
                j for j, (s, e, _) in enumerate(preds)
                if j not in used and s < gold["end"] and gold["start"] < e
            )  # fmt: skip
            hit = next(overlapping, None)
            used |= {hit} if hit is not None else set()
            confusion[gold["verdict"], preds[hit][2] if hit is not None else "missed"] += 1
        for j, (_, _, verdict) in enumerate(preds):
            if j not in used:
                confusion["none", verdict] += 1
    return confusion


def binary(confusion: Counter) -> tuple[float, float]:
    """Precision and recall of `known` against everything else."""
    tp = confusion["known", "known"]
    fp = sum(v for (g, p), v in confusion.items() if p == "known" and g != "known")
    fn = sum(v for (g, p), v in confusion.items() if g == "known" and p != "known")
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def timing(items: list[dict], predict: Predict, runs: int) -> tuple[float, float]:
    """Mean and 95th-percentile milliseconds to check one utterance."""
    times = []
    for _ in range(runs):
        for it in items:
            t0 = time.perf_counter()
            predict(it["text"])
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.fmean(times), statistics.quantiles(times, n=20)[-1]


def print_confusion(confusion: Counter) -> None:
    """The gold x predicted table."""
    cols = (*VERDICTS, "missed")
    header = "gold / predicted"
    print(f"    {header:<18}" + "".join(f"{c:>11}" for c in cols))
    for gold in (*VERDICTS, "none"):
        row = [confusion[gold, c] for c in cols]
        if any(row):
            print(f"    {gold:<18}" + "".join(f"{v:>11}" for v in row))


def report(name: str, items: list[dict], predict: Predict, runs: int) -> None:
    """Print accuracy and speed of one predictor."""
    confusion = score(items, predict)
    p, r = binary(confusion)
    mean, p95 = timing(items, predict, runs)
    print(f"{name}: known vs not-known precision {p:.3f} recall {r:.3f}; "
          f"{mean:.3f} ms/utterance mean, {p95:.3f} ms p95")  # fmt: skip
    print_confusion(confusion)
    for source in sorted({it["source"] for it in items}):
        part = [it for it in items if it["source"] == source]
        ps, rs = binary(score(part, predict))
        print(f"    {source:<9} {len(part):>4} utterances: precision {ps:.3f} recall {rs:.3f}")


def main() -> None:
    """Load the district and the set, then report the gazetteer and the difflib baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--district", type=Path, default=DEFAULT_DISTRICT)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    district = load_district(args.district)
    load_ms = (time.perf_counter() - t0) * 1000
    items = load_set(args.set)
    n_mentions = sum(len(it["mentions"]) for it in items)
    print(f"district {district.profile.name}: loaded and indexed in {load_ms:.0f} ms "
          f"({len(district.index.entries)} spellings)")  # fmt: skip
    print(f"set {args.set.name}: {len(items)} utterances, {n_mentions} labelled mentions")
    report("gazetteer", items, gazetteer_predictor(district), args.runs)
    report("difflib baseline", items, difflib_predictor(district), 1)


if __name__ == "__main__":
    main()
