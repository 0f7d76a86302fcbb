"""The partnership workspace over HTTP: actors and who is missing, phases, meetings and open actions, the versioned
collaboration agreement with its PDF, self-ratings with change between rounds — and the refusals."""
from datetime import date

import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.partnerships import services
from brobyg.partnerships.models import (AgreementVersion, ContactPerson, FollowUpAction, Meeting, Organisation,
                                        PartnershipOrganisation, PhaseItem, RatingRound, Role, Sector)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fac(client_for, facilitator_a):
    return client_for(facilitator_a)


@pytest.fixture
def volunteer_a(make_user, partnership_a, org_a):
    return make_user(Role.VOLUNTEER, partnership_a, org_a, username="vol_a")


@pytest.fixture
def actor_a(partnership_a, org_a):
    return PartnershipOrganisation.objects.get(partnership=partnership_a, organisation=org_a)


@pytest.fixture
def meeting_a(partnership_a):
    return Meeting.objects.create(partnership=partnership_a, title="Styregruppe", date=date(2024, 3, 1))


def _actions(action):
    return list(AuditEntry.objects.filter(action=action).values_list("object_type", "object_id"))


# --- actors ----------------------------------------------------------------------------------------------------------

def test_facilitator_adds_actor_and_contact(fac, partnership_a):
    response = fac.post(reverse("partnerships:actor_new"), {
        "organisation_name": "Sankt Lukas Kirke", "sector": Sector.FAITH, "actor_role": "working_group",
        "partner_type": "", "joined": "2024-02-01", "contribution": "Lokaler", "notes": ""})
    assert response.status_code == 302
    actor = PartnershipOrganisation.objects.get(partnership=partnership_a, organisation__name="Sankt Lukas Kirke")
    assert actor.actor_role == "working_group" and actor.effective_type() == "church"
    assert _actions("partnership.actor.create") == [("partnerships.partnershiporganisation", str(actor.pk))]
    response = fac.post(reverse("partnerships:contact_new", args=[actor.pk]), {
        "name": "Karen Præst", "title": "Sognepræst", "email": "karen@example.org", "phone": "", "is_ally": "on",
        "notes": ""})
    assert response.status_code == 302
    contact = ContactPerson.objects.get(actor=actor)
    assert contact.is_ally
    entry = AuditEntry.objects.get(action="partnership.contact.create")
    assert "Karen" not in entry.detail and entry.partnership_id == partnership_a.pk
    page = fac.get(reverse("partnerships:actors")).content.decode()
    assert "Karen Præst" in page and "Sankt Lukas Kirke" in page


def test_same_organisation_twice_is_refused(fac, org_a):
    response = fac.post(reverse("partnerships:actor_new"), {
        "organisation_name": org_a.name.upper(), "sector": Sector.ASSOCIATION, "actor_role": "member"})
    assert response.status_code == 200
    assert "allerede" in response.content.decode() or "already" in response.content.decode()


def test_sector_mix_and_who_is_missing(partnership_a, actor_a):
    org = Organisation.objects.create(name="Skolen", sector=Sector.EDUCATION)
    PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=org)
    acts = list(services.actors(partnership_a))
    bars = {b.key: b for b in services.sector_mix(acts)}
    assert bars["association"].count == 1 and bars["education"].count == 1 and bars["health"].count == 0
    assert bars["association"].width == 300
    missing = [k for k, _label in services.missing_partner_types(acts)]
    assert "school" not in missing and "association" not in missing
    assert {"daycare", "church", "housing", "health_centre", "nursing_home", "municipality"} <= set(missing)
    assert len(missing) == 8


def test_actor_page_shows_mix_and_missing(fac):
    page = fac.get(reverse("partnerships:actors")).content.decode()
    assert "<svg" in page and 'id="missing"' in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_remove_needs_confirmation(fac, actor_a):
    assert fac.post(reverse("partnerships:actor_remove", args=[actor_a.pk])).status_code == 302
    assert PartnershipOrganisation.objects.filter(pk=actor_a.pk).exists()
    fac.post(reverse("partnerships:actor_remove", args=[actor_a.pk]), {"confirm": "yes"})
    assert not PartnershipOrganisation.objects.filter(pk=actor_a.pk).exists()
    assert _actions("partnership.actor.remove")


