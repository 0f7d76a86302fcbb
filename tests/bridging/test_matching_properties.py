"""Property-based tests of the matching inputs (issue 7): whatever a citizen's wishes are, and whatever the
activities near them look like, matching answers without an error, finds the exact best ten, and every score is
the sum of its named parts. Through the screens: any wishes typed into the citizen's form are either refused
(and nothing changes) or saved, and then the suggestions page answers and keeps the hard constraints.
"""
from datetime import time
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from brobyg.bridging.matching import WEIGHTS, Wishes, order_key, rank, score_row
from brobyg.bridging.models import Barrier, Citizen, CommunityKind, Support, TimeOfDay
from brobyg.directory.models import Activity, Schedule, TargetGroup
from brobyg.directory.services import refresh_derived

VOCABULARY = ["gåtur", "kor", "musik", "strik", "kaffe", "fodbold", "natur", "sprog", "mad", "ø", "æble"]
TERMS = st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(min_size=1, max_size=8)), max_size=12, unique=True)
LAT = st.floats(min_value=54.5, max_value=57.8, allow_nan=False)
LON = st.floats(min_value=8.0, max_value=15.2, allow_nan=False)
AGE = st.none() | st.integers(min_value=0, max_value=120)


@st.composite
def wishes(draw):
    located = draw(st.booleans())
    terms = draw(TERMS)
    return Wishes(
        lat=draw(LAT) if located else None, lon=draw(LON) if located else None,
        travel_km=draw(st.integers(min_value=1, max_value=200)), terms=terms,
        words={t: t.upper() for t in terms}, day_mask=draw(st.integers(0, 127)), part_mask=draw(st.integers(0, 7)),
        community_kind=draw(st.sampled_from(list(CommunityKind.values))), strict_days=draw(st.booleans()),
        volunteer=draw(st.booleans()), languages=draw(st.sampled_from([frozenset(), frozenset({"da"}),
                                                                        frozenset({"ar", "so"})])),
        language_barrier=draw(st.booleans()), transport=draw(st.booleans()), physical=draw(st.booleans()),
        gender=draw(st.sampled_from(["", "woman", "man"])), with_family=draw(st.booleans()),
        group_mask=draw(st.integers(0, 2 ** 20)),
        max_price=draw(st.none() | st.integers(min_value=0, max_value=5000)), economy=draw(st.booleans()),
        step_free=draw(st.booleans()), quiet=draw(st.booleans()), wants_host=draw(st.booleans()),
        wants_companion=draw(st.booleans()), companion_available=draw(st.booleans()), age=draw(AGE))


@st.composite
def rows(draw):
    count = draw(st.integers(min_value=0, max_value=40))
    out = []
    for i in range(1, count + 1):
        located = draw(st.integers(min_value=0, max_value=9)) > 0  # mostly placed, as the database pre-filter keeps
        fee = draw(st.booleans())
        out.append({
            "id": i, "title": f"Aktivitet {i}",
            "latitude": draw(LAT) if located else None, "longitude": draw(LON) if located else None,
            "interest_text": draw(st.one_of(st.none(), st.lists(st.sampled_from(VOCABULARY), max_size=5).map(" ".join),
                                            st.text(max_size=30))),
            "weekday_mask": draw(st.integers(0, 127)), "daypart_mask": draw(st.integers(0, 7)),
            "open_places": draw(st.none() | st.integers(min_value=1, max_value=50)),
            "price_type": "fee" if fee else "free",
            "price_amount": draw(st.none() | st.decimals(min_value=0, max_value=10000, places=2)) if fee else None,
            "payment_method": draw(st.sampled_from(["none", "per_time", "per_month", "per_season", "per_year"])),
            "wheelchair": draw(st.booleans()), "quiet_room": draw(st.booleans()), "low_stimulus": draw(st.booleans()),
            "accessible_toilet": draw(st.booleans()), "has_host": draw(st.booleans()),
            "companion_welcome": draw(st.booleans()),
            "inclusion": draw(st.sampled_from(["ordinary", "target_group"])),
            "financial_support": draw(st.sampled_from(["", "Kommunen kan give tilskud"])),
            "min_age": draw(AGE), "max_age": draw(AGE),
            "audience": draw(st.sampled_from(["everyone", "women", "men", "families"])),
            "volunteer_role": draw(st.booleans()), "target_group_mask": draw(st.integers(0, 2 ** 20)),
            "languages": draw(st.sampled_from(["", "da", "da, en", "ar"])), "public_transport": draw(st.booleans()),
        })
    return out


