# ruff: noqa: E501 -- label tables read best one utterance per line
"""Build the labelled Cambridge utterance set for the gazetteer (gazetteer_utterances.jsonl).

Run from the project root: .venv/bin/python tests/data/gazetteer_make_utterances.py
Deterministic (fixed seed). Three parts, each utterance tagged with its `source`:
- `template`: threat-call sentences (lower case, no punctuation, numbers as words, the way a
  recognizer writes them, plus a few typed forms with abbreviations) that name real streets,
  schools, landmarks and rooms of the bundled district in the ways callers say them; near
  misses made by misspelling a real name (letters swapped, dropped or doubled, vowels
  changed); invented places (common US school and street names the district does not have);
  and sentences with no place at all. Gold labels follow from how each sentence was built.
- `asr`: the pocketsphinx transcripts of gazetteer_asr_transcripts.tsv (piper TTS ->
  8 kHz mu-law -> 16 kHz -> pocketsphinx; see gazetteer_asr_generate.py), labelled by hand
  below from what the transcript says, as a person reading it would.
Each line: {"id", "source", "text", "mentions": [{"words", "kind", "verdict"}]}.
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = ROOT / "gazetteer" / "districts" / "cambridge-ma"
HERE = Path(__file__).parent
OUT = HERE / "gazetteer_utterances.jsonl"

SPOKEN = {"mt": "mount", "msr": "monsignor", "jr": "junior", "&": "and", "ave": "avenue",
          "st": "street", "sq": "square", "rd": "road", "pl": "place"}  # fmt: skip
ORDINAL = {"1st": "first", "2nd": "second", "3rd": "third", "5th": "fifth", "6th": "sixth",
           "7th": "seventh", "8th": "eighth"}  # fmt: skip
UNITS = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()

STREET_CARRIERS = [
    "there is a man with a gun on {p}", "i am on {p} with a rifle and i will shoot",
    "send the police to {n} {p} right now", "somebody got shot on {p}",
    "i put a bomb in a car parked on {p}", "my friend is going to shoot people at {n} {p}",
    "there is a shooter walking down {p} toward the school", "i am calling from {n} {p}",
]  # fmt: skip
SCHOOL_CARRIERS = [
    "there is a man with a gun at {p}", "i placed a bomb inside {p}",
    "my son is going to shoot up {p} today", "there is an active shooter at {p}",
    "you need to evacuate {p} now", "we have hostages in {p}",
]  # fmt: skip
LANDMARK_CARRIERS = [
    "there is a bomb at {p}", "i am standing near {p} with a gun",
    "people are getting shot at {p}", "i left a backpack with explosives at {p}",
]  # fmt: skip
NO_PLACE = [
    "i have a gun and i am coming to kill everyone", "you have ten minutes before the bomb goes off",
    "there is an active shooter at the school please hurry", "i am in the building right now",
    "send help people are hurt", "i will be there at noon and nobody will stop me",
    "i am on my way with a rifle", "there is a bomb in your school", "no way you can stop me",
    "i shot two students in the hallway", "we are going to blow up the high school",
    "this is your last warning", "i am outside the front door", "my brother has a knife",
    "i am at the park with a gun", "i am coming down the street right now",
    "it is a long drive but i will be there", "they are running in a circle screaming",
    "there is a pipe bomb in the bathroom", "i am near the water with a gun",
    "somebody is shooting in the parking area", "i can see the kids from here",
    "the bomb will go off at three o clock", "i am in the middle of the crowd",
    "you better get everyone out of the middle school", "there is blood everywhere",
    "i hate this place and everyone in it", "put me through to the principal",
    "i am at home and i have a gun", "the shooter is in the elementary school",
    "i am going to do it in the morning", "everyone in the house is dead",
    "this is not a joke i have explosives", "get the kids out of the classrooms now",
    "i am calling about the threat on social media", "there is smoke coming from the gym",
    "i am on the second bus", "the police will be too late", "i have a bomb strapped to me",
    "i am at the corner with my friends", "there are three of us", "listen to me carefully",
    "i have been planning this for months", "i am right across from you",
    "he said he would shoot the teachers first", "nobody leaves the school",
    "i am watching the front entrance", "my name does not matter", "tell them to hurry up",
    "you have until two thirty",
]  # fmt: skip
INVENTED_SCHOOLS = [
    "lincoln elementary", "washington middle school", "jefferson high school",
    "roosevelt elementary school", "franklin middle school", "madison high school",
    "sunset valley elementary", "oak ridge high school", "lakeview middle school",
    "hillcrest elementary school", "riverside high school", "meadowbrook elementary",
    "eastwood middle school", "pine grove elementary", "westfield high school",
    "northside elementary school", "kennedy middle school", "emerson high school",
    "cedar creek elementary", "mountain view middle school", "jackson elementary school",
    "wilson high school", "grant middle school", "adams elementary",
]  # fmt: skip
INVENTED_STREETS = [
    "sycamore street", "willow creek road", "oak ridge drive", "hickory lane",
    "sunset boulevard", "dogwood drive", "lakeshore drive", "meadow lane", "birch hollow road",
    "cottonwood avenue", "palmetto street", "bluebonnet lane", "mesquite road",
    "aspen drive", "juniper avenue", "redwood boulevard", "pecan street", "chestnut hill road",
    "pinecrest avenue", "briarwood lane", "timberline drive", "shady grove road",
    "eagle ridge drive", "fox run road", "deer path lane", "canyon road", "prairie avenue",
    "bayou street", "orchard lane", "country club road",
]  # fmt: skip
INVENTED_LANDMARKS = [
    "lincoln park", "the riverside mall", "jefferson library", "sunset plaza",
    "memorial stadium", "eagle lake park", "westgate shopping center", "the county courthouse",
    "pine hill cemetery", "oakwood community center", "lakeside pavilion", "valley hospital",
]  # fmt: skip


def say_number(n: int) -> str:
    """A house number the way people say it: 1234 -> 'twelve thirty four'."""
    if n < 10:
        return UNITS[n]
    if n < 20:
        return TEENS[n - 10]
    if n < 100:
        return TENS[n // 10 - 2] + ("" if n % 10 == 0 else " " + UNITS[n % 10])
    head, tail = divmod(n, 100)
    rest = "hundred" if tail == 0 else ("oh " + UNITS[tail] if tail < 10 else say_number(tail))
    return f"{say_number(head)} {rest}"


def spoken(name: str) -> str:
    """A data name as a recognizer would write it: lower case, words, no punctuation."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("'", ""))
    out = [ORDINAL.get(w, w) for w in words]
    if out and out[0] == "st":
        out[0] = "saint"
    return " ".join(SPOKEN.get(w, w) for w in out)


