"""Danish postcodes and distances, with no network look-ups (000 §7.1.3: many citizens cannot travel far).

- ``lookup_postcode("8000")`` → ``Place(code, city, municipality, latitude, longitude)`` or None
- ``from_address("Vestergade 3, 8000 Aarhus C")`` → the Place of the postcode found in an address (fallback
  geocoding: the postcode centre stands in for the street address)
- ``from_town("Viby J")`` / ``from_town("Aarhus")`` → the place of a town typed without its postcode
- ``locate(text)`` → whichever of the three a person typed (the directory's "near" field)
- ``haversine_km(lat1, lon1, lat2, lon2)`` → great-circle distance in km
- ``bounding_box(lat, lon, km)`` → ((lat_min, lat_max), (lon_min, lon_max)) that contains the circle; use it as an
  indexed prefilter before the exact distance
- ``all_places()``, ``municipalities()``, ``places_in(municipality)``

Data: ``data/postcodes.tsv`` (every Danish postal district; see its header for the source and precision).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088
DATA_FILE = Path(__file__).parent / "data" / "postcodes.tsv"

# Central Copenhagen and Frederiksberg use street-level postcodes; each range maps to its district's entry.
RANGES = [(1000, 1499, "1050"), (1500, 1799, "1500"), (1800, 1999, "1800")]


@dataclass(frozen=True)
class Place:
    code: str
    city: str
    municipality: str
    latitude: float
    longitude: float

    def __str__(self) -> str:
        return f"{self.code} {self.city}"


@lru_cache(maxsize=1)
def _table() -> dict[str, Place]:
    places = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, city, municipality, lat, lon = line.split("\t")
        places[code] = Place(code, city, municipality, float(lat), float(lon))
    return places


def all_places() -> list[Place]:
    return list(_table().values())


def municipalities() -> list[str]:
    return sorted({p.municipality for p in _table().values()})


def places_in(municipality: str) -> list[Place]:
    return [p for p in _table().values() if p.municipality == municipality]


def normalise_code(code) -> str | None:
    text = str(code or "").strip().upper().removeprefix("DK-").removeprefix("DK").strip()
    return text if re.fullmatch(r"\d{4}", text) else None


def lookup_postcode(code) -> Place | None:
    """The place of a Danish postcode, or None for an unknown or malformed one."""
    code = normalise_code(code)
    if code is None:
        return None
    table = _table()
    if code in table:
        return table[code]
    number = int(code)
    for low, high, key in RANGES:
        if low <= number <= high:
            base = table[key]
            return Place(code, base.city, base.municipality, base.latitude, base.longitude)
    return None


_POSTCODE_IN_ADDRESS = re.compile(r"(?<!\d)(?:DK-?)?(\d{4})(?!\d)")


def from_address(address: str) -> Place | None:
    """Coordinates for an address via its postcode ("Søndergade 1, 8000 Aarhus C" → 8000's centre).

    The last four-digit group that is a known postcode wins, so house numbers like "Vej 1234" do not confuse it.
    """
    for match in reversed(_POSTCODE_IN_ADDRESS.findall(address or "")):
        place = lookup_postcode(match)
        if place:
            return place
    return None


# Last words of a postal district's name that tell districts of one town apart ("Aarhus C", "Odense SØ", "Viby J",
# "Viby Sjælland"). Typing the town without them finds its centre district, or nothing when the town is ambiguous.
DISTRICT_SUFFIXES = {"c", "k", "n", "s", "v", "ø", "m", "j", "l", "nv", "sv", "sø", "nø", "øst", "vest",
                     "sj", "sjælland", "fyn"}
CENTRE_SUFFIXES = ("c", "k")  # Aarhus C, Odense C, København K
_SPACES = re.compile(r"\s+")


def _town_key(text: str) -> str:
    key = _SPACES.sub(" ", str(text or "").lower().replace(".", " ")).strip()
    if key.startswith("århus"):
        key = "aarhus" + key[len("århus"):]
    return key[:-len(" sj")] + " sjælland" if key.endswith(" sj") else key  # "Viby Sj." is Viby Sjælland


@lru_cache(maxsize=1)
def _towns() -> tuple[dict[str, Place], dict[str, Place | None]]:
    """(district name → place, town name without the district letters → its centre, or None when ambiguous)."""
    exact: dict[str, Place] = {}
    bases: dict[str, list[tuple[str, Place]]] = {}
    for place in sorted(_table().values(), key=lambda p: p.code):
        key = _town_key(place.city)
        exact.setdefault(key, place)
        head, _sep, last = key.rpartition(" ")
        if head and last in DISTRICT_SUFFIXES:
            bases.setdefault(head, []).append((last, place))
    centres: dict[str, Place | None] = {}
    for base, found in bases.items():
        centre = next((p for suffix in CENTRE_SUFFIXES for last, p in found if last == suffix), None)
        centres[base] = centre or (found[0][1] if len(found) == 1 else None)
    return exact, centres


def from_town(text: str) -> Place | None:
    """A town or postal district typed without its postcode → its place: "Viby J", "Aarhus" (→ 8000 Aarhus C),
    "Vestergade 3, Silkeborg" (the part after the last comma). None when unknown or ambiguous ("Viby" could be
    Viby J or Viby Sjælland), so the person is asked for a postcode instead of being shown the wrong place."""
    exact, centres = _towns()
    text = str(text or "")[:200]
    for part in dict.fromkeys([text, text.rpartition(",")[2]]):
        key = _town_key(part)
        if not key:
            continue
        if key in exact:
            return exact[key]
        if key in centres:
            return centres[key]
    return None


def locate(text: str) -> Place | None:
    """A postcode, an address with one, or a town typed by a person → a Place (or None)."""
    return lookup_postcode(text) or from_address(text) or from_town(text)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, km: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """Latitude and longitude ranges of a box that contains every point within ``km`` of (lat, lon)."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat + dlat if lat >= 0 else lat - dlat)), 1e-6)
    dlon = math.degrees(km / (EARTH_RADIUS_KM * cos_lat))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)