def test_members_read_but_do_not_edit(client_for, volunteer_a, actor_a):
    c = client_for(volunteer_a)
    assert c.get(reverse("partnerships:actors")).status_code == 200
    assert c.get(reverse("partnerships:actor_new")).status_code == 403
    assert c.get(reverse("partnerships:actor_edit", args=[actor_a.pk])).status_code == 403
    assert c.post(reverse("partnerships:actor_remove", args=[actor_a.pk]), {"confirm": "yes"}).status_code == 403
    assert PartnershipOrganisation.objects.filter(pk=actor_a.pk).exists()
    assert reverse("partnerships:actor_new") not in c.get(reverse("partnerships:actors")).content.decode()


def test_other_partnership_gets_404(client_for, facilitator_b, actor_a, meeting_a, partnership_a):
    c = client_for(facilitator_b)
    contact = ContactPerson.objects.create(actor=actor_a, name="Hemmelig Person")
    version = AgreementVersion.objects.create(partnership=partnership_a, number=1, purpose="x")
    rnd = RatingRound.objects.create(partnership=partnership_a, date=date(2024, 1, 1))
    action = FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting_a, text="Ring")
    services.ensure_phase_items(partnership_a)
    item = PhaseItem.objects.filter(partnership=partnership_a).first()
    for name, pk in [("actor_edit", actor_a.pk), ("contact_new", actor_a.pk), ("contact_edit", contact.pk),
                     ("meeting", meeting_a.pk), ("meeting_edit", meeting_a.pk), ("agreement_version", version.pk),
                     ("agreement_pdf", version.pk), ("rating", rnd.pk), ("phase_item_edit", item.pk)]:
        assert c.get(reverse(f"partnerships:{name}", args=[pk])).status_code == 404, name
    for name, pk in [("actor_remove", actor_a.pk), ("contact_delete", contact.pk), ("action_done", action.pk),
                     ("action_new", meeting_a.pk)]:
        assert c.post(reverse(f"partnerships:{name}", args=[pk]), {"confirm": "yes", "text": "x"}).status_code == 404
    action.refresh_from_db()
    assert not action.done and ContactPerson.objects.filter(pk=contact.pk).exists()
    assert "Hemmelig Person" not in c.get(reverse("partnerships:actors")).content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("partnerships:workspace"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


# --- phases ----------------------------------------------------------------------------------------------------------

def test_phase_checklist_from_advice(fac, partnership_a, facilitator_a):
    page = fac.get(reverse("partnerships:phases")).content.decode()
    assert PhaseItem.objects.filter(partnership=partnership_a).count() == len(services.PHASE_ADVICE)
    assert "/kilder/?ref=000+%C2%A76.3.2" in page and "/kilder/?ref=000+%C2%A76.1.1" in page
    fac.get(reverse("partnerships:phases"))  # idempotent
    assert PhaseItem.objects.filter(partnership=partnership_a).count() == len(services.PHASE_ADVICE)
    item = PhaseItem.objects.get(partnership=partnership_a, key="bs_ally")
    response = fac.post(reverse("partnerships:phase_item_edit", args=[item.pk]), {
        "status": "done", "owner": facilitator_a.pk, "date": "2024-01-15", "notes": "Fundet"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.owner == facilitator_a and item.title  # advice text kept
    overview = services.phase_overview(partnership_a)
    before = overview[0]
    assert before["done"] == 1 and before["percent"] == round(100 / before["total"])
    assert services.current_phase(overview)["phase"] == "before_start"
    assert _actions("partnership.phase_item.update")


def test_owner_must_be_a_member(fac, partnership_a, facilitator_b):
    services.ensure_phase_items(partnership_a)
    item = PhaseItem.objects.filter(partnership=partnership_a).first()
    response = fac.post(reverse("partnerships:phase_item_edit", args=[item.pk]), {
        "status": "done", "owner": facilitator_b.pk})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.owner is None


def test_own_item_and_not_relevant(fac, partnership_a):
    fac.post(reverse("partnerships:phase_item_new"), {"title": "Besøg hinanden", "phase": "running",
                                                     "status": "todo"})
    own = PhaseItem.objects.get(partnership=partnership_a, title="Besøg hinanden")
    assert own.key == ""
    services.ensure_phase_items(partnership_a)
    PhaseItem.objects.filter(partnership=partnership_a, phase="anchoring").update(status="not_relevant")
    anchoring = services.phase_overview(partnership_a)[-1]
    assert anchoring["total"] == 0 and anchoring["percent"] == 0


# --- meetings and actions ------------------------------------------------------------------------------------------

def test_meeting_with_actions_and_home_card(fac, partnership_a, actor_a, facilitator_a):
    response = fac.post(reverse("partnerships:meeting_new"), {
        "title": "Styregruppemøde maj", "date": "2024-05-02", "form": "online", "place": "Teams",
        "organisations": [actor_a.pk], "attendees": "A\nB", "decisions": "Vi mødes fysisk næste gang", "notes": ""})
    meeting = Meeting.objects.get(title="Styregruppemøde maj")
    assert response.status_code == 302 and list(meeting.organisations.all()) == [actor_a]
    fac.post(reverse("partnerships:action_new", args=[meeting.pk]), {
        "text": "Book lokale", "owner": facilitator_a.pk, "owner_actor": actor_a.pk, "due": "2024-05-20"})
    action = FollowUpAction.objects.get(text="Book lokale")
    assert action.partnership == partnership_a and not action.done
    home = fac.get(reverse("core:home")).content.decode()
    assert "Book lokale" in home
    assert "Book lokale" in fac.get(reverse("partnerships:meetings")).content.decode()
    fac.post(reverse("partnerships:action_done", args=[action.pk]), {"done": "1"})
    action.refresh_from_db()
    assert action.done and action.done_on
    assert "Book lokale" not in fac.get(reverse("core:home")).content.decode()
    assert {"partnership.meeting.create", "partnership.action.create", "partnership.action.done"} <= set(
        AuditEntry.objects.values_list("action", flat=True))


def test_home_card_only_own_partnership(client_for, facilitator_b, meeting_a, partnership_a):
    FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting_a, text="Hemmelig opgave")
    assert "Hemmelig opgave" not in client_for(facilitator_b).get(reverse("core:home")).content.decode()


def test_invalid_action_is_not_stored(fac, meeting_a):
    assert fac.post(reverse("partnerships:action_new", args=[meeting_a.pk]), {"text": ""}).status_code == 302
    assert not FollowUpAction.objects.exists()


def test_action_redirect_is_not_open(fac, meeting_a):
    action = FollowUpAction.objects.create(partnership=meeting_a.partnership, meeting=meeting_a, text="x")
    response = fac.post(reverse("partnerships:action_done", args=[action.pk]), {"next": "https://evil.example"})
    assert "evil" not in response["Location"]


# --- agreement -------------------------------------------------------------------------------------------------------

def _agreement_post(actor, purpose, **extra):
    data = {"purpose": purpose, "values": "Ligeværd", "resources": "Lokaler", "meeting_rhythm": "Hver måned",
            "starts": "2024-01-01", "ends": "2025-12-31", "signed_off_by": "", "signed_off_on": "",
            "change_note": "", "tasks-TOTAL_FORMS": "3", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0",
            "tasks-MAX_NUM_FORMS": "60", "tasks-0-actor": actor.pk, "tasks-0-area": "recruitment",
            "tasks-0-description": "Henviser borgere", "tasks-1-actor": "", "tasks-1-area": "management",
            "tasks-1-description": "", "tasks-2-actor": "", "tasks-2-area": "other", "tasks-2-description": ""}
    data.update(extra)
    return data


def test_agreement_versions_and_pdf(fac, partnership_a, actor_a):
    assert fac.post(reverse("partnerships:agreement_edit"), _agreement_post(actor_a, "Første formål")).status_code \
        == 302
    assert fac.post(reverse("partnerships:agreement_edit"), _agreement_post(
        actor_a, "Nyt formål", change_note="Ny leder", signed_off_on="2024-02-01")).status_code == 302
    v1, v2 = AgreementVersion.objects.filter(partnership=partnership_a).order_by("number")
    assert (v1.number, v2.number) == (1, 2) and v1.purpose == "Første formål" and v2.purpose == "Nyt formål"
    assert v1.tasks.count() == 1 and v2.tasks.get().party_name == actor_a.organisation.name
    current = fac.get(reverse("partnerships:agreement")).content.decode()
    assert "Nyt formål" in current and "Henviser borgere" in current
    old = fac.get(reverse("partnerships:agreement_version", args=[v1.pk])).content.decode()
    assert "Første formål" in old
    # The edit form starts from the latest version.
    assert "Nyt formål" in fac.get(reverse("partnerships:agreement_edit")).content.decode()
    pdf = fac.get(reverse("partnerships:agreement_pdf", args=[v2.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert len(_actions("partnership.agreement.save")) == 2


def test_agreement_rejects_end_before_start(fac, actor_a):
    response = fac.post(reverse("partnerships:agreement_edit"), _agreement_post(actor_a, "x", ends="2023-01-01"))
    assert response.status_code == 200 and not AgreementVersion.objects.exists()


def test_agreement_party_from_other_partnership_refused(fac, partnership_b):
    other = PartnershipOrganisation.objects.get(partnership=partnership_b)
    response = fac.post(reverse("partnerships:agreement_edit"), _agreement_post(other, "x"))
    assert response.status_code == 200 and not AgreementVersion.objects.exists()


# --- self-ratings --------------------------------------------------------------------------------------------------

def _rating_post(day, scores):
    data = {"date": day, "title": "", "note": ""}
    for key, score in zip(services.CONDITION_KEYS, scores):
        data[f"score_{key}"] = "" if score is None else str(score)
    return data


def test_ratings_over_time_with_change(fac, partnership_a):
    fac.post(reverse("partnerships:rating_new"), _rating_post("2024-01-10", [2, 2, 3, 1, 4, 1, 1, 2, None, 3]))
    response = fac.post(reverse("partnerships:rating_new"),
                        _rating_post("2024-07-10", [3, 2, 2, 1, 4, 2, 1, 2, 4, None]))
    assert response.status_code == 302
    history = services.rating_history(partnership_a)
    changes = {row["key"]: row["change"] for row in history["rows"]}
    assert changes["common_agenda"] == 1 and changes["continuous_communication"] == -1
    assert changes["shared_measurement"] == 0 and changes["anchor_evidence"] is None
    assert changes["anchor_volunteers"] is None
    page = fac.get(reverse("partnerships:ratings")).content.decode()
    assert "▲ +1" in page and "▼ -1" in page
    latest = RatingRound.objects.filter(partnership=partnership_a).order_by("-date").first()
    detail = fac.get(reverse("partnerships:rating", args=[latest.pk])).content.decode()
    assert "▲ +1" in detail
    assert len(_actions("partnership.rating.create")) == 2


def test_rating_score_out_of_range(fac):
    data = _rating_post("2024-01-10", [9] + [None] * 9)
    assert fac.post(reverse("partnerships:rating_new"), data).status_code == 200
    assert not RatingRound.objects.exists()


def test_workspace_overview(fac, partnership_a):
    page = fac.get(reverse("partnerships:workspace")).content.decode()
    assert partnership_a.name in page and "<progress" in page


def test_demo_is_idempotent():
    from django.core.management import call_command

    from brobyg.partnerships.models import ContactPerson as C, Partnership

    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    p = Partnership.objects.get(project_name="Mennesker er også medicin")
    counts = lambda: (C.objects.filter(actor__partnership=p).count(), p.meetings.count(),  # noqa: E731
                      p.follow_up_actions.count(), p.agreement_versions.count(), p.rating_rounds.count(),
                      p.phase_items.count(), p.actors.count())
    first = counts()
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    assert counts() == first
    assert first[3] == 2 and first[4] == 2 and first[0] >= 8
