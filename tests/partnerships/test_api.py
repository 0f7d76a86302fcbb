"""The read-only workspace API (/api/v1/partnerships/{id}/…): actors by sector and who is missing, phase progress,
open follow-up actions — the same figures as the screens, and the refusals (anonymous 401, another partnership 404,
out-of-range ids 422)."""
import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from brobyg.partnerships import services
from brobyg.partnerships.models import (ContactPerson, FollowUpAction, Meeting, Organisation, PartnershipOrganisation,
                                        PhaseItem, Role, Sector)

pytestmark = pytest.mark.django_db


def _api(client, path):
    return client.get(f"/api/v1/partnerships/{path}")


@pytest.fixture
def fac(client_for, facilitator_a):
    return client_for(facilitator_a)


@pytest.fixture
def actors_a(partnership_a):
    """org_a (association) plus the municipality with an ally and a housing plan."""
    kommune = Organisation.objects.create(name="Aarhus Kommune", sector=Sector.PUBLIC)
    housing = Organisation.objects.create(name="Brabrand Boligforening", sector=Sector.HOUSING)
    actor = PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=kommune,
                                                   actor_role="steering_group")
    PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=housing)
    ContactPerson.objects.create(actor=actor, name="Jonas Lund", email="jonas@example.org", is_ally=True)
    return actor


def test_actors_by_sector_and_what_is_missing(fac, partnership_a, actors_a):
    response = _api(fac, f"{partnership_a.pk}/actors")
    assert response.status_code == 200
    data = response.json()
    assert data["partnership_id"] == partnership_a.pk and data["actor_count"] == 3
    by_sector = {s["sector"]: s for s in data["sectors"]}
    assert set(by_sector) == {Sector.PUBLIC, Sector.HOUSING, Sector.ASSOCIATION}
    assert [a["name"] for a in by_sector[Sector.PUBLIC]["actors"]] == ["Aarhus Kommune"]
    kommune = by_sector[Sector.PUBLIC]["actors"][0]
    assert kommune["actor_role"] == "steering_group" and kommune["partner_type"] == "municipality"
    assert kommune["contacts"][0]["name"] == "Jonas Lund" and kommune["contacts"][0]["is_ally"]
    missing = {m["key"] for m in data["missing_sectors"]}
    assert missing == set(Sector.values) - {Sector.PUBLIC, Sector.HOUSING, Sector.ASSOCIATION}
    # The same "who is missing" list as the actors page.
    actor_list = list(services.actors(partnership_a))
    assert [m["key"] for m in data["missing_partner_types"]] == [k for k, _l in
                                                                 services.missing_partner_types(actor_list)]
    assert "school" in [m["key"] for m in data["missing_partner_types"]]


def test_every_member_reads_but_others_are_refused(client_for, make_user, partnership_a, partnership_b,
                                                    facilitator_b, actors_a):
    volunteer = make_user(Role.VOLUNTEER, partnership_a)
    for path in ("actors", "phases", "meetings/open-actions"):
        assert _api(client_for(volunteer), f"{partnership_a.pk}/{path}").status_code == 200
        other = _api(client_for(facilitator_b), f"{partnership_a.pk}/{path}")
        assert other.status_code == 404 and "Jonas" not in other.content.decode()
        assert _api(client_for(facilitator_b), f"{partnership_b.pk}/{path}").status_code == 200
        assert _api(Client(), f"{partnership_a.pk}/{path}").status_code == 401
        assert _api(client_for(volunteer), f"999999/{path}").status_code == 404
        assert _api(client_for(volunteer), f"{2**63}/{path}").status_code == 422


def test_site_admin_reads_any_partnership_and_404_for_none(client_for, make_user, partnership_a):
    admin = make_user(is_superuser=True)
    assert _api(client_for(admin), f"{partnership_a.pk}/actors").status_code == 200
    assert _api(client_for(admin), "999999/actors").status_code == 404


def test_phases_progress_as_on_the_phase_page(fac, partnership_a):
    services.ensure_phase_items(partnership_a)
    items = PhaseItem.objects.filter(partnership=partnership_a, phase="before_start").order_by("order")
    PhaseItem.objects.filter(pk__in=[i.pk for i in items[:3]]).update(status="done")
    PhaseItem.objects.filter(pk=items[3].pk).update(status="not_relevant")
    PhaseItem.objects.filter(pk=items[4].pk).update(status="doing")
    data = _api(fac, f"{partnership_a.pk}/phases").json()
    assert [p["phase"] for p in data["phases"]] == ["before_start", "start_up", "formalisation", "running",
                                                   "anchoring"]
    first = data["phases"][0]
    assert (first["done"], first["doing"], first["total"], first["percent"]) == (3, 1, 5, 60)
    assert first["source"] == "000 §6.1" and all(i["source"].startswith("000 §6.1") for i in first["items"])
    assert data["current_phase"] == "before_start"
    overview = services.phase_overview(partnership_a)
    assert [p["percent"] for p in data["phases"]] == [row["percent"] for row in overview]


def test_phases_creates_the_checklist_like_the_page(fac, partnership_a):
    data = _api(fac, f"{partnership_a.pk}/phases").json()
    assert sum(len(p["items"]) for p in data["phases"]) == len(services.PHASE_ADVICE)


def test_open_actions_only_not_done_and_earliest_first(fac, facilitator_a, partnership_a, partnership_b):
    today = timezone.localdate()
    meeting = Meeting.objects.create(partnership=partnership_a, title="Styregruppe", date=today)
    late = FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting, text="Ring til skolen",
                                         due=today - dt.timedelta(days=2), owner=facilitator_a)
    later = FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting, text="Book lokale",
                                          due=today + dt.timedelta(days=5))
    FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting, text="Udført", done=True)
    undated = FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting, text="Uden dato")
    other = Meeting.objects.create(partnership=partnership_b, title="KBH", date=today)
    FollowUpAction.objects.create(partnership=partnership_b, meeting=other, text="Københavnsk")
    data = _api(fac, f"{partnership_a.pk}/meetings/open-actions").json()
    assert [a["id"] for a in data] == [late.pk, later.pk, undated.pk]
    assert data[0]["overdue"] and not data[1]["overdue"] and data[2]["due"] is None
    assert data[0]["meeting_title"] == "Styregruppe" and data[0]["owner"]
