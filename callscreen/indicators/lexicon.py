"""Lexicons of the transcript rules, as data: weapons, harm, warnings, imminence, numbers.

Every phrase is written the way offline recognizers write speech: lower case, no
punctuation, apostrophes dropped ("theres", "im"), numbers as words. A slot may list
alternatives with "|" and `{number}` stands for a spoken count ("twenty five", "a").
Spelled-out letters ("a r fifteen") and common mishearings are listed as variants.
"""

from __future__ import annotations

UNITS = "zero one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_VALUES: dict[str, int] = {
    **{w: i for i, w in enumerate(UNITS)},
    **{w: i + 10 for i, w in enumerate(TEENS)},
    **{w: (i + 2) * 10 for i, w in enumerate(TENS)},
    "hundred": 100,
    "dozen": 12,
}
# Words that say "some people" without a number: the count is shown as the word.
QUANTITY_WORDS = frozenset(
    "several many lots lot dozens hundreds multiple few bunch couple everyone everybody all".split()
)

# threat.weapon: kind -> spellings. "implied" kinds name no weapon but say one is used.
WEAPONS: dict[str, tuple[str, ...]] = {
    "firearm": (
        "gun",
        "guns",
        "handgun",
        "handguns",
        "hand gun",
        "firearm",
        "firearms",
        "pistol",
        "pistols",
        "revolver",
        "glock",
        "rifle",
        "rifles",
        "shotgun",
        "shotguns",
        "shot gun",
        "assault rifle",
        "assault weapon",
        "automatic weapon",
        "semi automatic",
        "machine gun",
        "ar fifteen",
        "a r fifteen",
        "ar fifteens",
        "an are fifteen",
        "a k forty seven",
        "ak forty seven",
        "uzi",
        "nine millimeter",
        "ammo",
        "ammunition",
        "bullets",
        "magazine clip",
        "weapon",
        "weapons",
        "armed",
    ),
    "firearm (implied)": (
        "shooter",
        "shooters",
        "active shooter",
        "gunman",
        "gunmen",
        "gunfire",
        "shots fired",
        "shooting",
        "shootings",
        "shoot up",
        "shooting up",
    ),
    "explosive": (
        "bomb",
        "bombs",
        "pipe bomb",
        "pipe bombs",
        "explosive",
        "explosives",
        "explosive device",
        "device",
        "devices",
        "grenade",
        "grenades",
        "detonator",
        "dynamite",
        "c four",
        "ied",
        "i e d",
        "suicide vest",
        "bomb vest",
        "pressure cooker",
    ),
    "blade": ("knife", "knives", "machete", "machetes", "sword", "blade", "box cutter"),
    "other": ("gasoline", "molotov", "acid", "poison", "anthrax", "chemical"),
}
# Distinctive weapon words that a recognizer may mishear by a letter or two ("riffle",
# "pistal", "granade"): matched fuzzily. Short or everyday words are never fuzzy.
FUZZY_WEAPONS = (
    "rifle", "pistol", "shotgun", "handgun", "grenade", "explosive", "explosives",
    "firearm", "revolver", "machete", "detonator", "dynamite", "ammunition",
)  # fmt: skip
FUZZY_WEAPON_SCORE = 80.0
# Words that look like a fuzzy weapon but are everyday English.
NOT_WEAPONS = frozenset("trifle rifled stifle profile pistil postal revolve revolves".split())

# threat.casualties: words that claim someone is already harmed or held.
HARM_WORDS = frozenset(
    "shot killed dead dying died injured wounded stabbed bleeding hurt murdered "
    "unconscious hostage hostages captive trapped tied".split()
)
HELD_WORDS = frozenset("hostage hostages captive".split())
# Words before a harm word that make it an intent, not a claim ("going to hurt").
INTENT_WORDS = frozenset("to gonna will wanna would ill might could should cant dont".split())
# Words shortly before a harm word that deny it ("nobody is hurt", "no one was shot").
NEGATION_WORDS = frozenset("no not nobody noone nothing isnt arent wasnt werent never".split())
# Words before "shot" that make it the noun ("a shot", "heard shots").
SHOT_NOUN_WORDS = frozenset("a one another heard hear the first".split())
PEOPLE_WORDS = frozenset(
    "people person persons kids kid children child students student teachers teacher staff "
    "officers officer guys girls boys adults victims bodies everyone everybody someone "
    "somebody hostages man woman men women lady principal janitor nurse coach classmates "
    "wife husband mother father mom dad son daughter brother sister friend friends "
    "baby family".split()
)
HARM_WINDOW = 4  # words either side of a harm word searched for who and how many
CLAIM_BREAKS = frozenset("and but then so because or while".split())  # a claim ends there