@hsettings(max_examples=300, deadline=None, derandomize=True)
@given(w=wishes(), candidates=rows(), limit=st.integers(min_value=1, max_value=12),
       language=st.sampled_from(["da", "en"]))
def test_rank_is_the_exact_top_k_and_every_score_adds_up(w, candidates, limit, language):
    today = timezone.localdate().weekday()
    with translation.override(language):
        keyed = []
        for r in candidates:
            r = dict(r)
            score = score_row(w, r)
            if r["_dist"] is None or r["_dist"] <= w.travel_km:
                keyed.append(order_key(score, r, today))
        brute = [(-k[0], k[-1]) for k in sorted(keyed)[:limit]]
        found = rank(w, limit, rows=[dict(r) for r in candidates])
    assert [(m.score, m.activity_id) for m in found] == brute
    for m in found:
        assert 0 <= m.score <= 100
        assert [c.key for c in m.components] == list(WEIGHTS)
        assert sum(c.points for c in m.components) == m.score
        assert all(0 <= c.points <= c.max == WEIGHTS[c.key] for c in m.components)
        # Every part the citizen cares about says why; a part they did not ask about may stay silent.
        asked = {"interest", "distance", "schedule", "places", "price", "host"}
        asked |= {"access"} if w.step_free or w.quiet else set()
        asked |= {"companion"} if w.wants_companion else set()
        asked |= {"community"} if w.community_kind != CommunityKind.EITHER else set()
        asked |= {"role"} if w.volunteer else set()
        assert all(isinstance(c.reason, str) for c in m.components)
        assert all(c.reason for c in m.components if c.key in asked), m.components


# --- Through the screens --------------------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "0", "-1", "1", "200", "201", "65535", "1e309",
                     "NaN", "0,6", "0,1,2,3,4,5,6", "7", "0,0,0", "economy,unknown", "economy,mental,physical",
                     "host,companion", "evening", "target_group", "ordinary", "either", "on", "😀" * 30]),
    st.text(min_size=490, max_size=520, alphabet="gåtur kor musik æøå"),
)

def _subset(choices):
    return st.lists(st.sampled_from(list(choices)), max_size=len(choices), unique=True)


# Values a bridge-builder could choose on the form (so that saved wishes vary), beside the hostile ones.
VALID = {
    "w-interests": st.lists(st.sampled_from(VOCABULARY + ["Gåture", "KOR!", "strikke-café"]), max_size=6).map(" ".join),
    "w-community_kind": st.sampled_from(list(CommunityKind.values)),
    "w-as_volunteer": st.just("on"),
    "w-days": _subset([str(d) for d in range(7)]),
    "w-day_parts": _subset(["morning", "afternoon", "evening"]),
    "w-days_strict": st.just("on"),
    "w-open_target_groups": _subset(["unge", "hjerneskade", "kvinder-vold"]),
    "w-with_family": st.just("on"),
    "w-travel_km": st.integers(min_value=1, max_value=200).map(str),
    "w-barriers": _subset(Barrier.values),
    "w-max_price": st.one_of(st.just(""), st.integers(min_value=0, max_value=5000).map(str)),
    "w-needs_step_free": st.just("on"),
    "w-support": _subset(Support.values),
}
WISH_FIELDS = list(VALID)


