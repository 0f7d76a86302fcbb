"""Idea → directory activity with the initiators as core volunteers; involvement level history; hosting rota;
the balance rule; counts on the overview."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.directory.models import Activity
from brobyg.initiatives import services
from brobyg.initiatives.models import (ActivityInitiator, ActivityInvolvement, HostShift, Idea,
                                       IdeaStatus)
from brobyg.partnerships.models import Role
from brobyg.volunteers.models import Kind, VolunteerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea_a(partnership_a):
    return Idea.objects.create(partnership=partnership_a, title="Gåtur", description="En rolig tur",
                               initiator_name="Birgitte Sørensen", initiator_contact="birgitte@example.org",
                               co_initiators="Ole", contact_consent=True)


def _make_activity(c, idea, org, **extra):
    data = {"organisation": org.pk, "title": "Stille gåtur", "description": "Hver tirsdag", "postcode": "8000",
            "level": "5", "publish": "on", "initiators_consent": "on", **extra}
    return c.post(reverse("initiatives:idea_activity", args=[idea.pk]), data)


def test_idea_becomes_published_activity_with_initiators_as_core_volunteers(client_for, facilitator_a, idea_a,
                                                                            org_a):
    c = client_for(facilitator_a)
    assert "Gør den til en aktivitet" in c.get(reverse("initiatives:idea", args=[idea_a.pk])).content.decode()
    response = _make_activity(c, idea_a, org_a)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("initiatives:activity",
                                                                            args=[activity.pk])
    assert activity.status == Activity.Status.PUBLISHED and activity.partnership == idea_a.partnership
    assert activity.city  # filled from the postcode
    profiles = VolunteerProfile.objects.filter(partnership=idea_a.partnership).order_by("pk")
    assert [(p.first_name, p.kind) for p in profiles] == [("Birgitte", Kind.CORE), ("Ole", Kind.CORE)]
    assert profiles[0].email == "birgitte@example.org" and profiles[0].consent_given
    assert ActivityInitiator.objects.filter(activity=activity).count() == 2
    idea_a.refresh_from_db()
    assert idea_a.activity == activity and idea_a.status == IdeaStatus.RUNNING
    assert ActivityInvolvement.objects.get(activity=activity).level == 5
    assert AuditEntry.objects.filter(action="activity.create", object_id=str(activity.pk)).exists()
    # Once made, the idea links to the activity instead of offering the form again.
    assert _make_activity(c, idea_a, org_a).status_code == 302 and Activity.objects.count() == 1


def test_without_the_initiators_consent_nothing_is_created(client_for, facilitator_a, idea_a, org_a):
    response = _make_activity(client_for(facilitator_a), idea_a, org_a, initiators_consent="")
    assert response.status_code == 200 and not Activity.objects.exists() and not VolunteerProfile.objects.exists()


def test_making_an_activity_needs_a_directory_role(client_for, make_user, partnership_a, facilitator_b, idea_a,
                                                   org_a):
    referrer = make_user(Role.REFERRER, partnership_a, org_a)
    assert _make_activity(client_for(referrer), idea_a, org_a).status_code == 403
    assert _make_activity(client_for(facilitator_b), idea_a, org_a).status_code == 404
    assert not Activity.objects.exists()


@pytest.fixture
def activity_a(client_for, facilitator_a, idea_a, org_a):
    _make_activity(client_for(facilitator_a), idea_a, org_a)
    return Activity.objects.get()


def test_involvement_history_and_staff_role(client_for, facilitator_a, activity_a, partnership_a):
    c = client_for(facilitator_a)
    ActivityInvolvement.objects.filter(activity=activity_a).update(set_on=date.today() - timedelta(days=100))
    c.post(reverse("initiatives:activity", args=[activity_a.pk]),
           {"level": "6", "steering": "little", "set_on": date.today().isoformat(), "note": "Kører selv"})
    levels = list(ActivityInvolvement.objects.filter(activity=activity_a).values_list("level", flat=True))
    assert levels == [5, 6]
    body = c.get(reverse("initiatives:activity", args=[activity_a.pk])).content.decode()
    assert "6 · " in body and "<polyline" in body
    assert str(services.staff_role(6)) in body or "Støttende" in body or "Supporting" in body
    assert services._level_changes(partnership_a) == 1
    ladder = c.get(reverse("initiatives:ladder")).content.decode()
    assert "Stille gåtur" in ladder and "▲ 1" in ladder


def test_hosting_rota_with_the_three_sides(client_for, facilitator_a, activity_a):
    c = client_for(facilitator_a)
    host = ActivityInitiator.objects.filter(activity=activity_a).first().profile
    wednesday = date(2026, 3, 4)
    c.post(reverse("initiatives:activity", args=[activity_a.pk]),
           {"week": wednesday.isoformat(), "host": host.pk, "connected": "Ole mødte Lise"})
    shift = HostShift.objects.get()
    assert shift.week == date(2026, 3, 2) and shift.host == host  # rounded to the Monday
    c.post(reverse("initiatives:activity", args=[activity_a.pk]), {"week": "2026-03-03", "host_name": "Ole"})
    c.post(reverse("initiatives:activity", args=[activity_a.pk]), {"week": "2026-03-09"})  # no host
    assert HostShift.objects.count() == 1
    body = c.get(reverse("initiatives:activity", args=[activity_a.pk])).content.decode()
    assert "Ole mødte Lise" in body


def test_balance_rule_on_the_activity(client_for, facilitator_a, activity_a):
    c = client_for(facilitator_a)
    url = reverse("initiatives:activity", args=[activity_a.pk])
    assert 'class="room-n"' not in c.get(url).content.decode()
    c.post(url, {"usual_participants": "3", "need_support": "4"})
    activity_a.refresh_from_db()
    assert activity_a.usual_participants is None  # refused: nothing changed
    c.post(url, {"usual_participants": "20", "need_support": "2"})
    activity_a.refresh_from_db()
    assert (activity_a.usual_participants, activity_a.need_support) == (20, 2)  # kept on the activity itself
    assert '<p class="room-n">2</p>' in c.get(url).content.decode()


def test_activity_panel_refusals(client_for, facilitator_b, make_user, partnership_a, activity_a, client):
    url = reverse("initiatives:activity", args=[activity_a.pk])
    assert client_for(facilitator_b).get(url).status_code == 404
    volunteer = make_user(Role.VOLUNTEER, partnership_a)
    assert client_for(volunteer).get(url).status_code == 200
    assert client_for(volunteer).post(url, {"level": "1", "steering": "high", "set_on": "2026-01-01"}
                                      ).status_code == 403
    assert ActivityInvolvement.objects.filter(activity=activity_a).count() == 1
    assert client.get(url).status_code == 302


def test_counts_include_activities_and_level_changes(client_for, facilitator_a, activity_a, partnership_a, settings):
    settings.BROBYG_SMALL_COUNT = 1
    data = services.counts(partnership_a)
    assert data["totals"]["activities"] == 1 and data["levels"][4]["n"] == 1 and data["levels"][0]["n"] == 0
    body = client_for(facilitator_a).get(reverse("initiatives:overview")).content.decode()
    assert "inddragelsesstigen" in body


def test_indicators_for_the_evaluation_dashboard(client_for, facilitator_a, activity_a, partnership_a):
    from brobyg.initiatives import indicators

    assert indicators.ideas_received(partnership_a, None, None) == 1
    assert indicators.ideas_started(partnership_a, date.today(), date.today()) == 1
    assert indicators.activities_from_ideas(partnership_a, None, None) == 1
    assert indicators.level_changes(partnership_a, None, None) == 0
    assert indicators.stories(partnership_a, None, None) == 0 and indicators.causes(partnership_a, None, None) == 0
    try:
        from brobyg.evaluation.indicators import BY_KEY
    except ImportError:
        return
    assert "initiatives_ideas" in BY_KEY and BY_KEY["initiatives_ideas"].personal


# --- the host's own page (002: host of the week, the three sides as prompts) ----------------------------------------

@pytest.fixture
def host_week(activity_a, make_user, partnership_a, facilitator_a, client_for):
    """This week's host is the initiator, who now has a volunteer login; a staff member set the rota."""
    volunteer = make_user(Role.VOLUNTEER, partnership_a)
    profile = ActivityInitiator.objects.filter(activity=activity_a).first().profile
    profile.user = volunteer
    profile.save(update_fields=["user"])
    monday = date.today() - timedelta(days=date.today().weekday())
    client_for(facilitator_a).post(reverse("initiatives:activity", args=[activity_a.pk]),
                                   {"week": monday.isoformat(), "host": profile.pk})
    return volunteer, HostShift.objects.get(host=profile)


