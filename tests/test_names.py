"""Place identity: re-spellings share a key, different places never do."""

import pytest

from tracker.model import Event, Snapshot
from tracker.identity import (
    closest, event_identities, find_aliases, identities_of, keep_respelled, place_key, rekey,
)

SAME = [
    ("al-Qaim base", "Al Qaim airbase", "qaim"),
    ("Al-Qaim Air Base", "Qaim", "qaim"),
    ("the al-Qaim[1] base", "al-Qaim", "qaim"),
    ("K-1 airbase", "K1 Air Base", "k1"),
    ("K 1", "K1", "k1"),
    ("Qayara airfield", "Qayyarah Airfield", "qayara"),
    ("Qayara airfield in northern Iraq", "Qayyara air field", "qayara"),
    ("Al-Taqaddum Air Base", "Taqadum", "taqadum"),
    ("Abu Ghraib base", "Abu-Ghraib military base", "abu-ghraib"),
    ("Abu Ghraib base (located west of the capital Baghdad)", "Abu Ghraib", "abu-ghraib"),
    ("Camp Taji", "Taji base", "taji"),
    ("Taji Military Complex", "TAJI", "taji"),
    ("Al-Sqoor base inside Nineveh", "Al Sqoor", "sqor"),
    ("al-Qaim base on the border with Syria", "Al Qaim", "qaim"),
    ("Qayara airfield south of Mosul", "Qayara", "qayara"),
    ("Bagram Airfield", "Bagram Air Field", "bagram"),
    ("Bagram Air Base", "bagram airbase", "bagram"),
    ("Forward Operating Base Fenty", "FOB Fenty", "fenty"),
    ("Camp Antonik", "Antonik camp", "antonik"),
    ("Besmaya Range Complex", "Besmaya range", "besmaya"),
    ("as-Sulaymaniyah airport", "Sulaymaniyah Airport", "sulaymaniya"),
    ("Ḥadītha", "Haditha", "haditha"),
    ("Kandahar Airfield, Kandahar province", "Kandahar air field", "kandahar"),
    ("Ain al-Asad Air Base", "Ain Al Asad", "ain-asad"),
    # whose base it is, leading into the service's words, is not its name
    ("Townsville Royal Danish Air Force Base", "Townsville", "townsvile"),
    ("Amber Royal Thai Navy Airfield", "Amber airfield", "amber"),
    ("Royal Air Force Station Kilo", "Kilo station", "kilo"),
    ("British Army camp Bravo", "Camp Bravo", "bravo"),
]


@pytest.mark.parametrize("a,b,key", SAME)
def test_same_place_same_key(a, b, key):
    assert place_key(a) == key
    assert place_key(b) == key


DIFFERENT = [
    ("Rasul camp", "Rasulba base"),
    ("Taji", "Tajiyat"),
    ("Ain al-Asad Air Base", "Asad"),
    ("K-1 airbase", "K-2 airbase"),
    ("Camp 1", "Camp 11"),
    ("Qayyarah Airfield West", "Qayyarah Airfield"),
    ("Bagram Airfield", "Kandahar Airfield"),
    ("Camp Taji", "Camp Tajji North"),
    ("H-3 airfield", "H-2 airfield"),
    ("Abu Ghraib base", "Ghraib base"),
    # an owner word that names the place: after the generic word, or not before a service word
    ("Camp Korean Village", "Village camp"),
    ("Princess Royal Barracks", "Princess Barracks"),
    ("Royal Park base", "Park base"),
]


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_places_never_share_a_key(a, b):
    assert place_key(a) != place_key(b)


def test_key_is_a_readable_slug():
    for name, _, key in SAME:
        assert place_key(name) == key
        assert key == key.lower() and " " not in key


def test_place_key_is_total():
    assert place_key("") == ""
    assert place_key("Air Base") == "airbase"
    assert place_key("!!!") == ""


