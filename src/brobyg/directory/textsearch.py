"""Danish free-text search helpers shared by PostgreSQL and the SQLite fallback.

PostgreSQL: a stored ``search_vector`` column (tsvector, ``danish`` configuration, GIN index) is kept up to date by a
database trigger from ``title`` (weight A) and ``search_text`` (weight B); queries use ``to_tsquery('danish', ...)``
with ``:*`` prefix matching on each stemmed word, so "fodbold" finds "fodboldhold".
SQLite (and any other database): ``search_text`` holds lower-cased words plus their light Danish stems; every query
word is stemmed the same way and must occur as a substring (LIKE), which also finds compounds.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[0-9a-zæøåäöüé]+", re.IGNORECASE)
# Common Danish inflection endings, longest first (a light stemmer; the PostgreSQL side uses Snowball).
SUFFIXES = ("erne", "ene", "ers", "ets", "ens", "er", "en", "et", "es", "e", "s", "r")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", (text or "").lower())
    return WORD.findall(text)


def stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def search_text(*parts: str) -> str:
    """Normalised words and stems of the given texts (stored in Activity.search_text)."""
    seen, out = set(), []
    for part in parts:
        for w in words(part):
            for token in (w, stem(w)):
                if token not in seen:
                    seen.add(token)
                    out.append(token)
    return " ".join(out)


def query_groups(q: str) -> list[list[str]]:
    """Per query word: the word and its related words from the interest vocabulary ("håndarbejde" → håndarbejde,
    strik, hækling, …), so a search finds the knitting café. Every group must match; any word in a group may."""
    from .vocabulary import related_many

    terms = [w for w in words(q) if len(w) > 1][:8]
    found = related_many(terms) if terms else {}
    return [[w, *found[w][:10]] for w in terms]


def query_terms(q: str) -> list[list[str]]:
    """The stemmed words of a query, each with its related words (empty and one-letter words dropped)."""
    return [list(dict.fromkeys(stem(w) for w in group)) for group in query_groups(q)]


def tsquery(q: str) -> str:
    """A safe to_tsquery() string: each word prefix-matched, all words required, each with its related words
    ("(fodbold:* | bold:*) & aarhus:*"). PostgreSQL stems them itself (danish Snowball)."""
    groups = query_groups(q)
    return " & ".join("(" + " | ".join(f"{w}:*" for w in group) + ")" if len(group) > 1 else f"{group[0]}:*"
                      for group in groups)


# --- Interest words (matching and the directory search read these; issue 15) ----------------------------------
# Whole words and Snowball stems, never substrings: "ikke" does not find "strikker", "dans" does not find "dansk",
# "form" does not find "formiddage". Compounds are split into known parts ("tegneværksted" → tegn + værksted).

# Danish stop words (Snowball's list) and filler words of a conversation: they never count as interests.
STOP_WORDS = frozenset("""
og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu
over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget
ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod
disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan
rigtig rigtigt gerne lidt bare måske nok godt god gode ved vide kan nogen sammen komme kommer gå lave lyst helst
kop mere mest ting noget andet andre slags sådan også evt osv fx eks især tit ofte altid aldrig kun sig lige
""".split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


@lru_cache(maxsize=20000)
def snowball(word: str) -> str:
    """Snowball's Danish stem of one lower-case word (the same algorithm as PostgreSQL's 'danish')."""
    return _stemmer().stemWord(word)


def content_words(text: str) -> list[str]:
    """The words of a text that can be interests: no stop words, no one- or two-letter words, no numbers."""
    return [w for w in words(text) if len(w) > 2 and not w.isdigit() and w not in STOP_WORDS]


def _split_compound(word: str, parts: frozenset) -> list[str]:
    """The known parts of a compound ("tegneværksted" → ["tegn", "værksted"]), longest head first; [] if none.
    A part is a word of the vocabulary's lexicon; a linking -e- or -s- between them is allowed."""
    if len(word) < 7:
        return []
    for i in range(3, len(word) - 3):
        left, right = word[:i], word[i:]
        if right not in parts and snowball(right) not in parts:
            continue
        for head in (left, left[:-1] if left[-1:] in "es" else None):
            if head and len(head) >= 3 and (head in parts or snowball(head) in parts):
                return [head, right]
    return []


def interest_tokens(*parts: str) -> set[str]:
    """Whole words and their stems, plus the stems of the known parts of compounds (Activity.interest_text)."""
    from .vocabulary import lexicon

    lex = lexicon()
    out: set[str] = set()
    for part in parts:
        for w in content_words(part):
            out.add(w)
            out.add(snowball(w))
            for piece in _split_compound(w, lex):
                out.add(piece)
                out.add(snowball(piece))
    return out


def interest_text(*parts: str) -> str:
    return " ".join(sorted(interest_tokens(*parts)))
