from pathlib import Path

import pytest

from brobyg.directory import geo


def test_every_municipality_has_postcodes():
    names = (Path(geo.__file__).parents[1] / "partnerships" / "data" / "municipalities.txt").read_text(
        encoding="utf-8").split()
    assert len(names) == 98
    assert set(names) <= set(geo.municipalities()), set(names) - set(geo.municipalities())
    assert set(geo.municipalities()) <= set(names)  # no misspelt municipality in the table


def test_table_is_plausible():
    places = geo.all_places()
    assert len(places) > 580
    for p in places:
        assert 54.5 < p.latitude < 57.8 and 8.0 < p.longitude < 15.2, p
    assert len({p.code for p in places}) == len(places)


def test_lookup_postcode():
    aarhus = geo.lookup_postcode("8000")
    assert (aarhus.city, aarhus.municipality) == ("Aarhus C", "Aarhus")
    assert geo.lookup_postcode(" DK-2200 ").city == "København N"
    assert geo.lookup_postcode(1620).city == "København V"  # street-level postcode via range
    assert geo.lookup_postcode("1122").municipality == "København"
    assert geo.lookup_postcode("0000") is None
    assert geo.lookup_postcode("80000") is None
    assert geo.lookup_postcode("abcd") is None
    assert geo.lookup_postcode(None) is None


def test_address_falls_back_to_postcode():
    place = geo.from_address("Vestergade 1234, 8000 Aarhus C")
    assert place.code == "8000"
    assert geo.from_address("Nørrebrogade 20, 2200 København N").city == "København N"
    assert geo.from_address("somewhere without a code") is None
    assert geo.locate("Odense C 5000").code == "5000"


def test_haversine():
    a, c = geo.lookup_postcode("8000"), geo.lookup_postcode("1050")
    assert geo.haversine_km(a.latitude, a.longitude, c.latitude, c.longitude) == pytest.approx(156, abs=8)
    assert geo.haversine_km(56.0, 10.0, 56.0, 10.0) == 0


@pytest.mark.parametrize("km", [1, 5, 25, 100])
def test_bounding_box_contains_circle(km):
    lat, lon = 56.155, 10.205
    (lat0, lat1), (lon0, lon1) = geo.bounding_box(lat, lon, km)
    for bearing_lat, bearing_lon in [(lat1, lon), (lat0, lon), (lat, lon0), (lat, lon1)]:
        assert geo.haversine_km(lat, lon, bearing_lat, bearing_lon) >= km * 0.999
    # every postcode within km lies inside the box
    for p in geo.all_places():
        if geo.haversine_km(lat, lon, p.latitude, p.longitude) <= km:
            assert lat0 <= p.latitude <= lat1 and lon0 <= p.longitude <= lon1


def test_a_town_typed_without_its_postcode_is_found():
    assert geo.locate("Viby J").code == "8260"
    assert geo.locate("  viby   j. ").code == "8260"
    assert geo.locate("Aarhus").code == "8000" and geo.locate("Århus").code == "8000"  # the centre district
    assert geo.locate("Odense").code == "5000" and geo.locate("København").code == "1050"
    assert geo.locate("Esbjerg").code == "6700" and geo.locate("Tranbjerg").code == "8310"
    assert geo.locate("Vestergade 3, Silkeborg").code == "8600"  # an address without a postcode: its town
    assert geo.locate("Viby Sj.").code == "4130"
    assert geo.locate("Viby") is None  # Viby J or Viby Sjælland: ask for the postcode rather than guess
    for nonsense in ["", ",", "x", "Atlantis", "c", "vej 12, ", "\x00", "8000 8000" * 50]:
        place = geo.locate(nonsense)
        assert place is None or place.code == "8000"
    # the postcode still wins over a town name in the same text
    assert geo.locate("Søndergade 3, 8000 Aarhus C").code == "8000"
    assert geo.locate("2200 Aarhus").code == "2200"