def test_aliases_from_text():
    assert find_aliases("The sprawling base south of Mosul, known as Q-West, was used") == ["Q-West"]
    assert find_aliases("Camp X (also called Camp Bastion) a.k.a. Leatherneck.") == [
        "Camp Bastion", "Leatherneck"]
    assert find_aliases("no alias here") == []


def _event(key, name, aliases=()):
    return Event(key=key, name=name, aliases=tuple(aliases))


def test_event_identities_include_aliases():
    e = _event("qayara", "Qayara airfield", ["Q-West"])
    assert event_identities(e) == {"qayara", "qwest"}


def test_rekey_maps_onto_established_keys():
    snap = Snapshot(events=(
        _event("qayara-west", "Qayyarah Airfield West", ["Q-West"]),
        _event("k1", "K1 Air Base"),
        _event("new", "New base"),
    ))
    known = {"qwest": "qayara", "qayara": "qayara", "k1": "k1"}
    out = rekey(snap, known)
    assert [e.key for e in out.events] == ["qayara", "k1", "new"]
    assert out.events[0].name == "Qayyarah Airfield West"


def test_rekey_never_gives_two_events_one_key():
    snap = Snapshot(events=(
        _event("a", "Alpha base", ["Q-West"]),
        _event("b", "Bravo base", ["Q-West"]),
        _event("qayara", "Qayara"),
    ))
    out = rekey(snap, {"qwest": "qayara", "qayara": "qayara"})
    keys = [e.key for e in out.events]
    assert len(set(keys)) == 3
    assert keys[2] == "qayara"  # a direct name match wins over an alias


def test_identities_of():
    snap = Snapshot(events=(_event("qayara", "Qayara airfield", ["Q-West"]), _event("k1", "K-1")))
    assert identities_of(snap) == {"qayara": "qayara", "qwest": "qayara", "k1": "k1"}


def test_closest_suggests():
    assert closest("Qayara", ["qayara", "k1", "taqadum", "Kandahar"])[0] == "qayara"
    assert closest("zzz", ["qayara", "k1"]) == []


def _snap(*events: tuple) -> Snapshot:
    """(name, date[, item text]) each."""
    return Snapshot(as_of="2020-04-08", events=tuple(
        Event(key=place_key(e[0]), name=e[0], date=e[1], text=e[2] if len(e) > 2 else "")
        for e in events))


@pytest.mark.parametrize("old, new", [
    ("Ain al-Asad Air Base", "Ayn al-Asad Air Base"),
    ("Abu Ghraib", "Abu Ghuraib"),
    ("Qayyarah Airfield", "Qaiyara Airfield"),
    ("Tal Afar airfield", "Tel Afar airfield"),
])
def test_a_name_respelt_in_its_vowels_keeps_its_key_when_its_date_does(old, new):
    told = "On 19 March 2020, coalition forces handed over {} to Iraqi forces."
    before = _snap((old, "2020-03-19", told.format(old)), ("Camp Taji", "2020-03-30"))
    after = keep_respelled(before, _snap((new, "2020-03-19", told.format(new)),
                                         ("Camp Taji", "2020-03-30")))
    assert [e.key for e in after.events] == [place_key(old), "taji"]
    assert after.events[0].name == new


@pytest.mark.parametrize("before, after", [
    # another date: another report, not a respelling
    ([("Tal Afar airfield", "2020-03-30")], [("Tel Afar airfield", "2020-03-31")]),
    # no date to go by
    ([("Ain al-Asad", None)], [("Ayn al-Asad", None)]),
    # the old name is still there: the new one is another base
    ([("Abu Ghraib", "2020-03-29")], [("Abu Ghraib", "2020-03-29"), ("Abu Ghuraib", "2020-03-29")]),
    # two candidates for one: ambiguous, left apart
    ([("Rasul", "2020-04-01"), ("Rasil", "2020-04-01")], [("Rusal", "2020-04-01")]),
    # the same day, but another story: another base
    ([("Kasrel", "2020-04-01", "Troops left Kasrel base on 1 April after a rocket attack.")],
     [("Kusral", "2020-04-01", "Kusral camp was handed over to the army on 1 April 2020.")]),
    # other consonants: other places (Taji / Tajiyat, Camp 1 / Camp 11)
    ([("Taji", "2020-04-01")], [("Tajiyat", "2020-04-01")]),
    ([("Camp 1", "2020-04-01")], [("Camp 11", "2020-04-01")]),
])
def test_other_places_are_not_taken_for_respellings(before, after):
    new = _snap(*after)
    assert keep_respelled(_snap(*before), new) == new