def test_host_sees_the_week_with_prompts_and_writes_notes(client_for, facilitator_a, host_week, activity_a):
    volunteer, shift = host_week
    c = client_for(volunteer)
    home = c.get(reverse("core:home")).content.decode()
    assert reverse("initiatives:my_hosting") in home and "Stille gåtur" in home  # the card names the week
    page = c.get(reverse("initiatives:my_hosting")).content.decode()
    assert f'id="shift-{shift.pk}"' in page and "Stille gåtur" in page
    assert "002" in page  # the prompts cite their source
    response = c.post(reverse("initiatives:my_hosting"), {
        "shift": shift.pk, f"s{shift.pk}-connected": "Præsenterede Lise for Ole",
        f"s{shift.pk}-invited": "Stod ved indgangen", f"s{shift.pk}-facilitated": ""})
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.connected == "Præsenterede Lise for Ole" and shift.invited == "Stod ved indgangen"
    entry = AuditEntry.objects.get(action="activity.host_shift.notes")
    assert "Lise" not in entry.detail and entry.partnership_id == activity_a.partnership_id
    # The staff see the host's notes on the activity's rota.
    staff = client_for(facilitator_a).get(reverse("initiatives:activity", args=[activity_a.pk])).content.decode()
    assert "Præsenterede Lise for Ole" in staff


def test_nobody_writes_in_another_hosts_week(client_for, make_user, partnership_a, facilitator_a, facilitator_b,
                                              host_week, client):
    _volunteer, shift = host_week
    url = reverse("initiatives:my_hosting")
    data = {"shift": shift.pk, f"s{shift.pk}-connected": "Forfalsket"}
    other_volunteer = make_user(Role.VOLUNTEER, partnership_a)
    for user in (other_volunteer, facilitator_a, facilitator_b):
        c = client_for(user)
        assert c.post(url, data).status_code == 404
        assert "Stille gåtur" not in c.get(url).content.decode()  # only one's own weeks are listed
    for bad in ("", "abc", "99999999999999", str(shift.pk + 1000)):
        assert client_for(other_volunteer).post(url, {**data, "shift": bad}).status_code == 404
    response = client.post(url, data)
    assert response.status_code == 302 and "/login" in response["Location"]
    shift.refresh_from_db()
    assert shift.connected == "" and not AuditEntry.objects.filter(action="activity.host_shift.notes").exists()
