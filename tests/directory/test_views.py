from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Role


@pytest.fixture
def world(make_activity, make_user, org_a, org_b, partnership_a, partnership_b):
    walk = make_activity(org_a, title="Stille gåtur", postcode="8000", weekday=1, start=time(18, 0),
                         price_type="free", wheelchair=True, has_host=True, partnership=partnership_a,
                         notes_for_referrers="Ring til Peter først", categories=["bevaegelse"])
    football = make_activity(org_a, title="Fodboldholdet i Viby", postcode="8260", weekday=5, start=time(10, 0),
                             price_type="fee", price_amount=150, partnership=partnership_a,
                             categories=["sport"])
    far = make_activity(org_b, title="Gåtur i København", postcode="2200", weekday=1, start=time(18, 0),
                        price_type="free", wheelchair=True, has_host=True, partnership=partnership_b,
                        notes_for_referrers="Kun for partnerskab B")
    draft = make_activity(org_a, title="Hemmelig kladde", status=Activity.Status.DRAFT, partnership=partnership_a)
    return {
        "walk": walk, "football": football, "far": far, "draft": draft,
        "contact": make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, email="kontakt@example.org"),
        "referrer": make_user(Role.REFERRER, partnership_a, None),
        "volunteer": make_user(Role.VOLUNTEER, partnership_a, None),
        "facilitator": make_user(Role.FACILITATOR, partnership_a, None),
        "other": make_user(Role.FACILITATOR, partnership_b, org_b),
    }


def titles(response):
    return [a.title for a in response.context["items"]]


def test_public_directory_without_login(client, world):
    r = client.get(reverse("directory:public_list"))
    assert r.status_code == 200
    assert set(titles(r)) == {"Stille gåtur", "Fodboldholdet i Viby", "Gåtur i København"}
    assert b"Ring til Peter" not in r.content and b"Hemmelig" not in r.content


def test_danish_search_finds_compounds_and_inflections(client, world):
    assert titles(client.get("/activities/", {"q": "fodbold"})) == ["Fodboldholdet i Viby"]
    assert titles(client.get("/activities/", {"q": "fodboldhold"})) == ["Fodboldholdet i Viby"]
    assert titles(client.get("/activities/", {"q": "idræt"})) == ["Fodboldholdet i Viby"]  # category words
    assert set(titles(client.get("/activities/", {"q": "gåture"}))) == {"Stille gåtur", "Gåtur i København"}
    assert titles(client.get("/activities/", {"q": "svømning"})) == []


def test_search_understands_the_interest_vocabulary(client, world, make_activity, org_a):
    """Issue 15: the directory search reads the same Danish interest vocabulary as matching, and a facilitator's
    own addition (the admin's interest vocabulary) counts at once."""
    from brobyg.directory.models import InterestWord

    make_activity(org_a, title="Strikkecafé på biblioteket", postcode="8000", description="Vi strikker og hækler.")
    assert titles(client.get("/activities/", {"q": "håndarbejde"})) == ["Strikkecafé på biblioteket"]
    assert titles(client.get("/activities/", {"q": "bevægelsesglæde"})) == []
    word = InterestWord.objects.create(word="bevægelsesglæde", related="gåtur, fodbold")
    assert set(titles(client.get("/activities/", {"q": "bevægelsesglæde"}))) == {
        "Stille gåtur", "Fodboldholdet i Viby", "Gåtur i København"}
    word.delete()  # and the process-wide cache forgets it (the test's rollback would not tell it)
    assert titles(client.get("/activities/", {"q": "bevægelsesglæde"})) == []


def test_filters_and_distance(client, world):
    r = client.get("/activities/", {"postcode": "8000", "distance": "5", "free": "on", "access": "wheelchair",
                                    "host": "on", "day": "weekdays", "time": "evening"})
    assert titles(r) == ["Stille gåtur"]
    item = r.context["items"][0]
    assert item.distance < 1 and item.next is not None and item.next.date.weekday() == 1
    r = client.get("/activities/", {"postcode": "8000", "sort": "distance"})
    assert titles(r)[-1] == "Gåtur i København"  # nearest first, Copenhagen last
    assert titles(client.get("/activities/", {"postcode": "Søndergade 3, 8000 Aarhus C", "distance": "10"})) \
        == ["Stille gåtur", "Fodboldholdet i Viby"]
    assert titles(client.get("/activities/", {"day": "weekend"})) == ["Fodboldholdet i Viby"]
    assert titles(client.get("/activities/", {"category": "sport"})) == ["Fodboldholdet i Viby"]


