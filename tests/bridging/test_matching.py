"""The match score and its reasons (issue 15): who may join is a rule applied in the database, interests are
Danish words (stems, compounds, the vocabulary — never substrings, stop words or hidden category words), the
reasons are true and name what did not match, and the order never depends on the database id."""
import random
from datetime import time

import pytest
from django.utils import timezone, translation

from brobyg.bridging import matching
from brobyg.bridging.matching import WEIGHTS, Wishes, rank, score_row
from brobyg.directory import geo
from brobyg.directory.models import Activity, Category, Schedule, TargetGroup
from brobyg.directory.services import refresh_derived
from brobyg.directory.taxonomy import group_bit
from brobyg.directory.textsearch import interest_text

KM_LAT = 1 / 111.195  # degrees of latitude per km (great circle, mean earth radius)


def row(**kw):
    base = dict(id=1, title="Stille gåtur", latitude=56.0, longitude=10.0, interest_text=interest_text(
                "stille gåtur og kaffe"), weekday_mask=0, daypart_mask=0, open_places=None, price_type="free",
                price_amount=None, payment_method="none", wheelchair=False, quiet_room=False, low_stimulus=False,
                accessible_toilet=False, has_host=False, companion_welcome=False, inclusion="ordinary",
                financial_support="", min_age=None, max_age=None, audience="everyone", volunteer_role=False,
                target_group_mask=0, languages="da", public_transport=False)
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


def pts(key, fraction):
    return round(WEIGHTS[key] * fraction)


def test_the_weights_make_a_score_out_of_100():
    assert sum(WEIGHTS.values()) == 100


def test_a_close_evening_walk_for_someone_who_asked_for_a_host_and_a_companion():
    w = Wishes(lat=56.0, lon=10.0, travel_km=5, terms=["gåtur"], words={"gåtur": "gåture"}, day_mask=1 << 1,
               part_mask=4, economy=True, wants_host=True, wants_companion=True, companion_available=False,
               community_kind="ordinary")
    r = row(latitude=56.0 + 2 * KM_LAT, weekday_mask=1 << 1, daypart_mask=4, open_places=6, price_type="fee",
            price_amount=40, companion_welcome=True)
    total, parts = explain(w, r)
    assert parts == {
        "interest": (pts("interest", 1), "gåture: yes"),
        "distance": (pts("distance", 1 - 0.6 * 2 / 5), "2.0 km, inside 5 km"),
        "schedule": (pts("schedule", 1), "Tue evening suits"),
        "role": (pts("role", 1), ""),
        "places": (pts("places", 1), "6 open places"),
        "price": (pts("price", 0.2), "40 kr. – money is a barrier, no support mentioned"),
        "access": (pts("access", 1), ""),
        "host": (0, "no host yet"),
        "companion": (pts("companion", 0.4), "companion welcome, but none free nearby"),
        "language": (pts("language", 1), ""),
        "community": (pts("community", 1), "open to everybody"),
    }
    assert total == sum(p for p, _r in parts.values())
    # With support for the fee, money as a barrier weighs much less.
    assert explain(w, {**r, "financial_support": "Puljen betaler"})[1]["price"] == (
        pts("price", 0.8), "40 kr. – money is a barrier; support can be asked for")


def test_reasons_name_the_wishes_that_did_not_match_and_why_they_may_join():
    w = Wishes(terms=["strik", "håndarbejd", "kor"], words={"strik": "strik", "håndarbejd": "håndarbejde",
                                                              "kor": "kor"},
               related={"håndarbejd": ["hækl", "hækling"]}, age=24, group_mask=group_bit(7),
               groups={group_bit(7): "Young people"}, volunteer=True)
    r = row(interest_text=interest_text("Strikkecafé: vi strikker og hækler"), min_age=18, max_age=30,
            target_group_mask=group_bit(7), inclusion="target_group", volunteer_role=True)
    _total, parts = explain(w, r)
    assert parts["interest"][1] == "strik: yes · håndarbejde: yes (hækl) · kor: not mentioned"
    assert parts["community"][1] == "for Young people – a community they said they would consider · ages 18–30 – " \
        "they are 24"
    assert parts["role"] == (pts("role", 1), "a volunteer role, as wished")


