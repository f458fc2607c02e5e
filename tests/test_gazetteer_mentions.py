"""Place mentions and verdicts on the real Cambridge data."""

from __future__ import annotations

import pytest

from gazetteer import DEFAULT_DISTRICT, load_district


@pytest.fixture(scope="module")
def cambridge():
    """The bundled district, loaded once."""
    return load_district(DEFAULT_DISTRICT)


def _by_words(mentions):
    return {m.key: m for m in mentions}


@pytest.mark.parametrize(
    ("text", "kind", "place"),
    [
        ("there is a man with a gun at the peabody school", "school", "Peabody School"),
        ("i am on mass ave with a rifle", "street", "Massachusetts Avenue"),
        ("send police to fifth street", "street", "Fifth Street"),
        ("the shooter is at c r l s", "school", "Cambridge Rindge and Latin"),
        ("a bomb at the graham and parks school", "school", "Graham and Parks School"),
        ("i am near harvard square", "landmark", "Harvard Square"),
        ("the bomb is on saint paul street", "street", "St Paul Street"),
        ("he is at the peabody", "school", "Peabody School"),
        ("i am on broadway", "street", "Broadway"),
        ("we are at the cambridge port school", "school", "Cambridgeport School"),
    ],
)
def test_real_places_said_the_usual_ways_are_known(cambridge, text, kind, place):
    mentions = cambridge.check(text)
    assert [m.verdict for m in mentions] == ["known"]
    assert mentions[0].kind == kind
    assert place in [c.name for c in mentions[0].candidates]
    assert mentions[0].method in ("exact", "alias")


@pytest.mark.parametrize(
    ("text", "heard", "closest"),
    [
        ("i am on mapel street", "mapel street", "Maple Avenue"),
        ("there is a gun at the haggerty scool on cushin street", "cushin street",
         "Cushing Street"),
        ("shooter at the more school", "more school", "Morse School"),
        ("he is on magnolia boulevard", "magnolia boulevard", "Magnolia Avenue"),
    ],
)  # fmt: skip
def test_close_but_wrong_names_are_near_with_the_real_candidate(cambridge, text, heard, closest):
    mention = next(m for m in cambridge.check(text) if m.heard == heard)
    assert mention.verdict == "near"
    assert closest in [c.name for c in mention.candidates]
    assert mention.method in ("fuzzy", "phonetic")
    assert all(0 < c.score <= 100 for c in mention.candidates)


@pytest.mark.parametrize(
    ("text", "heard", "kind"),
    [
        ("i am at lincoln elementary and i have a gun", "lincoln elementary", "school"),
        ("there is a bomb at roosevelt high school", "roosevelt high school", "school"),
        ("i am on cottonwood avenue", "cottonwood avenue", "street"),
    ],
)
def test_invented_places_are_unknown(cambridge, text, heard, kind):
    mention = next(m for m in cambridge.check(text) if m.heard == heard)
    assert (mention.verdict, mention.kind) == ("unknown", kind)


@pytest.mark.parametrize(
    "text",
    [
        "i have a gun and i am coming to kill everyone",
        "you have ten minutes before the bomb goes off",
        "there is an active shooter at the school please hurry",
        "it is a long drive but i will be there",
        "i left a bag near the river",
        "",
    ],
)
def test_sentences_without_a_place_give_no_mention(cambridge, text):
    assert cambridge.check(text) == ()


def test_spoken_house_number_is_kept_with_the_street(cambridge):
    (mention,) = cambridge.check("i shot my father at twelve thirty four elm street")
    assert (mention.house_number, mention.verdict) == ("1234", "known")
    assert mention.heard == "twelve thirty four elm street"


def test_mention_offsets_point_at_the_heard_words(cambridge):
    text = "there is a bomb at the baldwin school on oxford street"
    for mention in cambridge.check(text):
        assert text[mention.char_start : mention.char_end] == mention.heard
        assert " ".join(text.split()[mention.token_start : mention.token_end]) == mention.heard


@pytest.mark.parametrize(
    ("text", "verdict", "note"),
    [
        ("a shooter in room two oh four at the peabody school", "known", ""),
        ("a shooter in room two nineteen at the baldwin school", "unknown", "no floor 2"),
        ("the bomb is in the west wing of the baldwin school", "known", ""),
        ("he is on the third floor of the baldwin school", "unknown", "no floor 3"),
        ("a bomb in room two ten at the amigos school", "unverified", "no room list"),
    ],
)
def test_rooms_are_checked_against_the_named_schools_room_list(cambridge, text, verdict, note):
    room = next(m for m in cambridge.check(text) if m.kind == "room")
    assert room.verdict == verdict
    assert note in room.note


def test_mentions_serialise_to_json_ready_dicts(cambridge):
    (mention,) = cambridge.check("i am on mapel street")
    data = mention.to_dict()
    assert data["verdict"] == "near"
    assert data["candidates"][0]["name"] == "Maple Avenue"
    assert {"heard", "kind", "method", "token_start", "char_end"} <= set(data)


def test_mentions_are_frozen(cambridge):
    (mention,) = cambridge.check("i am on broadway")
    with pytest.raises(AttributeError):
        mention.verdict = "unknown"