@st.composite
def wish_changes(draw):
    """Per field: keep the current value, choose a valid one, type a hostile one, or leave the field out."""
    changes, dropped = {}, set()
    for name in WISH_FIELDS:
        how = draw(st.sampled_from(["keep", "keep", "valid", "valid", "hostile", "drop"]))
        if how == "valid":
            changes[name] = draw(VALID[name])
        elif how == "hostile":
            changes[name] = draw(HOSTILE)
        elif how == "drop":
            dropped.add(name)
    return changes, dropped


SNAPSHOT = ["interests", "community_kind", "as_volunteer", "days", "time_of_day", "travel_km", "barriers",
            "max_price", "needs_step_free", "support", "first_name", "postcode", "day_parts", "days_strict",
            "open_target_groups", "with_family", "gender"]


class FormValues(HTMLParser):
    """Current values of the edit form's text inputs, selects and ticked boxes."""

    def __init__(self):
        super().__init__()
        self.values, self._select = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _activity(org, title, postcode, **fields):
    activity = Activity(organisation=org, title=title, postcode=postcode, status=Activity.Status.PUBLISHED, **fields)
    activity.fill_place()
    activity.save()
    Schedule.objects.create(activity=activity, weekday=2, start_time=time(17, 0), end_time=time(19, 0))
    refresh_derived(activity)
    return activity


@pytest.mark.django_db
def test_any_wishes_typed_in_are_refused_cleanly_or_matched_within_the_hard_constraints(make_citizen, people, org_a):
    _activity(org_a, "Gåtur for alle", "8000", wheelchair=True)
    _activity(org_a, "Kor i kælderen", "8200", wheelchair=False, min_age=18, max_age=30)
    _activity(org_a, "Strikkecafé", "8210", price_type=Activity.PriceType.FEE, price_amount=Decimal("50"))
    _activity(org_a, "Kvindegymnastik", "8000", audience="women")
    _activity(org_a, "Familiespejder", "8000", audience="families")
    youth = _activity(org_a, "Ungdomsklub", "8000", inclusion="target_group")
    youth.target_groups.set(TargetGroup.objects.filter(slug="unge"))
    refresh_derived(youth)
    citizen = make_citizen()
    client = Client()
    client.force_login(people["bb"])
    edit = reverse("bridging:citizen_edit", args=[citizen.pk])
    parser = FormValues()
    parser.feed(client.get(edit).content.decode())
    page = parser.values
    assert "w-travel_km" in page and "c-first_name" in page
    matches_url = reverse("bridging:citizen_matches", args=[citizen.pk])

    @hsettings(max_examples=60, deadline=None, derandomize=True,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(change=wish_changes())
    def check(change):
        changes, dropped = change
        before = Citizen.objects.filter(pk=citizen.pk).values(*SNAPSHOT).get()
        data = {k: v for k, v in {**page, **changes}.items() if k not in dropped}
        response = client.post(edit, data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert Citizen.objects.filter(pk=citizen.pk).values(*SNAPSHOT).get() == before, "a refusal changed data"
            assert response.context["form"].errors or response.context["wishes"].errors
            return
        saved = Citizen.objects.get(pk=citizen.pk)
        shown = client.get(matches_url)
        assert shown.status_code == 200
        for m in shown.context["matches"]:
            a = m.activity
            assert a.status == Activity.Status.PUBLISHED
            if saved.needs_step_free:
                assert a.wheelchair
            if saved.age is not None:
                assert (a.min_age is None or a.min_age <= saved.age) and (a.max_age is None or saved.age <= a.max_age)
            assert a.audience in {"everyone", {"woman": "women", "man": "men"}.get(saved.gender),
                                  "families" if saved.with_family else None}
            open_to = set(filter(None, saved.open_target_groups.split(",")))
            assert not a.target_group_mask or open_to & set(a.target_groups.values_list("slug", flat=True))
            if saved.days_strict and saved.day_list():
                assert a.weekday_mask & sum(1 << d for d in saved.day_list())

    check()