def test_danish_reasons_use_a_decimal_comma():
    w = Wishes(lat=56.0, lon=10.0, travel_km=5)
    with translation.override("da"):
        parts = []
        score_row(w, row(latitude=56.0 + 3.2 * KM_LAT), parts)
    assert parts[1].reason == "3,2 km, inden for 5 km"


@pytest.mark.parametrize("said, activity, found", [
    ("håndarbejde", "Strikkecafé på Vesterbro", True),          # the vocabulary
    ("tegning", "Tegneværksted for voksne", True),              # stem + compound part
    ("ved ikke rigtig, være sammen med nogen", "Vi strikker sammen med nogen", False),  # stop words only
    ("ikke", "Strikkeaften", False),                            # never a substring
    ("komme i form", "Formiddagskaffe", False),
    ("dans", "Netværk for nye danske kvinder", False),
    ("dans", "Hip-hop dans for unge", True),
    ("social", "Socially vulnerable adults", False),
])
def test_interests_are_words_not_letters(said, activity, found):
    w = matching.Wishes(**_interests(said))
    hits = matching.interest_hits(w, set(interest_text(activity).split()))
    assert any(f for _w, f, _v in hits) is found, hits


def _interests(text):
    terms = matching.interest_terms(text)
    return {"terms": list(terms), "words": terms, "related": matching._related(terms)}


def test_rank_is_the_exact_top_k_in_a_meaningful_order():
    rng = random.Random(3)
    rows = [row(id=i, title=f"A{i % 37}", latitude=56.0 + rng.uniform(-0.05, 0.05),
                longitude=10.0 + rng.uniform(-0.08, 0.08),
                interest_text=interest_text(rng.choice(["gåtur natur", "kor musik", "strik kaffe", "fodbold"])),
                weekday_mask=1 << rng.randrange(7), daypart_mask=rng.choice([1, 2, 4]),
                open_places=rng.choice([None, 3]), has_host=rng.random() < .5,
                companion_welcome=rng.random() < .5, inclusion=rng.choice(["ordinary", "target_group"]))
            for i in range(1, 400)]
    w = Wishes(lat=56.0, lon=10.0, travel_km=6, terms=["gåtur", "kor"], words={}, day_mask=3, part_mask=4,
               wants_host=True, community_kind="target_group")
    got = rank(w, 10, rows=[dict(r) for r in rows])
    today = timezone.localdate().weekday()
    keys = {}
    for r in rows:
        r = dict(r)
        score = score_row(w, r)
        if r["_dist"] <= w.travel_km:
            soonest = min((d - today) % 7 for d in range(7) if r["weekday_mask"] & (1 << d))
            keys[r["id"]] = (-score, r["_dist"], soonest, r["title"].lower(), r["id"])
    assert [m.activity_id for m in got] == sorted(keys, key=keys.get)[:10]
    assert all(m.distance_km <= w.travel_km for m in got)
    assert all(sum(c.points for c in m.components) == m.score for m in got)
    # Entering the same activities in another order gives the same list.
    shuffled = [dict(r) for r in rows]
    rng.shuffle(shuffled)
    assert [m.activity_id for m in rank(w, 10, rows=shuffled)] == [m.activity_id for m in got]


def _make(org, title, **kw):
    place = geo.lookup_postcode("8000")
    groups = kw.pop("groups", [])
    weekday = kw.pop("weekday", None)
    fields = {"status": "published", "latitude": place.latitude, "longitude": place.longitude, **kw}
    a = Activity.objects.create(organisation=org, title=title, **fields)
    if groups:
        a.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
    if weekday is not None:
        Schedule.objects.create(activity=a, weekday=weekday, start_time=time(10), end_time=time(11))
    refresh_derived(a)
    return a


