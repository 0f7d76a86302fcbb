import json
from datetime import time

from brobyg.directory.models import Activity

from .test_views import world  # noqa: F401


def body(org, **over):
    data = {"organisation_id": org.pk, "title": "API-strikkeklub", "postcode": "8000", "status": "published",
            "price_type": "free", "has_host": True, "categories": ["kreativt"],
            "schedules": [{"weekday": 2, "start_time": "19:00", "end_time": "21:00"}]}
    data.update(over)
    from brobyg.directory.api import ActivityIn

    try:  # every field, as a PUT must send (a deliberately invalid body is sent as written)
        return {**ActivityIn.model_validate(data).model_dump(mode="json"), **over}
    except ValueError:
        return data


def test_public_search_and_read(client, world):  # noqa: F811
    r = client.get("/api/v1/directory/activities", {"q": "fodbold"})
    assert r.status_code == 200 and [a["title"] for a in r.json()["results"]] == ["Fodboldholdet i Viby"]
    r = client.get("/api/v1/directory/activities", {"postcode": "8000", "distance": 5, "free": True,
                                                    "wheelchair": True, "host": True, "day": "weekdays",
                                                    "time": "evening"})
    result = r.json()["results"]
    assert [a["title"] for a in result] == ["Stille gåtur"] and result[0]["distance_km"] < 1
    assert "notes_for_referrers" not in result[0] and result[0]["next_date"]
    assert client.get("/api/v1/directory/activities", {"postcode": "0001"}).status_code == 400
    assert client.get(f"/api/v1/directory/activities/{world['walk'].pk}").status_code == 200
    assert client.get(f"/api/v1/directory/activities/{world['draft'].pk}").status_code == 404


def test_create_and_update_with_permissions(client_for, client, world, org_a, org_b):  # noqa: F811
    post = lambda c, data: c.post("/api/v1/directory/activities", json.dumps(data),  # noqa: E731
                                  content_type="application/json")
    assert post(client, body(org_a)).status_code in (401, 403)
    assert post(client_for(world["referrer"]), body(org_a)).status_code == 403
    contact = client_for(world["contact"])
    assert post(contact, body(org_b)).status_code == 403
    assert post(contact, body(org_a, postcode="0001")).status_code == 400
    assert post(contact, body(org_a, title="")).status_code in (400, 422)
    r = post(contact, body(org_a))
    assert r.status_code == 200, r.content
    new = Activity.objects.get(pk=r.json()["id"])
    assert new.city == "Aarhus C" and new.weekday_mask == 1 << 2 and new.schedules.get().start_time == time(19)
    url = f"/api/v1/directory/activities/{new.pk}"
    r = contact.put(url, json.dumps(body(org_a, title="Omdøbt")), content_type="application/json")
    assert r.status_code == 200 and r.json()["title"] == "Omdøbt"
    r = client_for(world["other"]).put(url, json.dumps(body(org_a)), content_type="application/json")
    assert r.status_code in (403, 404)
    assert Activity.objects.get(pk=new.pk).title == "Omdøbt"


def test_api_refuses_what_the_activity_form_refuses(client_for, world, org_a):  # noqa: F811
    contact = client_for(world["contact"])
    before = Activity.objects.count()
    for bad, reason in [({"capacity": 10, "open_places": 12}, "capacity"),
                        ({"price_type": "fee", "price_amount": None}, "price_amount"),
                        ({"status": "published", "postcode": "", "address": "Vestergade 3"}, "postcode")]:
        r = contact.post("/api/v1/directory/activities", json.dumps(body(org_a, **bad)),
                         content_type="application/json")
        assert r.status_code == 400 and reason in r.json()["detail"], bad
    assert Activity.objects.count() == before  # nothing written
    walk = world["walk"]
    r = contact.put(f"/api/v1/directory/activities/{walk.pk}", json.dumps(body(org_a, capacity=2, open_places=3)),
                    content_type="application/json")
    assert r.status_code == 400 and Activity.objects.get(pk=walk.pk).title == "Stille gåtur"  # unchanged
    ok = body(org_a, status="draft", postcode="", capacity=10, open_places=10, price_type="fee", price_amount="25")
    assert contact.post("/api/v1/directory/activities", json.dumps(ok),
                        content_type="application/json").status_code == 200  # a draft may wait for its postcode


