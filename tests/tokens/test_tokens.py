"""Personal API tokens used the way a script uses them (a real HTTP server, a bearer header, no cookie, no CSRF
token), and the volunteer's revocable calendar address."""
import json
import urllib.error
import urllib.request

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from brobyg.directory.models import Activity
from brobyg.tokens.models import Token

from ..directory.test_views import world  # noqa: F401


def call(base, path, token, method="GET", body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {token}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def make_token(client, partnership, write=False, name="Kommunens booking"):
    r = client.post(reverse("tokens:list"), {"name": name, "partnership": partnership.pk,
                                             **({"can_write": "on"} if write else {})})
    assert r.status_code == 200
    return r.context["secret"]


@pytest.mark.django_db(transaction=True)
def test_a_script_calls_the_api_with_a_token(live_server, client_for, world, partnership_a, org_a):  # noqa: F811
    c = client_for(world["facilitator"])
    read = make_token(c, partnership_a)
    write = make_token(c, partnership_a, write=True, name="Kalendersystem")
    assert not Token.objects.filter(key_hash__contains=read[8:]).exists()  # only the hash is stored
    base, draft, far = live_server.url, world["draft"], world["far"]
    assert call(base, f"/api/v1/directory/activities/{draft.pk}", read)[0] == 200  # an editor's draft
    assert call(base, f"/api/v1/directory/activities/{far.pk}", read)[1]["title"] == "Gåtur i København"  # public
    body = {"organisation_id": org_a.pk, "partnership_id": partnership_a.pk, "title": "Fra scriptet",
            "postcode": "8000", "status": "draft", "price_type": "free", "schedules": []}
    status, answer = call(base, "/api/v1/directory/activities", read, "POST", body)
    assert status == 403 and Activity.objects.filter(title="Fra scriptet").count() == 0  # read-only token
    status, answer = call(base, "/api/v1/directory/activities", write, "POST", body)  # no cookie, no CSRF token
    assert status == 200, answer
    assert Activity.objects.get(title="Fra scriptet").partnership_id == partnership_a.pk
    assert call(base, "/api/v1/directory/activities/1", "brobyg_guessed")[0] == 401
    page = c.get(reverse("tokens:list")).content.decode()
    row = page.split("Kommunens booking")[1].split("</tr>")[0]
    assert Token.objects.get(name="Kommunens booking").last_used and "aldrig" not in row and "never" not in row
    token = Token.objects.get(name="Kommunens booking")
    assert c.post(reverse("tokens:revoke", args=[token.pk])).status_code == 302
    assert call(base, f"/api/v1/directory/activities/{draft.pk}", read)[0] == 401  # revoked


def test_a_token_acts_only_within_its_partnership(client_for, world, partnership_b, make_user):  # noqa: F811
    from brobyg.partnerships.models import Role

    both = make_user(Role.FACILITATOR, world["far"].partnership, None)
    from brobyg.partnerships.models import Membership

    Membership.objects.create(user=both, partnership=world["draft"].partnership, role=Role.FACILITATOR)
    key = make_token(client_for(both), partnership_b)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.get(f"/api/v1/directory/activities/{world['draft'].pk}").status_code == 404  # A's draft
    assert client_for(both).get(f"/api/v1/directory/activities/{world['draft'].pk}").status_code == 200


def test_the_openapi_document_describes_bearer_tokens(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    secured = [op for path in doc["paths"].values() for op in path.values() if op.get("security")]
    assert secured and all({"BearerToken": []} in op["security"] for op in secured)


def test_the_volunteer_subscribes_with_a_revocable_address(client, client_for, world):  # noqa: F811
    vol = client_for(world["volunteer"])
    from brobyg.volunteers.models import VolunteerProfile

    VolunteerProfile.objects.get_or_create(user=world["volunteer"], partnership=world["walk"].partnership)
    assert vol.post(reverse("tokens:calendar_renew")).status_code == 302
    page = vol.get(reverse("volunteers:me")).content.decode()
    url = page.split('<code class="secret">')[1].split("</code>")[0]
    path = url.split("testserver")[1]
    r = client.get(path)  # a calendar program: no login
    assert r.status_code == 200 and Calendar.from_ical(r.content).get("X-WR-CALNAME")
    assert url not in vol.get(reverse("volunteers:me")).content.decode()  # shown once only
    assert vol.post(reverse("tokens:calendar_renew")).status_code == 302  # renew
    assert client.get(path).status_code == 404  # the old address stops working
    new = vol.get(reverse("volunteers:me")).content.decode().split('<code class="secret">')[1].split("</code>")[0]
    assert client.get(new.split("testserver")[1]).status_code == 200
