"""The match score and its reasons: hand-computed cases, the hard constraints and the exact top-k."""
import random

import pytest
from django.utils import translation

from brobyg.bridging import matching
from brobyg.bridging.matching import Wishes, rank, score_row
from brobyg.directory import geo
from brobyg.directory.models import Activity

KM_LAT = 1 / 111.195  # degrees of latitude per km (great circle, mean earth radius)


def row(**kw):
    base = dict(id=1, title="Stille gåtur", latitude=56.0, longitude=10.0, search_text="stille gåtur og kaffe",
                weekday_mask=0, daypart_mask=0, open_places=None, price_type="free", price_amount=None,
                payment_method="none", wheelchair=False, quiet_room=False, low_stimulus=False,
                accessible_toilet=False, has_host=False, companion_welcome=False, inclusion="ordinary",
                financial_support="", min_age=None, max_age=None)
    base.update(kw)
    return base


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def explain(w, r):
    parts = []
    total = score_row(w, r, parts)
    return total, {c.key: (c.points, c.reason) for c in parts}


def test_a_close_evening_walk_for_someone_who_asked_for_a_host_and_a_companion():
    w = Wishes(lat=56.0, lon=10.0, travel_km=5, terms=["gåtur"], words={"gåtur": "gåture"}, day_mask=1 << 1,
               part_mask=4, economy=True, wants_host=True, wants_companion=True, companion_available=False,
               community_kind="ordinary")
    r = row(latitude=56.0 + 2 * KM_LAT, weekday_mask=1 << 1, daypart_mask=4, open_places=6, price_type="fee",
            price_amount=40, companion_welcome=True)
    assert geo.haversine_km(56.0, 10.0, r["latitude"], r["longitude"]) == pytest.approx(2.0, abs=0.01)
    total, parts = explain(w, r)
    assert parts == {
        "interest": (25, "matches gåture"),
        "distance": (15, "2.0 km, inside 5 km"),  # 20 × (1 − 0.6 × 2/5) = 15.2
        "schedule": (15, "Tue evening suits"),
        "places": (10, "6 open places"),
        "price": (3, "40 kr. – money is a barrier"),
        "access": (5, ""),
        "host": (0, "no host yet"),
        "companion": (2, "companion welcome, but none free nearby"),
        "community": (5, "open to everybody, as wished"),
    }
    assert total == 80 == score_row(w, r)


def test_soft_constraints_only_lower_the_score():
    w = Wishes(lat=56.0, lon=10.0, travel_km=5, day_mask=1 << 1, max_price=100, step_free=True,
               community_kind="ordinary")
    r = row(latitude=56.0 + 6 * KM_LAT, weekday_mask=1 << 5, daypart_mask=1, price_type="fee", price_amount=300,
            wheelchair=True, has_host=True, inclusion="target_group")
    total, parts = explain(w, r)
    assert parts == {
        "interest": (8, "no interests noted yet"),
        "distance": (0, "6.0 km, beyond 5 km"),
        "schedule": (0, "meets Sat – not their days"),
        "places": (5, "room for newcomers not stated"),
        "price": (0, "300 kr., above 100 kr."),
        "access": (5, "step-free access"),
        "host": (5, "a host receives newcomers"),
        "companion": (3, ""),
        "community": (1, "for a target group – they wished an open one"),
    }
    assert total == 27


def test_partial_interest_quiet_setting_and_within_budget():
    w = Wishes(lat=None, lon=None, terms=["strik", "kaff", "kor"], words={"strik": "strik", "kaff": "kaffe",
                                                                         "kor": "kor"},
               max_price=50, quiet=True, wants_companion=True, companion_available=True)
    r = row(price_type="fee", price_amount=40, low_stimulus=True, companion_welcome=True, weekday_mask=1,
            daypart_mask=2, open_places=2)
    total, parts = explain(w, r)
    assert parts["interest"] == (8, "matches kaffe")  # round(25 × 1/3)
    assert parts["distance"] == (7, "distance unknown")
    assert parts["schedule"] == (15, "Mon afternoon suits")
    assert parts["price"] == (10, "40 kr., within 50 kr.")
    assert parts["access"] == (5, "quiet setting")
    assert parts["companion"] == (5, "companion welcome and one is free")
    assert total == 8 + 7 + 15 + 10 + 10 + 5 + 3 + 5 + 5


def test_danish_reasons_use_a_decimal_comma():
    w = Wishes(lat=56.0, lon=10.0, travel_km=5)
    with translation.override("da"):
        parts = []
        score_row(w, row(latitude=56.0 + 3.2 * KM_LAT), parts)
    assert parts[1].reason == "3,2 km, inden for 5 km"


