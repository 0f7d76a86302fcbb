"""Suggestions, proposals and the citizen's choice; the companion and the association contact see only what the
citizen agreed to share, only for their own citizens, and nothing after consent is withdrawn."""
import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.bridging import bridge, services
from brobyg.bridging.models import Arrival, Companionship, FollowUp, Proposal, Stage, Visit
from brobyg.directory import geo
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Role
from brobyg.volunteers.models import Status, VolunteerProfile

from .conftest import Who

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(org_a, partnership_a):
    place = geo.lookup_postcode("8000")
    common = dict(organisation=org_a, partnership=partnership_a, status="published", latitude=place.latitude,
                  longitude=place.longitude, weekday_mask=2, daypart_mask=4)
    return [
        Activity.objects.create(title="Gåtur og kaffe", search_text="gåtur kaffe natur", open_places=5,
                                has_host=True, companion_welcome=True, entrance="Hoveddøren",
                                meeting_place="Ved trappen", receiver="Birgitte i grønt tørklæde", **common),
        Activity.objects.create(title="Kor for alle", search_text="kor musik", open_places=2, **common),
        Activity.objects.create(title="Fuldt strikkehold", search_text="strik gåtur", open_places=0, **common),
    ]


@pytest.fixture
def citizen(make_citizen):
    c = make_citizen("Rosa")
    c.interests = "gåture, natur"
    c.support = "companion,host"
    c.languages = "dansk"
    c.save()
    return c


@pytest.fixture
def companion(people, partnership_a):
    place = geo.lookup_postcode("8000")
    return VolunteerProfile.objects.create(partnership=partnership_a, user=people["vol"], first_name="Kaj",
                                           last_name="Følge", consent_given=True, status=Status.ACTIVE,
                                           wants_companion=True, latitude=place.latitude,
                                           longitude=place.longitude, travel_radius_km=10, max_companion_load=2)


def _choose(people, citizen, activity):
    journey = citizen.current_journey()
    proposals = bridge.propose(Who(people["bb"]), journey, [activity.pk])
    return bridge.choose(Who(people["bb"]), proposals[0])