def test_bad_filter_is_explained_not_fatal(client, world):
    r = client.get("/activities/", {"postcode": "0001", "distance": "5"})
    assert r.status_code == 200 and r.context["form"].errors["postcode"]
    assert len(titles(r)) == 3
    assert client.get("/activities/", {"distance": "7000", "age": "x", "page": "99"}).status_code == 200


def test_htmx_gets_only_the_results(client, world):
    r = client.get("/activities/", {"q": "gåtur"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and b"<html" not in r.content and b'id="results"' in r.content


def test_map_view(client, world):
    r = client.get("/activities/", {"postcode": "8000", "view": "map"})
    assert b"<svg" in r.content and r.context["map"]["dots"]


def test_staff_directory_shows_own_partnerships_notes_only(client_for, client, world):
    url = reverse("directory:staff_list")
    assert client.get(url).status_code == 302
    assert client_for(world["volunteer"]).get(url).status_code == 403
    r = client_for(world["referrer"]).get(url)
    assert r.status_code == 200 and b"Ring til Peter" in r.content and b"Kun for partnerskab B" not in r.content
    r = client_for(world["other"]).get(url)
    assert b"Kun for partnerskab B" in r.content and b"Ring til Peter" not in r.content


def test_activity_page(client, client_for, world):
    walk, draft = world["walk"], world["draft"]
    r = client.get(reverse("directory:detail", args=[walk.pk]))
    assert r.status_code == 200 and b"Stille g" in r.content and b"Ring til Peter" not in r.content
    assert client_for(world["referrer"]).get(reverse("directory:detail", args=[walk.pk])).content.count(
        b"Ring til Peter") == 1
    assert b"Ring til Peter" not in client_for(world["other"]).get(reverse("directory:detail", args=[walk.pk])).content
    assert client.get(reverse("directory:detail", args=[draft.pk])).status_code == 404
    assert client_for(world["other"]).get(reverse("directory:detail", args=[draft.pk])).status_code == 404
    assert client_for(world["contact"]).get(reverse("directory:detail", args=[draft.pk])).status_code == 200


def test_flyer_pdf_and_calendars(client, world):
    r = client.get(reverse("directory:flyer", args=[world["walk"].pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    r = client.get(reverse("directory:activity_ical", args=[world["walk"].pk]))
    assert r.status_code == 200 and b"BEGIN:VEVENT" in r.content and "Stille gåtur".encode() in r.content
    r = client.get(reverse("directory:organisation_ical", args=[world["walk"].organisation_id]))
    # one event with an RRULE per recurring time (tests/directory/test_ical.py checks the dates)
    assert r.content.count(b"BEGIN:VEVENT") == r.content.count(b"RRULE:") == 2 and "Fodboldholdet".encode() in r.content
    assert client.get(reverse("directory:activity_ical", args=[world["draft"].pk])).status_code == 404
    assert client.get(reverse("directory:flyer", args=[world["draft"].pk])).status_code == 404


def _post_data(org, partnership=None, **over):
    data = {"organisation": org.pk, "partnership": partnership.pk if partnership else "", "title": "Ny strikkeklub",
            "description": "Vi strikker", "inclusion": "ordinary", "languages": "da", "status": "published",
            "postcode": "8000", "address": "", "city": "", "price_type": "free", "payment_method": "none",
            "has_host": "on", "categories": [],
            "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0",
            "schedules-0-frequency": "weekly", "schedules-0-weekday": "2", "schedules-0-start_time": "19:00",
            "schedules-0-end_time": "21:00",
            "dates-TOTAL_FORMS": "0", "dates-INITIAL_FORMS": "0",
            "cancellations-TOTAL_FORMS": "0", "cancellations-INITIAL_FORMS": "0"}
    data.update(over)
    return data


def test_association_contact_creates_and_edits_own(client_for, world, org_a, org_b, partnership_a):
    c = client_for(world["contact"])
    assert c.get(reverse("directory:create")).status_code == 200
    r = c.post(reverse("directory:create"), _post_data(org_a, partnership_a))
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    new = Activity.objects.get(title="Ny strikkeklub")
    assert new.city == "Aarhus C" and new.latitude and new.weekday_mask == 1 << 2 and new.daypart_mask == 4
    assert AuditEntry.objects.filter(action="activity.create", object_id=str(new.pk)).exists()
    # cannot create for another organisation
    r = c.post(reverse("directory:create"), _post_data(org_b, title="Snyd"))
    assert r.status_code == 200 and "organisation" in r.context["form"].errors
    assert not Activity.objects.filter(title="Snyd").exists()
    # edit own; cannot edit another organisation's
    sid = new.schedules.get().pk
    r = c.post(reverse("directory:edit", args=[new.pk]), _post_data(
        org_a, partnership_a, title="Strikkeklubben", postcode="8200", **{
            "schedules-INITIAL_FORMS": "1", "schedules-0-id": str(sid), "schedules-0-activity": str(new.pk)}))
    assert r.status_code == 302
    new.refresh_from_db()
    assert new.title == "Strikkeklubben" and new.city == "Aarhus N"
    assert c.get(reverse("directory:edit", args=[world["far"].pk])).status_code == 404


def test_invalid_activity_form_changes_nothing(client_for, world, org_a, partnership_a):
    c = client_for(world["contact"])
    r = c.post(reverse("directory:create"), _post_data(org_a, partnership_a, postcode="0001", price_type="fee",
                                                        **{"schedules-0-end_time": "18:00"}))
    assert r.status_code == 200
    assert "postcode" in r.context["form"].errors and "price_amount" in r.context["form"].errors
    assert not Activity.objects.filter(title="Ny strikkeklub").exists()


def test_edit_refusals(client, client_for, world):
    walk = world["walk"]
    url = reverse("directory:edit", args=[walk.pk])
    assert client.get(url).status_code == 302
    assert client_for(world["referrer"]).get(url).status_code == 403
    assert client_for(world["referrer"]).get(reverse("directory:create")).status_code == 403
    assert client_for(world["other"]).get(url).status_code == 404
    assert client_for(world["facilitator"]).get(url).status_code == 200
    assert client_for(world["other"]).post(reverse("directory:verify", args=[walk.pk])).status_code == 404


def test_mine_stale_and_verify(client_for, world):
    walk = world["walk"]
    Activity.objects.filter(pk=walk.pk).update(last_verified=date.today() - timedelta(days=400))
    c = client_for(world["contact"])
    r = c.get(reverse("directory:stale"))
    assert [a.title for a in r.context["page"].object_list] == ["Stille gåtur"]
    assert c.get(reverse("directory:mine")).context["stale_count"] == 1
    assert c.post(reverse("directory:verify", args=[walk.pk])).status_code == 302
    walk.refresh_from_db()
    assert walk.last_verified == date.today()
    assert list(c.get(reverse("directory:stale")).context["page"].object_list) == []


def test_remind_verify_is_idempotent(world):
    walk = world["walk"]
    Activity.objects.filter(pk=walk.pk).update(last_verified=date.today() - timedelta(days=400))
    call_command("remind-verify")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kontakt@example.org"]
    assert "Stille gåtur" in mail.outbox[0].body
    call_command("remind-verify")
    assert len(mail.outbox) == 1  # nothing twice
    walk.refresh_from_db()
    from brobyg.directory.services import mark_verified

    mark_verified(walk)
    Activity.objects.filter(pk=walk.pk).update(last_verified=date.today() - timedelta(days=400))
    call_command("remind-verify")
    assert len(mail.outbox) == 2  # a new stale period after verification


# Audit of issue 3 (what a newcomer and a referrer read on the activity page and the flyer).

def _for_groups(activity, *slugs, **fields):
    from brobyg.directory.models import TargetGroup

    Activity.objects.filter(pk=activity.pk).update(**fields)
    activity.refresh_from_db()
    activity.target_groups.set(TargetGroup.objects.filter(slug__in=slugs))
    return activity


def test_activity_page_names_its_target_groups_and_languages(client, world):
    walk = _for_groups(world["walk"], "hjerneskade", "psykisk-saarbare", inclusion="target_group",
                       languages="da, ar, so, xq")
    body = client.get(reverse("directory:detail", args=[walk.pk])).content.decode()
    assert "For: " in body and "Mennesker med hjerneskade eller hjernerystelse" in body
    assert "Psykisk sårbare" in body
    assert "dansk, arabisk, somali, xq" in body  # names, not the codes "da, ar, so"; an unknown code as written
    client.cookies["django_language"] = "en"
    r = client.get(reverse("directory:detail", args=[walk.pk]))
    assert "Danish, Arabic, Somali" in r.content.decode()
    del client.cookies["django_language"]
    # an ordinary community may still say whom it is especially for
    football = _for_groups(world["football"], "unge", inclusion="ordinary")
    body = client.get(reverse("directory:detail", args=[football.pk])).content.decode()
    assert "Især for:" in body and "Unge" in body and "Åbent for alle" in body


def test_public_sees_a_warning_when_the_information_is_old(client, client_for, world):
    walk = world["walk"]
    url = reverse("directory:detail", args=[walk.pk])
    assert 'id="stale-note"' not in client.get(url).content.decode()
    Activity.objects.filter(pk=walk.pk).update(last_verified=date.today() - timedelta(days=400))
    body = client.get(url).content.decode()
    assert 'id="stale-note"' in body and "Spørg kontaktpersonen, før du går" in body
    staff_body = client_for(world["referrer"]).get(url).content.decode()
    assert 'id="stale-note"' not in staff_body and "før du henviser nogen" in staff_body  # staff get their own


def test_activity_page_links_the_organisation_calendar(client, world):
    walk = world["walk"]
    body = client.get(reverse("directory:detail", args=[walk.pk])).content.decode()
    feed = reverse("directory:organisation_ical", args=[walk.organisation_id])
    assert f'href="{feed}"' in body
    assert client.get(feed).status_code == 200  # the link works without a login


def test_flyer_carries_target_groups_age_languages_host_and_parking(client, world, monkeypatch):
    import weasyprint

    seen = {}
    real = weasyprint.HTML

    def spy(*args, **kwargs):
        seen["html"] = kwargs.get("string", "")
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    walk = _for_groups(world["walk"], "ensomme-aeldre", inclusion="target_group", min_age=60, languages="da, tr",
                       host_name="Birgitte", parking=True)
    r = client.get(reverse("directory:flyer", args=[walk.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    html = seen["html"]
    assert "Ensomme ældre" in html and "60–" in html and "dansk, tyrkisk" in html
    assert "(Birgitte)" in html and "Parkering" in html


def test_search_near_a_town_typed_without_a_postcode(client, world):
    r = client.get("/activities/", {"postcode": "Viby J", "distance": "5", "sort": "distance"})
    assert r.status_code == 200 and not r.context["form"].errors
    assert titles(r) == ["Fodboldholdet i Viby", "Stille gåtur"]  # 8260 first, then 8000 about 4 km away
    assert r.context["items"][0].distance < 1
    assert "afstand fra 8260 Viby J" in r.content.decode()  # says which place it understood
    r = client.get("/activities/", {"postcode": "Viby", "distance": "5"})  # two Vibys: asked, not guessed
    assert "postnummer (fx 8000) eller en by" in r.content.decode() and len(titles(r)) == 3
    r = client.get("/api/v1/directory/activities", {"postcode": "Aarhus", "distance": 5})
    assert r.status_code == 200 and {a["title"] for a in r.json()["results"]} == {"Stille gåtur",
                                                                               "Fodboldholdet i Viby"}
    assert client.get("/api/v1/directory/activities", {"postcode": "Viby"}).status_code == 400


def test_public_results_mark_old_information(client, world):
    assert "dir-stale" not in client.get("/activities/").content.decode()
    Activity.objects.filter(pk=world["walk"].pk).update(last_verified=date(2020, 3, 5))
    body = client.get("/activities/").content.decode()
    assert body.count("dir-stale") == 1 and "Tjekket 5. marts 2020 – spørg, før du går" in body


def test_result_cards_name_the_target_groups(client, world):
    walk = _for_groups(world["walk"], "hjerneskade", "psykisk-saarbare", inclusion="target_group")
    response = client.get(reverse("directory:public_list"), {"q": walk.title})
    card = next(i for i in response.context["items"] if i.pk == walk.pk)
    assert sorted(card.target_group_labels) == ["Mennesker med hjerneskade eller hjernerystelse", "Psykisk sårbare"]
    assert "For: " + ", ".join(card.target_group_labels) in response.content.decode()
    ordinary = client.get(reverse("directory:public_list"), {"q": world["football"].title})
    assert "For: " not in ordinary.content.decode()


def test_staff_see_the_room_for_newcomers_who_need_support(client, client_for, world):
    walk = world["walk"]
    url = reverse("directory:detail", args=[walk.pk])
    referrer = client_for(world["referrer"])
    assert 'id="newcomer-room"' not in referrer.get(url).content.decode()  # nothing recorded: nothing claimed
    Activity.objects.filter(pk=walk.pk).update(usual_participants=20, need_support=1)
    body = referrer.get(url).content.decode()
    assert 'id="newcomer-room"' in body and "plads til 3 flere nye" in body  # (0.2·20 − 1) / 0.8 = 3.75 → 3
    assert 'id="newcomer-room"' not in client.get(url).content.decode()  # not for the public
    assert 'id="newcomer-room"' not in client_for(world["other"]).get(url).content.decode()  # nor another partnership
    Activity.objects.filter(pk=walk.pk).update(need_support=4)
    assert "i balance lige nu" in referrer.get(url).content.decode()


def test_an_exact_position_is_kept_and_a_postcode_middle_follows_the_postcode(client_for, world, org_a,
                                                                              partnership_a):
    from brobyg.directory import geo

    c = client_for(world["contact"])
    aarhus, aarhus_n = geo.lookup_postcode("8000"), geo.lookup_postcode("8200")
    # Without an exact position the middle of the postcode is used, and the edit form shows the fields empty.
    assert c.post(reverse("directory:create"), _post_data(org_a, partnership_a)).status_code == 302
    plain = Activity.objects.get(title="Ny strikkeklub")
    assert (plain.latitude, plain.longitude) == (aarhus.latitude, aarhus.longitude)
    form = c.get(reverse("directory:edit", args=[plain.pk])).context["form"]
    assert form["latitude"].value() is None and form["longitude"].value() is None
    # ... so a new postcode moves it.
    sid = plain.schedules.get().pk
    edit = {"schedules-INITIAL_FORMS": "1", "schedules-0-id": str(sid), "schedules-0-activity": str(plain.pk)}
    assert c.post(reverse("directory:edit", args=[plain.pk]),
                  _post_data(org_a, partnership_a, postcode="8200", **edit)).status_code == 302
    plain.refresh_from_db()
    assert (plain.latitude, plain.longitude) == (aarhus_n.latitude, aarhus_n.longitude)

    # An exact position from a map is kept, shown again, and used for distances.
    r = c.post(reverse("directory:create"), _post_data(org_a, partnership_a, title="Havebænken",
                                                        latitude="56.1496", longitude="10.2134"))
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    exact = Activity.objects.get(title="Havebænken")
    assert (exact.latitude, exact.longitude) == (56.1496, 10.2134) and exact.city == "Aarhus C"
    assert c.get(reverse("directory:edit", args=[exact.pk])).context["form"]["latitude"].value() == 56.1496
    near = c.get(reverse("directory:public_list"), {"q": "Havebænken", "postcode": "8000"}).context["items"][0]
    assert near.distance == pytest.approx(geo.haversine_km(aarhus.latitude, aarhus.longitude, 56.1496, 10.2134))


@pytest.mark.parametrize("position,field,message", [
    ({"latitude": "56.15"}, "longitude", "både"),  # one without the other
    ({"latitude": "10.21", "longitude": "56.15"}, "latitude", None),  # swapped: outside Denmark
    ({"latitude": "55.68", "longitude": "12.57"}, "latitude", "km fra postnummer 8000"),  # Copenhagen for 8000
])
def test_a_mistyped_position_is_refused_with_a_message(client_for, world, org_a, partnership_a, position, field,
                                                       message):
    r = client_for(world["contact"]).post(reverse("directory:create"),
                                          _post_data(org_a, partnership_a, title="Fejltastet", **position))
    assert r.status_code == 200 and field in r.context["form"].errors
    if message:
        assert message in str(r.context["form"].errors[field])
    assert not Activity.objects.filter(title="Fejltastet").exists()