def test_rank_is_the_exact_top_k_despite_pruning():
    rng = random.Random(3)
    rows = [row(id=i, latitude=56.0 + rng.uniform(-0.1, 0.1), longitude=10.0 + rng.uniform(-0.15, 0.15),
                search_text=rng.choice(["gåtur natur", "kor musik", "strik kaffe", "fodbold"]),
                weekday_mask=1 << rng.randrange(7), daypart_mask=rng.choice([1, 2, 4]),
                open_places=rng.choice([None, 3]), has_host=rng.random() < .5,
                companion_welcome=rng.random() < .5, inclusion=rng.choice(["ordinary", "target_group"]))
            for i in range(1, 400)]
    w = Wishes(lat=56.0, lon=10.0, travel_km=6, terms=["gåtur", "kor"], words={}, day_mask=3, part_mask=4,
               wants_host=True, community_kind="target_group")
    brute = sorted(((score_row(w, r), -r["id"]) for r in rows), reverse=True)[:10]
    got = rank(w, 10, rows=[dict(r) for r in rows])
    assert [(m.score, -m.activity_id) for m in got] == brute
    assert all(sum(c.points for c in m.components) == m.score for m in got)


@pytest.mark.django_db
def test_hard_constraints_are_filtered_in_the_database(org_a):
    place = geo.lookup_postcode("8000")

    def make(title, **kw):
        fields = {"status": "published", "latitude": place.latitude, "longitude": place.longitude,
                  "search_text": "gåtur", **kw}
        return Activity.objects.create(organisation=org_a, title=title, **fields)

    ok = make("Fits", wheelchair=True, open_places=3)
    make("Full", wheelchair=True, open_places=0)
    make("Ended", wheelchair=True, status="ended")
    make("Paused", wheelchair=True, status="paused")
    make("Stairs only", wheelchair=False)
    make("Children only", wheelchair=True, max_age=12)
    make("Far away", wheelchair=True, latitude=55.0, longitude=12.0)
    w = Wishes(lat=place.latitude, lon=place.longitude, travel_km=5, terms=["gåtur"], step_free=True, age=40)
    assert [m.activity_id for m in rank(w)] == [ok.pk]
    # Without the step-free need the stairs-only activity is back (accessibility is a hard constraint only then).
    w.step_free = False
    assert {m.title for m in rank(w)} == {"Fits", "Stairs only"}
    # The batch path agrees with the single path.
    assert matching._allowed(Wishes(step_free=True, age=40), {"wheelchair": True, "min_age": None, "max_age": 12}) \
        is False


@pytest.mark.django_db
def test_rank_near_equals_ranking_the_wide_box(org_a):
    place = geo.lookup_postcode("8000")
    rng = random.Random(5)
    Activity.objects.bulk_create([
        Activity(organisation=org_a, title=f"A{i}", status="published",
                 latitude=place.latitude + rng.uniform(-0.12, 0.12), longitude=place.longitude + rng.uniform(-0.2, 0.2),
                 search_text=rng.choice(["gåtur", "kor", "strik"]), weekday_mask=1 << rng.randrange(7),
                 daypart_mask=4, has_host=rng.random() < .5, open_places=rng.choice([None, 2]))
        for i in range(300)])
    for km in (2, 5, 9):
        w = Wishes(lat=place.latitude, lon=place.longitude, travel_km=km, terms=["gåtur"], day_mask=2)
        near = [(m.score, m.activity_id) for m in matching.rank_near(w)]
        wide = [(m.score, m.activity_id) for m in rank(w)]
        assert near == wide


@pytest.mark.parametrize("participants, supported, excluded", [
    (20, 3, False),   # room = floor((4 - 3) / 0.8) = 1
    (20, 4, True),    # a fifth already need support: no room
    (9, 1, False),    # room = floor((1.8 - 1) / 0.8) = floor(1.0) = 1: exactly at the edge
    (8, 1, True),     # room = floor(0.6 / 0.8) = 0
    (10, 1, False),   # room = floor(1 / 0.8) = 1
    (4, 0, False),    # room = floor(0.8 / 0.8) = 1
    (3, 0, True),     # room = floor(0.6 / 0.8) = 0
])
def test_matching_leaves_alone_activities_at_their_balance(org_a, participants, supported, excluded):
    """002 / issue 8: an activity whose recorded balance leaves no room for another newcomer who needs support is
    excluded — the database condition agrees with newcomer_room() — and one without a recorded balance is not."""
    from brobyg.directory.balance import newcomer_room

    place = geo.lookup_postcode("8000")
    fields = {"status": "published", "latitude": place.latitude, "longitude": place.longitude, "search_text": "gåtur"}
    balanced = Activity.objects.create(organisation=org_a, title="Recorded", usual_participants=participants,
                                       need_support=supported, **fields)
    Activity.objects.create(organisation=org_a, title="Unknown", **fields)
    room = newcomer_room(balanced)
    assert (room == 0) is excluded
    w = Wishes(lat=place.latitude, lon=place.longitude, travel_km=5, terms=["gåtur"])
    expected = {"Unknown"} if excluded else {"Recorded", "Unknown"}
    assert {m.title for m in rank(w)} == expected
    assert set(matching.open_activities().values_list("title", flat=True)) == expected  # the batch path's pool