@pytest.mark.django_db
def test_who_may_join_is_filtered_in_the_database_and_the_batch_rule_agrees(org_a):
    from brobyg.directory import taxonomy

    taxonomy.seed(Category, TargetGroup)
    made = [
        _make(org_a, "Fits", wheelchair=True, open_places=3),
        _make(org_a, "Full", wheelchair=True, open_places=0),
        _make(org_a, "Ended", wheelchair=True, status="ended"),
        _make(org_a, "Stairs only", wheelchair=False),
        _make(org_a, "Children only", wheelchair=True, max_age=12),
        _make(org_a, "Far away", wheelchair=True, latitude=55.0, longitude=12.0),
        _make(org_a, "Women only", wheelchair=True, audience="women"),
        _make(org_a, "Men only", wheelchair=True, audience="men"),
        _make(org_a, "Families", wheelchair=True, audience="families"),
        _make(org_a, "Women exposed to violence", wheelchair=True, groups=["kvinder-vold"]),
        _make(org_a, "Brain injury and everyone", wheelchair=True, groups=["hjerneskade", "alle"]),
        _make(org_a, "Young people", wheelchair=True, groups=["unge"]),
        _make(org_a, "On Saturdays", wheelchair=True, weekday=5),
    ]
    young = TargetGroup.objects.get(slug="unge")
    w = Wishes(lat=made[0].latitude, lon=made[0].longitude, travel_km=5, step_free=True, age=40, gender="man",
               group_mask=group_bit(young.pk), day_mask=1 << 1, strict_days=True)
    expected = {"Fits", "Men only", "Brain injury and everyone", "Young people"}
    assert {m.title for m in rank(w)} == expected
    rows = list(matching.open_activities().values(*matching.FIELDS))
    assert {r["title"] for r in rows if matching.allowed(w, r)} - {"Far away"} == expected
    # A woman open to none of the groups, with her family, on preferred (not only) days.
    w = Wishes(lat=w.lat, lon=w.lon, travel_km=5, age=40, gender="woman", with_family=True, day_mask=2)
    expected = {"Fits", "Stairs only", "Women only", "Families", "Brain injury and everyone", "On Saturdays"}
    assert {m.title for m in rank(w)} == expected
    assert {r["title"] for r in rows if matching.allowed(w, r)} - {"Far away"} == expected
    # A child never gets the adults' activities, nor an adult the children's.
    assert "Children only" in {m.title for m in rank(Wishes(lat=w.lat, lon=w.lon, age=9))}
    assert "Children only" not in {m.title for m in rank(Wishes(lat=w.lat, lon=w.lon, age=19))}


@pytest.mark.django_db
def test_hidden_category_words_never_count_as_the_citizens_words(org_a):
    from brobyg.directory import taxonomy

    taxonomy.seed(Category, TargetGroup)
    a = _make(org_a, "Motionshold på stole")
    a.categories.set(Category.objects.filter(slug="sport"))  # its hidden search words include "fodbold"
    refresh_derived(a)
    w = Wishes(lat=a.latitude, lon=a.longitude, **_interests("fodbold"))
    [m] = rank(w)
    assert m.components[0].reason == "fodbold: not mentioned"


@pytest.mark.django_db
def test_a_little_farther_is_a_separate_list(org_a, make_citizen):
    near = geo.lookup_postcode("8000")
    _make(org_a, "Near", latitude=near.latitude + 1 * KM_LAT)
    _make(org_a, "A little farther", latitude=near.latitude + 7 * KM_LAT)
    _make(org_a, "Far", latitude=near.latitude + 30 * KM_LAT)
    citizen = make_citizen()
    citizen.travel_km = 5
    citizen.save()
    found = matching.suggest(citizen)
    assert [m.title for m in found] == ["Near"]
    assert [m.title for m in matching.farther(citizen, found)] == ["A little farther"]


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
    fields = {"status": "published", "latitude": place.latitude, "longitude": place.longitude,
              "interest_text": "gåtur"}
    balanced = Activity.objects.create(organisation=org_a, title="Recorded", usual_participants=participants,
                                       need_support=supported, **fields)
    Activity.objects.create(organisation=org_a, title="Unknown", **fields)
    room = newcomer_room(balanced)
    assert (room == 0) is excluded
    w = Wishes(lat=place.latitude, lon=place.longitude, travel_km=5, terms=["gåtur"])
    expected = {"Unknown"} if excluded else {"Recorded", "Unknown"}
    assert {m.title for m in rank(w)} == expected
    assert set(matching.open_activities().values_list("title", flat=True)) == expected  # the batch path's pool
