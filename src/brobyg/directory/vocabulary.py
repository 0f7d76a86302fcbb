"""The Danish interest vocabulary: an interest as a citizen says it → words that mean or belong to it.

Curated here (data, not code; extend it freely) and extended by facilitators in the admin (``InterestWord``).
Matching (bridging.matching) and the directory's search read :func:`related`; the compound splitter reads
:func:`lexicon`. Only the citizen's own words and these related words count — never a category's hidden search
words. Sources for the interests: what the projects of 000 §4.1 and §7.4.2 offered.
"""
from __future__ import annotations

from functools import lru_cache

# interest: related words (Danish, lower case; inflected forms are found by the stemmer)
VOCABULARY: dict[str, str] = {
    "håndarbejde": "strik strikke strikning hækling hækle syning sy broderi brodere garn patchwork",
    "strik": "strikke strikning garn hækle hækling",
    "syning": "sy symaskine reparere broderi",
    "tegning": "tegne tegn tegneserie akvarel maling male illustration skitse",
    "maling": "male akvarel kunst tegning",
    "kreativ": "kreativt værksted ler keramik tegning maling strik",
    "keramik": "ler drejning drejer",
    "musik": "sang synge kor band spille instrument musikstudie",
    "sang": "synge kor fællessang sangcafé",
    "synge": "sang kor fællessang",
    "kor": "sang synge",
    "dans": "danse hiphop hip streetdance folkedans gammeldans zumba",
    "hiphop": "hip hop dans streetdance rap",
    "motion": "træning træne bevægelse gymnastik fitness gåtur gåhold stavgang yoga løb",
    "form": "motion træning fitness gymnastik styrke",
    "gymnastik": "springgymnastik motion bevægelse",
    "gåtur": "gå gåhold vandre vandring stavgang tur",
    "gåture": "gå gåhold vandre vandring stavgang tur",
    "vandre": "vandring gåtur gåhold tur",
    "løb": "løbe løbeklub motionsløb",
    "svømning": "svømme svømmehal vandgymnastik",
    "fodbold": "bold boldspil gadefodbold kvindefodbold",
    "boldspil": "fodbold håndbold basket badminton bold",
    "sport": "idræt fodbold håndbold badminton gymnastik træning",
    "idræt": "sport træning",
    "klatring": "klatre klatreklub",
    "natur": "skov have friluftsliv bål marsk vandre dyr",
    "have": "havearbejde køkkenhave højbede dyrke planter grøntsager byhave havefællesskab",
    "havearbejde": "have køkkenhave højbede dyrke planter grøntsager byhave",
    "planter": "have væksthus botanisk dyrke",
    "madlavning": "mad lave køkken fællesspisning madklub spise bage bagning",
    "mad": "madlavning spise fællesspisning madklub",
    "kaffe": "café cafe kage snak",
    "snak": "samtale snakke café netværk samvær",
    "samtale": "snak samtalegruppe",
    "samvær": "fællesskab netværk café hygge snak",
    "fællesskab": "samvær netværk café",
    "netværk": "netværksgruppe fællesskab samvær",
    "venner": "ven venskab fællesskab",
    "frivillig": "frivilligt frivillige hjælpe besøgsven vært",
    "frivilligt": "frivillig frivillige hjælpe",
    "hjælpe": "frivillig hjælp besøgsven",
    "besøgsven": "besøg besøgskorps besøgsvenner",
    "træner": "hjælpetræner træne holdleder",
    "spil": "brætspil kortspil skak bridge spille",
    "brætspil": "spil",
    "skak": "spil",
    "lego": "robot robotter byg bygge",
    "robotter": "lego robot",
    "spejder": "spejderne bål knob natur",
    "læsning": "læse bog bøger bogklub litteratur",
    "bøger": "bog bogklub læse læsning litteratur",
    "dansk": "sprogcafé sprog samtale",
    "sprog": "sprogcafé dansk",
    "yoga": "meditation ro",
    "ro": "rolig roligt stille yoga",
    "badminton": "ketsjer",
    "håndbold": "bold boldspil",
    "e-sport": "esport gaming computerspil",
    "esport": "gaming computerspil",
    "udflugter": "udflugt tur ture oplevelser museum",
    "leg": "lege legestue bevægelse",
    "events": "arrangere arrangementer fest festuge",
}

# Heads and modifiers of common compounds, so "tegneværksted" splits into tegn + værksted.
COMPOUND_PARTS = """
værksted café cafe klub hold gruppe aften skole forening hus træning tur ture kor sang strik strikke tegn tegne
mal dans fodbold mad have køkken spil leg bog læse sprog lektie svømme svømning gymnastik motion løb natur
kvinde kvinder mand mænd mande børn unge pige piger drenge familie familier senior frivillig netværk sy vær
bold fest uge spisning spise studie laboratorium kultur musik film kunst foredrag hal bane park fælles bygge
besøg korps ven venner hjælp samtale stue aktivitet fællesskab job fritid idræt idræts kage kaffe brætspil
""".split()


_CACHE: dict = {}
CACHE_SECONDS = 60  # another process sees a facilitator's new word within a minute; this process at once


def _db_words() -> dict[str, str]:
    """The facilitators' words, read at most once a minute per process (a save or delete clears it here)."""
    import time

    from .models import InterestWord

    hit = _CACHE.get("words")
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        words = dict(InterestWord.objects.values_list("word", "related"))
    except Exception:  # noqa: BLE001 - before the migration has run (e.g. in a migration itself)
        return {}
    _CACHE["words"] = (time.monotonic(), words)
    return words


def forget(**_kwargs) -> None:
    _CACHE.clear()


def _tokens(text: str) -> list[str]:
    from .textsearch import words

    return [w for w in words(text.replace(",", " ")) if len(w) > 1]


@lru_cache(maxsize=1)
def _static_index() -> dict[str, list[str]]:
    """Curated vocabulary by the stem of its interest word."""
    from .textsearch import snowball

    index: dict[str, list[str]] = {}
    for head, text in VOCABULARY.items():
        index.setdefault(snowball(head), []).extend(_tokens(text))
    return index


def related_many(words: list[str]) -> dict[str, list[str]]:
    """For each interest word: its related words (curated and the facilitators' own), without the word itself;
    one database query for all of them."""
    from .textsearch import snowball

    extra: dict[str, list[str]] = {}
    for head, text in _db_words().items():
        extra.setdefault(snowball(head.strip().lower()), []).extend(_tokens(text))
    index = _static_index()
    out = {}
    for word in words:
        stem = snowball(word)
        found: list[str] = []
        for w in (*index.get(stem, ()), *extra.get(stem, ())):
            if w != word and w not in found:
                found.append(w)
        out[word] = found
    return out


def related(word: str) -> list[str]:
    return related_many([word])[word]


@lru_cache(maxsize=1)
def _static_lexicon() -> frozenset:
    from .textsearch import snowball

    words = set(COMPOUND_PARTS)
    for head, text in VOCABULARY.items():
        words.add(head)
        words.update(_tokens(text))
    return frozenset(words | {snowball(w) for w in words if len(snowball(w)) >= 3})


def lexicon() -> frozenset:
    """Known words for splitting compounds: the curated vocabulary and parts (the facilitators' words join when
    an activity is saved next)."""
    extra = _db_words()
    if not extra:
        return _static_lexicon()
    from .textsearch import snowball

    more = {w for head, text in extra.items() for w in [head.lower(), *_tokens(text)]}
    return _static_lexicon() | frozenset(more | {snowball(w) for w in more})
