"""Normalisation: the spellings people, maps and recognizers use all meet in one form."""

from __future__ import annotations

import pytest

from gazetteer.match import school_core, street_base
from gazetteer.normalise import compact, name_key, phonetic_key, tokenize
from gazetteer.numbers import number_run


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("Elm St", "elm street"),
        ("elm st.", "elm street"),
        ("Massachusetts Ave", "massachusetts avenue"),
        ("Rindge Av", "rindge avenue"),
        ("Maple Pk", "maple park"),
        ("Concord Tpk", "concord turnpike"),
        ("Msr OBrien Hwy", "monsignor obrien highway"),
        ("Msr O'Brien Hwy", "monsignor obrien highway"),
        ("Harvard Sq", "harvard square"),
        ("Norfolk Pl", "norfolk place"),
        ("Aberdeen Ct", "aberdeen court"),
        ("Sidney St Ext", "sidney street extension"),
        ("Elm St N", "elm street north"),
        ("St Paul St", "saint paul street"),
        ("St. Sauveur Ct", "saint sauveur court"),
        ("Mt Auburn St", "mount auburn street"),
        ("Fifth Street", "5th street"),
        ("5th St", "5th street"),
        ("twenty first street", "21st street"),
        ("Gerry's Landing", "gerrys landing"),
        ("Martin Luther King, Jr School", "martin luther king junior school"),
        ("Buckingham Browne & Nichols", "buckingham browne and nichols"),
        ("c r l s", "crls"),
    ],
)
def test_written_and_spoken_forms_share_one_key(written, said):
    assert name_key(written) == said


@pytest.mark.parametrize(
    ("words", "digits", "used"),
    [
        ("twelve thirty four elm street", "1234", 3),
        ("four fifty nine broadway", "459", 3),
        ("one oh two putnam avenue", "102", 3),
        ("two hundred and nineteen", "219", 4),
        ("eight forty cambridge street", "840", 2),
        ("two nineteen", "219", 2),
        ("fifteen", "15", 1),
        ("219", "219", 1),
    ],
)
def test_spoken_house_and_room_numbers_become_digits(words, digits, used):
    assert number_run([t.norm for t in tokenize(words)], 0) == (digits, used)


def test_words_that_are_not_numbers_give_no_number():
    assert number_run(["elm", "street"], 0) is None


@pytest.mark.parametrize(
    ("key", "base"),
    [("elm street north", "elm"), ("shady hill road", "shady hill"), ("broadway", "broadway")],
)
def test_street_base_drops_one_type_and_directions(key, base):
    assert street_base(key) == base


@pytest.mark.parametrize(
    ("key", "core"),
    [("peabody school", "peabody"), ("lincoln elementary", "lincoln"),
     ("darby vassall upper school", "darby vassall")],
)  # fmt: skip
def test_school_core_drops_school_words(key, core):
    assert school_core(key) == core


def test_token_offsets_point_into_the_original_text():
    text = "At 12 Mass. Ave."
    tokens = tokenize(text)
    assert [text[t.start : t.end] for t in tokens] == ["At", "12", "Mass", "Ave"]


def test_split_and_merged_words_compare_equal_when_compact():
    assert compact(name_key("cambridge port")) == compact(name_key("Cambridgeport"))


def test_misspelling_and_original_sound_alike():
    assert phonetic_key("mapel") == phonetic_key("maple")