# script.warning: markers of a future or intended act, and the acts they announce.
FUTURE_MARKERS = (
    "theres going to be", "there is going to be", "theres gonna be", "there is gonna be",
    "there will be", "therell be", "going to", "gonna", "will", "ill", "would", "im about to",
    "about to", "plan to", "planning to", "plans to", "intend to", "want to", "wanna",
    "is coming", "are coming", "coming for",
)  # fmt: skip
ATTACK_WORDS = (
    "shoot", "shoot up", "shooting", "shot", "kill", "killing", "murder", "massacre", "attack",
    "blow", "blow up", "blowing up", "bomb", "bombing", "explode", "go off", "goes off",
    "detonate", "stab", "stabbing", "hurt", "burn", "set fire", "take out", "bring a gun",
    "open fire", "die", "slaughter", "execute", "destroy",
)  # fmt: skip
# Words that start a new clause between a marker and an act ("going to hide he has a gun").
CLAUSE_BREAKS = frozenset(
    "and but because he she they theres there then so i im we you hes shes its".split()
)
WARNING_WINDOW = 4  # words after a future marker in which the act must be named
TIME_WORDS = (
    "today", "tomorrow", "tonight", "this morning", "this afternoon", "this evening",
    "next week", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday",
    "on saturday", "on sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
    "at lunch", "at lunchtime", "at recess", "at dismissal", "during lunch",
    "at noon", "at midnight", "at {number} oclock", "at {number} am|pm", "at {number} a m",
    "at {number} p m", "in {number} minutes|minute|hours|hour|seconds", "in an hour",
    "in a few minutes", "in half an hour", "right now", "soon",
)  # fmt: skip
TIME_WINDOW = 10  # words around a warning searched for when it is meant to happen

# imminence.cues: phrase -> which cue it is.
IMMINENCE: dict[str, tuple[str, ...]] = {
    "last resort": ("last resort", "my last option", "no other choice", "no other option"),
    "running out of patience or time": (
        "running out of time", "running out of patience", "run out of time",
        "run out of patience", "ran out of patience", "ran out of time", "out of time",
        "out of patience", "losing my patience", "lost my patience", "patience is running out",
        "time is running out", "times running out", "clock is ticking", "no more time",
        "no more waiting", "tired of waiting", "done waiting",
    ),
    "deadline": (
        "in {number} minutes|minute|hours|hour|seconds", "within {number} minutes|hours",
        "in an hour", "in a few minutes", "in half an hour", "within the hour",
        "at noon", "at midnight", "by noon", "by midnight", "by tonight", "before noon",
        "at {number} oclock", "at {number} am|pm", "at {number} a m", "at {number} p m",
        "by {number} oclock", "before {number} oclock", "countdown", "counting down",
        "deadline", "you have {number} minutes|hours",
    ),
    "manifesto or legacy": (
        "manifesto", "my manifesto", "last will", "will and testament", "legacy",
        "final message", "last words", "my last message", "remember my name",
        "remember me", "suicide note", "goodbye letter", "live stream", "livestream",
    ),
    "point of no return": (
        "nothing left to lose", "nothing to lose", "no turning back", "today is the day",
        "it ends today", "this is the end", "its happening today", "my last day",
    ),
}  # fmt: skip

# place.none: words that say an emergency is being reported, besides the danger findings.
EMERGENCY_WORDS = (
    "emergency", "help", "nine one one", "police", "ambulance", "fire", "attack", "threat",
    "hurt", "bleeding", "hostage", "hostages", "lockdown", "shooting", "shooter", "bomb",
    "gun", "explosion", "killed", "dead", "shot",
)  # fmt: skip