def test_hsds_over_the_api(client, client_for, world, make_user):  # noqa: F811
    r = client.get("/api/v1/directory/hsds/services")
    page = r.json()
    assert r.status_code == 200 and (page["total_items"], page["page_number"], page["last_page"]) == (3, 1, True)
    docs = page["contents"]
    from brobyg.directory.hsds import validate

    assert validate(docs) == []
    facilitator = client_for(world["facilitator"])
    assert facilitator.post("/api/v1/directory/hsds/import", json.dumps(docs),
                            content_type="application/json").status_code == 403
    admin = client_for(make_user(is_superuser=True))
    bad = [{**docs[0], "status": "open"}]
    r = admin.post("/api/v1/directory/hsds/import", json.dumps(bad), content_type="application/json")
    assert r.status_code == 400 and "services[0]['status']" in r.json()["detail"]
    r = admin.post("/api/v1/directory/hsds/import", json.dumps(docs), content_type="application/json")
    assert r.status_code == 200 and r.json() == {"created": 0, "updated": 3, "warnings": []}
    assert Activity.objects.count() == 4  # idempotent: nothing duplicated
    r = admin.post("/api/v1/directory/hsds/import", json.dumps(page), content_type="application/json")
    assert r.status_code == 200 and r.json()["updated"] == 3  # Brobyg reads its own API's page as it is
    terms = client.get("/api/v1/directory/hsds/taxonomy_terms").json()
    assert {"has_host", "payment_method", "bevaegelse"} <= {t["code"] for t in terms}


def test_put_replaces_patch_changes_and_offsets_are_refused(client_for, world, org_a):  # noqa: F811
    contact, walk = client_for(world["contact"]), world["walk"]
    url = f"/api/v1/directory/activities/{walk.pk}"
    send = lambda method, data: getattr(contact, method)(url, json.dumps(data),  # noqa: E731
                                                         content_type="application/json")
    # a minimal PUT used to blank the activity: now a PUT must carry every field
    r = send("put", {"organisation_id": org_a.pk, "title": "Kun titel"})
    assert r.status_code in (400, 422) and Activity.objects.get(pk=walk.pk).title == "Stille gåtur"
    # PATCH changes what it names and keeps the rest
    r = send("patch", {"contact_phone": "+45 86 12 34 56"})
    assert r.status_code == 200, r.content
    walk.refresh_from_db()
    assert (walk.contact_phone, walk.title, walk.wheelchair, walk.has_host) == ("+45 86 12 34 56", "Stille gåtur",
                                                                                 True, True)
    assert walk.schedules.get().weekday == 1 and list(walk.categories.values_list("slug", flat=True)) == [
        "bevaegelse"]
    assert send("patch", {"title": None}).status_code == 400  # a required field cannot be emptied
    assert send("patch", {"min_age": 50, "max_age": 20}).status_code == 400
    # a start time with a UTC offset gave a server error on POST and PUT; now it is refused with a message
    data = body(org_a)
    data.update(host_name="", notes_for_referrers="", schedules=[{"frequency": "weekly", "weekday": 2,
                                                                  "week_of_month": None, "start_time": "18:00+02:00",
                                                                  "end_time": None}])
    for method in ("put", "post"):
        r = send(method, data) if method == "put" else contact.post("/api/v1/directory/activities", json.dumps(data),
                                                                    content_type="application/json")
        assert r.status_code == 422 and "offset" in r.content.decode(), (method, r.content)
    data["schedules"][0]["start_time"] = "18:00"
    assert send("put", data).status_code == 200  # the full body replaces
    assert Activity.objects.get(pk=walk.pk).schedules.get().weekday == 2