def test_suggestions_show_reasons_and_leave_out_full_activities(client_for, people, citizen, activities):
    response = client_for(people["bb"]).get(reverse("bridging:citizen_matches", args=[citizen.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Gåtur og kaffe</strong>" in html and "<strong>Fuldt strikkehold</strong>" not in html
    assert "1 fuld" in html and "Fulde: Fuldt strikkehold" in html  # left out, and said so
    assert "gåture" in html  # the reason names the citizen's own word
    assert AuditEntry.objects.filter(action="citizen.view", object_id=str(citizen.pk), detail="matches").exists()


def test_propose_and_choose_are_kept(client_for, people, citizen, activities):
    c = client_for(people["bb"])
    walk, choir = activities[0], activities[1]
    response = c.post(reverse("bridging:citizen_matches", args=[citizen.pk]),
                      {"activities": [walk.pk, choir.pk]})
    assert response.status_code == 302
    proposals = {p.activity_id: p for p in Proposal.objects.all()}
    assert set(proposals) == {walk.pk, choir.pk}
    assert proposals[walk.pk].rank == 1 and proposals[walk.pk].reasons and proposals[walk.pk].score > 0
    response = c.post(reverse("bridging:proposal_choose", args=[proposals[choir.pk].pk]),
                      {"expected": "2030-03-05T18:00"})
    assert response.status_code == 302
    chosen = Proposal.objects.get(pk=proposals[choir.pk].pk)
    assert chosen.status == "chosen" and chosen.chosen_at and chosen.rank == 2
    assert Proposal.objects.get(pk=proposals[walk.pk].pk).status == "declined"
    assert Arrival.objects.get(journey__citizen=citizen).activity == choir
    # An aggregate: small counts are hidden (None), a zero is shown (core.stats).
    assert bridge.matching_quality(citizen.journeys.all()) == {"proposals": None, "chosen": None, "chosen_first": 0,
                                                                 "chosen_top3": None}


def test_matching_pages_refuse_other_partnerships_and_other_roles(client_for, people, citizen, activities):
    url = reverse("bridging:citizen_matches", args=[citizen.pk])
    assert client_for(people["bb_b"]).get(url).status_code == 404
    assert client_for(people["vol"]).get(url).status_code == 403
    assert client_for(people["ac"]).get(url).status_code == 403
    assert client_for(people["ref"]).get(url).status_code == 403
    _choose(people, citizen, activities[0])
    proposal = Proposal.objects.get()
    assert client_for(people["bb_b"]).post(reverse("bridging:proposal_choose", args=[proposal.pk])).status_code == 404


def test_companion_sees_only_the_meeting_information(client_for, people, citizen, activities, companion):
    _choose(people, citizen, activities[0])
    suggestions = bridge.companion_suggestions(citizen)
    assert suggestions and suggestions[0].profile == companion
    bb = client_for(people["bb"])
    response = bb.post(reverse("bridging:companion_assign", args=[citizen.pk]), {"profile": companion.pk})
    assert response.status_code == 302
    companionship = Companionship.objects.get()
    assert companionship.meeting_place == "Ved trappen" and companionship.entrance == "Hoveddøren"
    assert citizen.current_journey().stage == Stage.FOLGESKAB

    vol = client_for(people["vol"])
    for url in (reverse("bridging:accompany"), reverse("bridging:accompany_detail", args=[companionship.pk])):
        html = vol.get(url).content.decode()
        assert "Rosa" in html and "Likes a quiet hello" in html and "Ved trappen" in html
        assert "Birgitte i grønt tørklæde" in html and "Hoveddøren" in html
        for secret in ("Testesen", "12345678", "Needs a chair", "gåture", "8000"):
            assert secret not in html, secret
    assert AuditEntry.objects.filter(action="companion.view", object_id=str(companionship.pk)).exists()
    # The companion cannot open the citizen record, nor anyone else's companionship.
    assert vol.get(reverse("bridging:citizen", args=[citizen.pk])).status_code == 403
    other = Companionship.objects.create(journey=services_make_other(people, citizen), profile=companion)
    other.profile = VolunteerProfile.objects.create(partnership=citizen.partnership, first_name="Anden")
    other.save()
    assert vol.get(reverse("bridging:accompany_detail", args=[other.pk])).status_code == 404

    # Withdrawal stops sharing at once.
    services.withdraw_consent(Who(people["bb"]), citizen)
    assert vol.get(reverse("bridging:accompany_detail", args=[companionship.pk])).status_code == 404
    assert "Rosa" not in vol.get(reverse("bridging:accompany")).content.decode()


def services_make_other(people, citizen):
    from brobyg.bridging.models import Citizen, Journey

    other = Citizen.objects.create(partnership=citizen.partnership, first_name="Anders")
    return Journey.objects.create(partnership=citizen.partnership, citizen=other)


def test_companion_of_another_partnership_and_without_consent(client_for, people, make_user, partnership_b,
                                                             make_citizen, activities, companion):
    citizen = make_citizen("Sofus", share_with_companion=False)
    journey = citizen.current_journey()
    companionship = bridge.assign_companion(Who(people["bb"]), journey, companion)
    vol = client_for(people["vol"])
    assert vol.get(reverse("bridging:accompany_detail", args=[companionship.pk])).status_code == 404
    assert "Sofus" not in vol.get(reverse("bridging:accompany")).content.decode()
    outsider = make_user(Role.VOLUNTEER, partnership_b, None, username="vol_b")
    assert client_for(outsider).get(reverse("bridging:accompany_detail", args=[companionship.pk])).status_code == 404
    # A volunteer of another partnership cannot be assigned.
    foreign = VolunteerProfile.objects.create(partnership=partnership_b, first_name="Ude", consent_given=True,
                                              status=Status.ACTIVE, wants_companion=True)
    with pytest.raises(services.BridgeError):
        bridge.assign_companion(Who(people["bb"]), journey, foreign)


def test_companion_load_is_counted_and_respected(people, make_citizen, companion):
    from brobyg.volunteers.services import companion_loads

    for name in ("A1", "A2"):
        bridge.assign_companion(Who(people["bb"]), make_citizen(name).current_journey(), companion)
    assert companion_loads([companion.pk]) == {companion.pk: 2}
    with pytest.raises(services.BridgeError):
        bridge.assign_companion(Who(people["bb"]), make_citizen("A3").current_journey(), companion)


def test_association_contact_sees_newcomers_and_records_the_first_visit(client_for, people, citizen, activities,
                                                                         make_user, org_b, partnership_a):
    arrival = _choose(people, citizen, activities[0])
    ac = client_for(people["ac"])
    html = ac.get(reverse("bridging:newcomers")).content.decode()
    assert "Rosa" in html and "Likes a quiet hello" in html
    for secret in ("Testesen", "12345678", "Needs a chair"):
        assert secret not in html
    url = reverse("bridging:newcomer", args=[arrival.pk])
    assert ac.get(url).status_code == 200
    response = ac.post(url, {"kind": "visit", "v-date": "2030-03-05", "v-outcome": "well",
                             "v-note": "Hun blev hilst på af værten"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.recorded_by == people["ac"] and visit.activity == activities[0]
    journey = citizen.current_journey()
    assert journey.stage == Stage.VAERTSSKAB and journey.first_visit.isoformat() == "2030-03-05"
    assert FollowUp.objects.filter(journey=journey).count() == 3
    response = ac.post(url, {"kind": "participation", "p-date": "2030-04-01", "p-still_coming": "on",
                             "p-wants_to_volunteer": "on"})
    assert response.status_code == 302 and journey.participations.get().wants_to_volunteer
    assert AuditEntry.objects.filter(action="newcomer.view", object_id=str(arrival.pk)).exists()

    # A contact of another organisation (even in the same partnership) does not see the newcomer.
    stranger = make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_b, username="ac_other")
    assert client_for(stranger).get(url).status_code == 404
    assert "Rosa" not in client_for(stranger).get(reverse("bridging:newcomers")).content.decode()
    # A volunteer who does not host the activity: the newcomer does not exist for them; an evaluator is refused.
    assert client_for(people["vol"]).get(url).status_code == 404
    assert "Rosa" not in client_for(people["vol"]).get(reverse("bridging:newcomers")).content.decode()
    assert client_for(people["ev"]).get(url).status_code == 403
    # Consent withdrawn: gone at once.
    services.withdraw_consent(Who(people["bb"]), citizen)
    assert ac.get(url).status_code == 404
    assert "Rosa" not in ac.get(reverse("bridging:newcomers")).content.decode()


def test_erasure_removes_proposals_companionships_and_visits(people, citizen, activities, companion):
    arrival = _choose(people, citizen, activities[0])
    bridge.assign_companion(Who(people["bb"]), arrival.journey, companion)
    bridge.record_visit(Who(people["ac"]), arrival, {"outcome": "well", "note": "fint"})
    stat = services.erase(Who(people["bb"]), citizen)
    assert stat.proposals == 1 and stat.chosen_rank == 1 and stat.had_companion
    assert not Proposal.objects.exists() and not Companionship.objects.exists() and not Visit.objects.exists()
    assert not Arrival.objects.exists()


def test_export_holds_the_bridge(people, citizen, activities):
    _choose(people, citizen, activities[0])
    data = services.export(citizen)
    assert data["journeys"][0]["proposals"][0]["activity_id"] == activities[0].pk


def test_api_matches_and_journeys_are_scoped(client_for, people, citizen, activities, partnership_a):
    bb = client_for(people["bb"])
    data = bb.get(f"/api/v1/bridging/citizens/{citizen.pk}/matches").json()
    assert [m["title"] for m in data][:1] == ["Gåtur og kaffe"]
    assert sum(c["points"] for c in data[0]["components"]) == data[0]["score"] and data[0]["reasons"]
    assert client_for(people["bb_b"]).get(f"/api/v1/bridging/citizens/{citizen.pk}/matches").status_code == 404
    assert client_for(people["vol"]).get(f"/api/v1/bridging/citizens/{citizen.pk}/matches").status_code == 403
    page = bb.get(f"/api/v1/bridging/journeys?partnership_id={partnership_a.pk}").json()
    assert page["count"] == 1 and page["results"][0]["first_name"] == "Rosa"
    assert client_for(people["bb_b"]).get(
        f"/api/v1/bridging/journeys?partnership_id={partnership_a.pk}").status_code == 404
    assert client_for(people["ac"]).get(
        f"/api/v1/bridging/journeys?partnership_id={partnership_a.pk}").status_code == 403
    _choose(people, citizen, activities[0])
    journey = citizen.current_journey()
    rows = bb.get(f"/api/v1/bridging/journeys/{journey.pk}/proposals").json()
    assert rows[0]["status"] == "chosen" and rows[0]["rank"] == 1
    assert client_for(people["bb_b"]).get(f"/api/v1/bridging/journeys/{journey.pk}/proposals").status_code == 404


def test_a_companion_needs_the_onboarding_and_a_childs_companion_a_valid_boernattest(people, make_citizen, companion,
                                                                                      partnership_a):
    """Issue 5: nobody is given a citizen before the partnership's onboarding is done; for a child also a valid
    child-protection record. The refusal says what is missing."""
    import datetime

    from brobyg.volunteers.models import OnboardingItem, OnboardingRecord
    from brobyg.volunteers.services import ensure_checklist

    checklist = ensure_checklist(partnership_a)
    adult = make_citizen("Voksen").current_journey()
    with pytest.raises(services.BridgeError) as refused:
        bridge.assign_companion(Who(people["bb"]), adult, companion)
    required = [i for i in checklist if i.required_for_all]
    assert required and all(i.name in str(refused.value) for i in required)
    assert not Companionship.objects.exists()
    for item in required:
        OnboardingRecord.objects.create(profile=companion, item=item, completed_on=datetime.date.today())
    assert bridge.assign_companion(Who(people["bb"]), adult, companion).pk
    child = make_citizen("Barn")
    child.birth_year = datetime.date.today().year - 12
    child.save()
    with pytest.raises(services.BridgeError) as refused:
        bridge.assign_companion(Who(people["bb"]), child.current_journey(), companion)
    record_item = next(i for i in checklist if i.kind == OnboardingItem.ItemKind.CHILD_RECORD)
    assert record_item.name in str(refused.value)


def test_matching_quality_on_the_suggestions_page_suppresses_small_counts(client_for, people, citizen, activities):
    """The partnership-wide figures beside a citizen's suggestions are an aggregate: 1–4 are shown as 'skjult'."""
    _choose(people, citizen, activities[0])
    response = client_for(people["bb"]).get(reverse("bridging:citizen_matches", args=[citizen.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "skjult" in body


def test_the_host_is_told_a_newcomer_is_coming_and_records_the_first_visit(client_for, people, citizen, activities,
                                                                          companion, mailoutbox, settings):
    """000 §7.3 (værtsskab): the activity's host volunteer is told a newcomer is coming and what helps them feel
    welcome — on their own page, in the newcomers list and by e-mail — and records how the first visit went. Only
    consented fields, only for the activity they host, and nothing once the hosting or the consent ends."""
    from brobyg.volunteers import services as volunteer_services

    people["vol"].email = "vaert@example.org"
    people["vol"].save()
    host = volunteer_services.assign_host(companion, activities[0], check=False)
    with_schedule = activities[0]
    from brobyg.directory.models import Schedule

    Schedule.objects.create(activity=with_schedule, frequency="weekly", weekday=1, start_time="10:00",
                            end_time="12:00")
    arrival = _choose(people, citizen, activities[0])
    # The e-mail (through the outbox) goes to the host too, without anything about the person.
    from django.core.management import call_command

    call_command("send-mail", stdout=open("/dev/null", "w"))
    mailed = {m.to[0] for m in mailoutbox}
    assert "vaert@example.org" in mailed
    # A host taking a break is not e-mailed.
    companion.status = Status.RESTING
    companion.save()
    assert people["vol"] not in bridge.arrival_recipients(arrival)
    companion.status = Status.ACTIVE
    companion.save()
    assert people["vol"] in bridge.arrival_recipients(arrival)
    assert all("Rosa" not in m.body and "quiet hello" not in m.body for m in mailoutbox)

    vol = client_for(people["vol"])
    me = vol.get(reverse("volunteers:me")).content.decode()
    assert "Rosa" in me and "Likes a quiet hello" in me
    assert reverse("bridging:newcomer", args=[arrival.pk]) in me
    for secret in ("Testesen", "12345678", "Needs a chair"):
        assert secret not in me
    assert AuditEntry.objects.filter(action="volunteer.self.citizens", actor=people["vol"]).exists()
    # The hosted activity's dates are on the volunteer's page and in the calendar file.
    coming_up = me.split('id="dates-', 1)[1].split("</section>", 1)[0]
    assert "Gåtur og kaffe" in coming_up and "10:00" in coming_up
    ics = vol.get(reverse("volunteers:me_calendar")).content.decode()
    assert f"host-{host.pk}-" in ics and "Gåtur og kaffe" in ics

    listing = vol.get(reverse("bridging:newcomers")).content.decode()
    assert "Rosa" in listing and "Likes a quiet hello" in listing and "Testesen" not in listing
    url = reverse("bridging:newcomer", args=[arrival.pk])
    assert vol.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="newcomer.view", object_id=str(arrival.pk),
                                     actor=people["vol"]).exists()
    response = vol.post(url, {"kind": "visit", "v-date": "2030-03-05", "v-outcome": "well",
                              "v-note": "Fik en kop kaffe ved døren"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.recorded_by == people["vol"] and visit.activity == activities[0]
    assert citizen.current_journey().stage == Stage.VAERTSSKAB

    # Hosting ended: the newcomer is gone from the volunteer's view at once.
    volunteer_services.end_host(host)
    assert vol.get(url).status_code == 404
    assert "Rosa" not in vol.get(reverse("bridging:newcomers")).content.decode()
    assert "Rosa" not in vol.get(reverse("volunteers:me")).content.decode()
    # Hosting again, but consent to share with association and host withdrawn: nothing either.
    volunteer_services.assign_host(companion, activities[0], check=False)
    assert vol.get(url).status_code == 200
    services.withdraw_consent(Who(people["bb"]), citizen)
    assert vol.get(url).status_code == 404
    assert "Rosa" not in vol.get(reverse("volunteers:me")).content.decode()


def test_a_host_of_another_activity_is_not_told(client_for, people, citizen, activities, companion):
    from brobyg.volunteers import services as volunteer_services

    volunteer_services.assign_host(companion, activities[1], check=False)  # hosts the choir, not the walk
    arrival = _choose(people, citizen, activities[0])
    vol = client_for(people["vol"])
    assert vol.get(reverse("bridging:newcomer", args=[arrival.pk])).status_code == 404
    assert "Rosa" not in vol.get(reverse("bridging:newcomers")).content.decode()
    assert "Rosa" not in vol.get(reverse("volunteers:me")).content.decode()
    assert vol.post(reverse("bridging:newcomer", args=[arrival.pk]), {
        "kind": "visit", "v-date": "2030-03-05", "v-outcome": "well"}).status_code == 404
    assert not Visit.objects.exists()


def test_stopped_coming_or_wanting_a_change_reaches_the_bridge_builder_as_a_follow_up(client_for, people, citizen,
                                                                                     activities):
    """000 §7.4: the association contact's light record that the citizen has stopped coming or would like a change
    becomes a follow-up due today for the citizen's bridge-builder — once while open — and nothing else changes
    (no stage move: stepping back carries no penalty, 002)."""
    arrival = _choose(people, citizen, activities[0])
    journey = citizen.current_journey()
    stage = journey.stage
    url = reverse("bridging:newcomer", args=[arrival.pk])
    ac = client_for(people["ac"])
    # Still coming and happy: no follow-up.
    ac.post(url, {"kind": "participation", "p-date": "2030-04-01", "p-still_coming": "on"})
    assert not FollowUp.objects.exists()
    # Stopped coming and would like a change: two follow-ups for the bridge-builder, due today.
    response = ac.post(url, {"kind": "participation", "p-date": "2030-04-08", "p-wants_change": "on"})
    assert response.status_code == 302
    due = FollowUp.objects.filter(journey=journey, done_at__isnull=True)
    assert due.count() == 2 and {f.assigned_to for f in due} == {people["bb"]}
    from django.utils import timezone

    assert {f.due for f in due} == {timezone.localdate()}
    html = client_for(people["bb"]).get(reverse("bridging:follow_ups")).content.decode()
    assert all(f.label in html for f in due)
    assert {f.label for f in due} == {str(x) for x in bridge.participation_signals().values()}
    # Recorded again: no duplicates while they are open. The stage is untouched.
    ac.post(url, {"kind": "participation", "p-date": "2030-04-15", "p-wants_change": "on"})
    assert FollowUp.objects.filter(journey=journey).count() == 2
    journey.refresh_from_db()
    assert journey.stage == stage
    # The bridge-builder's own record needs no reminder to themselves.
    FollowUp.objects.all().delete()
    client_for(people["bb"]).post(reverse("bridging:participation_new", args=[citizen.pk]),
                                  {"date": "2030-04-20", "wants_change": "on"})
    assert journey.participations.count() == 4 and not FollowUp.objects.exists()


def test_the_companions_own_visit_note_reaches_the_journey_and_goes_with_erasure(client_for, people, citizen,
                                                                                activities, companion):
    """000 §7.2: the companion logs on their own page that they went along; the bridge-builder sees it on the
    citizen's page and in the export. Erasure keeps only that the companion's visit happened on a date."""
    from brobyg.volunteers.models import VisitLog

    from django.utils import timezone

    today = timezone.localdate().isoformat()
    arrival = _choose(people, citizen, activities[0])
    companionship = bridge.assign_companion(Who(people["bb"]), arrival.journey, companion)
    vol = client_for(people["vol"])
    me = vol.get(reverse("volunteers:me")).content.decode()
    assert f'value="companion:{companionship.pk}"' in me
    response = vol.post(reverse("volunteers:me_visit"), {"profile": companion.pk, "ref": f"companion:{companionship.pk}",
                                                        "date": today, "note": "Rosa og jeg gik sammen"})
    assert response.status_code == 302 and VisitLog.objects.count() == 1
    page = client_for(people["bb"]).get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert "Rosa og jeg gik sammen" in page and 'class="companion-visits"' in page
    assert services.export(citizen)["journeys"][0]["companion_visits"] == [
        {"date": today, "note": "Rosa og jeg gik sammen"}]

    services.erase(Who(people["bb"]), citizen)
    log = VisitLog.objects.get()
    assert log.profile == companion and log.date.isoformat() == today
    assert log.note == "" and log.ref == "companion"
    assert "Rosa" not in vol.get(reverse("volunteers:me")).content.decode()
