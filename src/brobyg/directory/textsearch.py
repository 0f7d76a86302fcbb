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


def query_terms(q: str) -> list[str]:
    """The stemmed words of a query (empty words and one-letter words dropped)."""
    return [stem(w) for w in words(q) if len(w) > 1][:8]


def tsquery(q: str) -> str:
    """A safe to_tsquery() string: each word prefix-matched, all words required ("fodbold:* & aarhus:*")."""
    terms = [w for w in words(q) if len(w) > 1][:8]  # PostgreSQL stems them itself (danish Snowball)
    return " & ".join(f"{w}:*" for w in terms)
