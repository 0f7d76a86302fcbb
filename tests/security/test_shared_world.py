"""Issue 13 §1: the whole permission matrix in a world of two partnerships that share organisations.

The demo's Aarhus partnership and the Copenhagen one ("other") share three organisations: Aarhus Kommune (the
municipality), Hjernerystelsesforeningen (an association) and Frivilligcenter Aarhus. Copenhagen has people of its
own on behalf of each (a referrer, bridge-builder and evaluator of the municipality, an association contact of the
association, a volunteer of the volunteer centre who hosts one of the association's Aarhus activities) and its own
activity, journey, arrival notice, task and meeting. Every URL and API operation of the matrix is then run against
the Aarhus objects as each of those Copenhagen people: an object of Aarhus is refused (401/403/404), a page every
partnership has shows nothing of Aarhus. And the other way round for the arrival and activity reached through the
shared association. The scope guard (core.permissions) is on throughout, so any view that loads an Aarhus record
for them fails the test with ScopeError instead of passing quietly."""
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from brobyg.accounts.models import User
from brobyg.bridging.models import Arrival, Citizen, Consent, Journey, Stage
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Meeting, Membership, Organisation, PartnershipOrganisation, Role
from brobyg.volunteers.models import HostAssignment, Task, VolunteerProfile

from .matrix import API_MATRIX, MATRIX, aarhus_people
from .test_permission_matrix import World

SHARED = ("Aarhus Kommune", "Hjernerystelsesforeningen", "Frivilligcenter Aarhus")
# Copenhagen people on behalf of the shared organisations: username → (role, organisation).
KBH_PEOPLE = {
    "kbh-referrer": (Role.REFERRER, "Aarhus Kommune"),
    "kbh-bridgebuilder": (Role.BRIDGE_BUILDER, "Aarhus Kommune"),
    "kbh-evaluator": (Role.EVALUATOR, "Aarhus Kommune"),
    "kbh-association": (Role.ASSOCIATION_CONTACT, "Hjernerystelsesforeningen"),
    "kbh-volunteer": (Role.VOLUNTEER, "Frivilligcenter Aarhus"),
    "kbh-facilitator": (Role.FACILITATOR, "Aarhus Kommune"),
}
OBJECT_ID = re.compile(r"/\d+(/|$|\?)")


def _client(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _share(world):
    aarhus, kbh = world.partnership, world.other_partnership
    orgs = {name: Organisation.objects.get(name=name) for name in SHARED}
    for org in orgs.values():
        assert PartnershipOrganisation.objects.filter(partnership=aarhus, organisation=org).exists()
        PartnershipOrganisation.objects.get_or_create(partnership=kbh, organisation=org)
    people = {}
    for username, (role, org_name) in KBH_PEOPLE.items():
        user = User.objects.create_user(username=username, password="x-" * 10, first_name="K")
        Membership.objects.create(user=user, partnership=kbh, organisation=orgs[org_name], role=role)
        people[username] = user
    association = orgs["Hjernerystelsesforeningen"]
    aarhus_activity = Activity.objects.filter(organisation=association, partnership=aarhus).first()
    kbh_activity = Activity(organisation=association, partnership=kbh, title="Hjernecafé København",
                            postcode="2200", status=Activity.Status.PUBLISHED)
    kbh_activity.fill_place()
    kbh_activity.save()
    # Copenhagen's own newcomers: one at its own activity, one at the association's Aarhus activity.
    arrivals = []
    for name, activity in (("Kbhborgerina", kbh_activity), ("Kbhborgerito", aarhus_activity)):
        citizen = Citizen.objects.create(partnership=kbh, first_name=name, welcome_needs="Stille velkomst")
        Consent.objects.create(citizen=citizen, share_with_association=True, share_with_companion=True)
        journey = Journey.objects.create(partnership=kbh, citizen=citizen, stage=Stage.VAERTSSKAB)
        arrivals.append(Arrival.objects.create(journey=journey, activity=activity))
    Task.objects.create(partnership=kbh, activity=aarhus_activity, title="Kbh-opgave")
    Meeting.objects.create(partnership=kbh, title="Kbh-møde", date="2026-01-05")
    profile = VolunteerProfile.objects.create(partnership=kbh, user=people["kbh-volunteer"], first_name="K")
    HostAssignment.objects.create(profile=profile, activity=aarhus_activity)
    return people, aarhus_activity, kbh_activity, arrivals


def _secrets(world):
    """Texts of Aarhus that no Copenhagen page may show: its citizens' full names and its staff."""
    citizens = [f"{c.first_name} {c.last_name}".strip()
                for c in Citizen.objects.filter(partnership=world.partnership) if c.last_name]
    return citizens + aarhus_people(world)


@pytest.mark.django_db
def test_matrix_through_shared_organisations():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    world = World()
    people, aarhus_activity, kbh_activity, arrivals = _share(world)
    people["other"] = User.objects.get(username="facilitator-kbh")
    secrets = _secrets(world)
    clients = {name: _client(user) for name, user in people.items()}
    problems, refused = [], 0
    for label, rule in [*MATRIX.items(), *API_MATRIX.items()]:
        path = rule.path(world)
        shared_page = "anonymous" in rule.allow or "other" in rule.allow
        for name, client in clients.items():
            response = getattr(client, rule.method)(path)
            code = response.status_code
            if not shared_page and OBJECT_ID.search(path):  # an Aarhus object: refused for every Copenhagen person
                if code in (401, 403, 404):
                    refused += 1
                else:
                    problems.append(f"{label} {path} as {name}: expected refusal, got {code}")
            elif code >= 500:
                problems.append(f"{label} {path} as {name}: {code}")
            elif code == 200 and "anonymous" not in rule.allow:
                body = response.content.decode(errors="replace")  # PDFs and workbooks: binary
                # The shared organisations are Copenhagen's actors too: their names are no secret there.
                leaks = [t for t in (rule.leak(world) if rule.leak else []) if not any(t in o for o in SHARED)]
                leaks += secrets
                problems += [f"{label} {path} as {name}: shows '{text}'" for text in leaks if text in body]
    assert not problems, "\n".join(problems)
    print(f"{refused} requests for Aarhus objects refused")
    assert refused > 500  # the world really reached Aarhus objects (about 90 per person)

    # And the other way round: Aarhus people get nothing of Copenhagen through the shared association.
    association = _client(User.objects.get(username="association"))
    page = association.get(reverse("bridging:newcomers")).content.decode()
    assert "Kbhborgerina" not in page and "Kbhborgerito" not in page
    for arrival in arrivals:
        assert association.get(reverse("bridging:newcomer", args=[arrival.pk])).status_code == 404
    for username in ("facilitator", "association"):
        c = _client(User.objects.get(username=username))
        assert c.get(reverse("directory:edit", args=[kbh_activity.pk])).status_code == 404
        r = c.put(f"/api/v1/directory/activities/{kbh_activity.pk}", {"title": "x"},
                  content_type="application/json")
        assert r.status_code in (403, 404, 422)
    # Copenhagen's own association contact and host see Copenhagen's newcomers (only those).
    own = clients["kbh-association"].get(reverse("bridging:newcomers")).content.decode()
    assert "Kbhborgerina" in own and "Kbhborgerito" in own
    hosted = clients["kbh-volunteer"].get(reverse("bridging:newcomers")).content.decode()
    assert "Kbhborgerito" in hosted and "Kbhborgerina" not in hosted