@pytest.mark.parametrize("a, b", [
    ("Camp Ash Shuaiba", "Camp Shuaiba"),
    ("At Tanf garrison", "al-Tanf garrison"),
    ("As Sahra airfield", "al-Sahra airfield"),
    ("MOB Lashkar Gah", "Lashkar Gah Main Operating Base"),
])
def test_articles_written_apart_and_main_operating_bases_share_a_key(a, b):
    assert place_key(a) == place_key(b)


def test_an_article_written_apart_is_dropped_only_before_its_own_consonant():
    assert place_key("Ash Base") != place_key("Base")  # "Ash" alone is a name
    assert place_key("As Sayliyah") == "sayliya"


def test_another_name_in_the_same_words_on_the_same_day_keeps_the_key():
    """ "Kandahar Airfield" -> "KAF" with nothing else changed: a rename, not removed + added."""
    told = "{}: U.S. forces handed over {} on May 13, 2021."
    before = Snapshot(events=(Event("kandahar", "Kandahar Airfield", "2021-05-13", "handover",
                                    text=told.format("Kandahar Airfield", "Kandahar Airfield")),))
    after = Snapshot(events=(Event("kaf", "KAF", "2021-05-13", "handover",
                                   text=told.format("KAF", "KAF")),))
    assert [e.key for e in keep_respelled(before, after).events] == ["kandahar"]


@pytest.mark.parametrize("old_text, new_text", [
    # other words: another report about another base
    ("U.S. forces handed over Camp Alpha to the army on 3 May 2021.",
     "The coalition left Camp Bravo after a rocket attack on 3 May 2021."),
    # no text to vouch for another name
    ("", ""),
])
def test_another_name_needs_the_same_words(old_text, new_text):
    before = Snapshot(events=(Event("alpha", "Camp Alpha", "2021-05-03", "handover", text=old_text),))
    after = Snapshot(events=(Event("bravo", "Camp Bravo", "2021-05-03", "handover", text=new_text),))
    assert [e.key for e in keep_respelled(before, after).events] == ["bravo"]


def test_two_candidates_for_another_name_are_left_apart():
    told = "On 3 May 2021, U.S. forces handed over {} to the army."
    before = Snapshot(events=tuple(Event(k, n, "2021-05-03", "handover", text=told.format(n))
                                   for k, n in (("alpha", "Camp Alpha"), ("bravo", "Camp Bravo"))))
    after = Snapshot(events=(Event("delta", "Camp Delta", "2021-05-03", "handover",
                                   text=told.format("Camp Delta")),))
    assert [e.key for e in keep_respelled(before, after).events] == ["delta"]


def test_every_name_of_the_country_lists_stands_alone():
    """Each line's first and last name is a name of its own, whatever ends the line."""
    from tracker.vocabulary import countries

    for block, known in ((countries._DEMONYMS, countries.is_demonym), (countries._NAMES, countries.is_country)):
        for line in block.strip().splitlines():
            names = [n for n in line.split("|") if n.strip()]
            assert known(names[0]) and known(names[-1]), line
    assert countries.is_demonym("EU") and countries.is_demonym("Angolan")


def test_closest_suggests_a_longer_name_holding_the_words_given():
    names = ["Port Selim logistics hub", "Lunga base", "Camp Orsk"]
    assert closest("Port Selim", names) == ["Port Selim logistics hub"]
    assert closest("selim", names) == ["Port Selim logistics hub"]
    assert closest("Selim Port", names) == []  # words in another order are another name