def misspell(word: str, rng: random.Random) -> str:
    """A plausible mishearing or misspelling of one word (never the word itself)."""
    changed = word
    while changed == word:
        changed = _misspell_once(word, rng)
    return changed


def _misspell_once(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(["swap", "drop", "double", "vowel"])
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    vowels = [j for j, c in enumerate(word) if c in "aeiou" and j > 0]
    j = rng.choice(vowels) if vowels else i
    return word[:j] + rng.choice([v for v in "aeiou" if v != word[j]]) + word[j + 1 :]


def read(name: str) -> list[dict]:
    """Rows of one district CSV."""
    with (DISTRICT / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def item(uid: str, source: str, text: str, mentions: list[tuple[str, str, str]]) -> dict:
    """One labelled utterance."""
    labels = [{"words": w, "kind": k, "verdict": v} for w, k, v in mentions]
    return {"id": uid, "source": source, "text": text, "mentions": labels}


def known_items(rng: random.Random, all_words: set[str]) -> list[dict]:
    """Real streets, schools, landmarks and rooms said the ways callers say them."""
    out = []
    streets = [r for r in read("streets.csv") if re.fullmatch(r"[A-Za-z ]+", r["name"])]
    for k, row in enumerate(rng.sample(streets, 70)):
        said = spoken(row["name"] if k % 3 else row["source_name"])
        number = say_number(rng.randrange(1, 1999)) if k % 2 else ""
        carrier = rng.choice(STREET_CARRIERS)
        text = carrier.format(p=said, n=number).replace("  ", " ")
        words = f"{number} {said}".strip() if "{n}" in carrier else said
        out.append(item(f"ks{k:03d}", "template", text, [(words, "street", "known")]))
    aliases = ["mass ave", "mass avenue", "fifth street", "first street", "mount auburn street",
               "monsignor obrien highway", "saint paul street", "third street", "eighth street"]  # fmt: skip
    for k, said in enumerate(aliases):
        text = rng.choice(STREET_CARRIERS).format(p=said, n="").replace("  ", " ")
        out.append(item(f"ka{k:03d}", "template", text, [(said, "street", "known")]))
    typed = [("Send police to 1234 Mass. Ave.", "1234 Mass. Ave."),
             ("gunman at St. Paul St", "St. Paul St"), ("I'm on Msr O'Brien Hwy", "Msr O'Brien Hwy"),
             ("bomb at the Peabody School on Rindge Ave", None),
             ("shooter near Gerry's Landing", "Gerry's Landing")]  # fmt: skip
    for k, (text, words) in enumerate(typed):
        mentions = (
            [(words, "street", "known")]
            if words
            else [("Peabody School", "school", "known"), ("Rindge Ave", "street", "known")]
        )
        out.append(item(f"kt{k:03d}", "template", text, mentions))
    out += school_items(rng)
    out += landmark_items(rng)
    return out


def school_items(rng: random.Random) -> list[dict]:
    """Each school said in full, without 'school', and with another school word."""
    out = []
    for k, row in enumerate(read("schools.csv")):
        full = spoken(row["name"])
        core = " ".join(w for w in full.split() if w not in ("school", "academy", "upper"))
        plain = full.endswith("school") and not {"upper", "high"} & set(full.split())
        forms = [full, f"the {full}", f"{core} elementary" if plain else full]
        for j, said in enumerate(forms):
            text = rng.choice(SCHOOL_CARRIERS).format(p=said)
            words = said.removeprefix("the ")
            out.append(item(f"kc{k:02d}{j}", "template", text, [(words, "school", "known")]))
    for k, said in enumerate(["c r l s", "crls", "the peabody", "king open"]):
        text = rng.choice(SCHOOL_CARRIERS).format(p=said)
        out.append(
            item(f"kx{k:02d}", "template", text, [(said.removeprefix("the "), "school", "known")])
        )
    return out


def landmark_items(rng: random.Random) -> list[dict]:
    """Named landmarks of two to four words, from the public-facing categories."""
    public = {
        "library",
        "subway_station",
        "park_open_space",
        "fire_station",
        "police_station",
        "post_office",
        "hospital",
        "youth_center",
        "pool",
        "cemetery",
        "municipal_building",
    }
    rows = [r for r in read("landmarks.csv") if r["category"] in public
            and re.fullmatch(r"[A-Za-z ]+", r["name"]) and 2 <= len(r["name"].split()) <= 4]  # fmt: skip
    out = []
    for k, row in enumerate(rng.sample(rows, 40)):
        said = spoken(row["name"])
        text = rng.choice(LANDMARK_CARRIERS).format(p=said)
        out.append(item(f"kl{k:03d}", "template", text, [(said, "landmark", "known")]))
    return out


def room_items(rng: random.Random) -> list[dict]:
    """Rooms of the sample room lists: real ones, and numbers on floors that do not exist."""
    out = []
    for k, (school, room, verdict) in enumerate([
        ("peabody school", "two oh four", "known"), ("peabody school", "three oh one", "known"),
        ("morse school", "one oh nine", "known"), ("baldwin school", "one twelve", "known"),
        ("baldwin school", "two nineteen", "unknown"), ("morse school", "three forty", "unknown"),
        ("peabody school", "four ten", "unknown"), ("baldwin school", "three oh two", "unknown"),
    ]):  # fmt: skip
        text = f"there is a shooter in room {room} at the {school}"
        mentions = [(f"room {room}", "room", verdict), (school, "school", "known")]
        out.append(item(f"kr{k:02d}", "template", text, mentions))
    for k, (text, words, verdict) in enumerate([
        ("the bomb is in the west wing of the baldwin school", "west wing", "known"),
        ("he is in the north wing of the peabody school", "north wing", "known"),
        ("i am on the third floor of the baldwin school", "third floor", "unknown"),
        ("there is a gun in the gym at the morse school", "gym", "known"),
    ]):  # fmt: skip
        school = text.split("the ")[-1]
        out.append(item(f"kw{k:02d}", "template", text, [(words, "room", verdict),
                                                          (school, "school", "known")]))  # fmt: skip
    return out


def near_items(rng: random.Random, all_words: set[str]) -> list[dict]:
    """Real names with one word misspelled or misheard: close to a real place, not it."""
    out = []
    streets = [r for r in read("streets.csv") if r["name_kind"] == "primary"
               and re.fullmatch(r"[A-Za-z ]+", r["base_name"] or "") and r["street_type"]
               and len(r["base_name"]) >= 5]  # fmt: skip
    for k, row in enumerate(rng.sample(streets, 45)):
        base = spoken(row["base_name"]).split()
        i = max(range(len(base)), key=lambda j: len(base[j]))
        base[i] = misspell(base[i], rng)
        if base[i] in all_words:
            continue
        said = " ".join(base) + " " + row["street_type"].lower()
        text = rng.choice(STREET_CARRIERS).format(p=said, n="").replace("  ", " ")
        out.append(item(f"ns{k:03d}", "template", text, [(said, "street", "near")]))
    for k, row in enumerate(read("schools.csv")):
        words = spoken(row["name"]).split()
        i = max(range(len(words)), key=lambda j: len(words[j]) if words[j] != "school" else 0)
        words[i] = misspell(words[i], rng)
        said = " ".join(words)
        text = rng.choice(SCHOOL_CARRIERS).format(p=f"the {said}")
        out.append(item(f"nc{k:03d}", "template", text, [(said, "school", "near")]))
    return out


def data_names() -> set[str]:
    """Every name and alias of the district, spoken: invented names must not be among them."""
    rows = read("streets.csv") + read("schools.csv") + read("landmarks.csv")
    return {spoken(r["name"]) for r in rows}


def invented_items(rng: random.Random) -> list[dict]:
    """Places a far-away caller makes up: common US names the district does not have."""
    out = []
    real = data_names()
    for k, said in enumerate(s for s in INVENTED_SCHOOLS if s not in real):
        text = rng.choice(SCHOOL_CARRIERS).format(p=said)
        out.append(item(f"us{k:03d}", "template", text, [(said, "school", "unknown")]))
    for k, said in enumerate(s for s in INVENTED_STREETS if s not in real):
        text = rng.choice(STREET_CARRIERS).format(p=said, n="").replace("  ", " ")
        out.append(item(f"ut{k:03d}", "template", text, [(said, "street", "unknown")]))
    for k, said in enumerate(s for s in INVENTED_LANDMARKS if s.removeprefix("the ") not in real):
        text = rng.choice(LANDMARK_CARRIERS).format(p=said)
        words = said.removeprefix("the ")
        out.append(item(f"ul{k:03d}", "template", text, [(words, "landmark", "unknown")]))
    return out


# Hand labels for the recognizer transcripts: (words as they appear in `heard`, kind, verdict).
ASR_LABELS: dict[str, list[tuple[str, str, str]]] = {
    "a01": [("peabody school", "school", "known"), ("grand avenue", "street", "near")],
    "a02": [("oxford street", "street", "known")],
    "a03": [("nine broadway", "street", "known")],
    "a04": [("more school", "school", "near")],
    "a05": [("open school", "school", "near"), ("cambridge street", "street", "known")],
    "a06": [("central square", "street", "known")],
    "a07": [("link in elementary", "school", "unknown")],
    "a08": [("jefferson little school", "school", "unknown"), ("maple street", "street", "near")],
    "a09": [("agreement park school", "school", "near")],
    "a10": [("pushing street", "street", "near")],
    "a11": [("sword school", "school", "unknown")],
    "a12": [("art academy", "school", "near"), ("winter street", "street", "known")],
    "a13": [("massachusetts avenue", "street", "known"), ("harvard square", "landmark", "known")],
    "a14": [("washington high school", "school", "unknown"), ("milk which dr", "street", "unknown")],
    "a15": [],
    "a16": [("east wing", "room", "unverified"), ("amigo school", "school", "near")],
    "a17": [("elm street", "street", "known")],
    "a18": [("pot on avenue upper school", "school", "near")],
    "a19": [("roosevelt high school", "school", "unknown")],
    "a20": [("prospect street", "street", "known"), ("broadway", "street", "known")],
    "a21": [("martin luther king school", "school", "known")],
    "a22": [], "a23": [], "a24": [],
    "a25": [("mount auburn street", "street", "known")],
    "a26": [("value elementary school", "school", "unknown")],
    "a27": [],
    "a28": [("hampshire shriek", "street", "near")],
    "a29": [("rind avenue upper school", "school", "near")],
    "a30": [("peabody", "school", "known")],
    "a31": [("magnolia boulevard", "street", "near")],
    "a32": [], "a33": [], "a34": [],
    "a35": [("frequent elementary", "school", "unknown")],
    "a36": [("first", "street", "known")],
    "a37": [],
    "a38": [("high school expansion program", "school", "near"), ("broadway", "street", "known")],
    "a39": [("memorial drive", "street", "known")],
    "a40": [("west wing", "room", "known")],
}  # fmt: skip


def asr_items() -> list[dict]:
    """The recognizer transcripts with their hand labels."""
    with (HERE / "gazetteer_asr_transcripts.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [item(f"asr_{r['id']}", "asr", r["heard"], ASR_LABELS[r["id"]]) for r in rows]


def main() -> None:
    """Write every part of the set to gazetteer_utterances.jsonl."""
    rng = random.Random(4)
    all_words = {w for r in read("streets.csv") for w in spoken(r["name"]).split()}
    items = known_items(rng, all_words) + room_items(rng) + near_items(rng, all_words)
    items += invented_items(rng)
    items += [item(f"np{k:03d}", "template", t, []) for k, t in enumerate(NO_PLACE)]
    items += asr_items()
    for it in items:
        for m in it["mentions"]:
            assert m["words"] in it["text"], (it["id"], m["words"])
    with OUT.open("w", encoding="utf-8") as fh:
        for it in items:
            fh.write(json.dumps(it) + "\n")
    print(f"{len(items)} utterances, {sum(len(i['mentions']) for i in items)} mentions")


if __name__ == "__main__":
    main()
