"""Ideas, causes, stories, logbook and self-assessment through the public surface, with the refusals."""
import io
import json

import pytest
from django.urls import reverse
from PIL import Image

from brobyg.audit.models import AuditEntry
from brobyg.core.publicforms import stamp
from brobyg.initiatives import services
from brobyg.initiatives.models import (AssessmentRound, Cause, CauseMeeting, Idea, IdeaStatus, LogEntry, PlanLink,
                                       Story)
from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_forms(settings, tmp_path):
    settings.BROBYG_IDEA_MIN_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def idea_a(partnership_a):
    return Idea.objects.create(partnership=partnership_a, title="Gåtur", description="En rolig tur",
                               initiator_name="Birgitte", initiator_contact="12345678", contact_consent=True)


def _stamp(seconds_ago=10):
    return stamp("idea", seconds_ago)


def _public_data(partnership, **extra):
    data = {"partnership": partnership.pk, "title": "Reparationsaften", "description": "Cykler og lamper",
            "initiator_name": "Henrik", "initiator_contact": "henrik@example.org", "contact_consent": "on",
            "needs_premises": "on", "started": _stamp(), "website": ""}
    data.update(extra)
    return data


# --- the public form -----------------------------------------------------------------------------------------------

def test_public_idea_form_creates_a_new_idea(client, partnership_a):
    response = client.post(reverse("initiatives:idea_public"), _public_data(partnership_a))
    assert response.status_code == 302 and response["Location"] == reverse("initiatives:idea_thanks")
    idea = Idea.objects.get()
    assert idea.status == IdeaStatus.NEW and idea.source == Idea.Source.PUBLIC and idea.needs_premises
    assert AuditEntry.objects.filter(action="idea.submit", object_id=str(idea.pk)).exists()


def test_public_form_needs_consent_and_says_what_is_wrong(client, partnership_a):
    data = _public_data(partnership_a)
    del data["contact_consent"]
    response = client.post(reverse("initiatives:idea_public"), data)
    assert response.status_code == 200
    assert "We need your consent" in response.content.decode() or "samtykke" in response.content.decode()
    assert not Idea.objects.exists()


def test_honeypot_pretends_success_and_stores_nothing(client, partnership_a):
    response = client.post(reverse("initiatives:idea_public"), _public_data(partnership_a, website="http://spam"))
    assert response.status_code == 302
    assert not Idea.objects.exists()


def test_too_fast_and_forged_stamps_are_refused(client, partnership_a, settings):
    settings.BROBYG_IDEA_MIN_SECONDS = 3
    client.post(reverse("initiatives:idea_public"), _public_data(partnership_a, started=_stamp(0)))
    client.post(reverse("initiatives:idea_public"), _public_data(partnership_a, started="123:forged"))
    assert not Idea.objects.exists()


def test_links_are_refused(client, partnership_a):
    text = "http://a.example http://b.example http://c.example"
    client.post(reverse("initiatives:idea_public"), _public_data(partnership_a, description=text))
    assert not Idea.objects.exists()


def test_rate_limit_per_client(client, partnership_a, settings):
    settings.BROBYG_IDEA_RATE_LIMIT = 2
    for _ in range(4):
        client.post(reverse("initiatives:idea_public"), _public_data(partnership_a))
    assert Idea.objects.count() == 2


def test_public_form_is_reachable_without_login(client):
    response = client.get(reverse("initiatives:idea_public"))
    assert response.status_code == 200 and 'name="website"' in response.content.decode()


# --- the queue, dialogue and status ------------------------------------------------------------------------------

def test_queue_and_dialogue(client_for, facilitator_a, idea_a):
    c = client_for(facilitator_a)
    assert "Gåtur" in c.get(reverse("initiatives:ideas")).content.decode()
    assert "Gåtur" in c.get(reverse("initiatives:ideas") + "?status=new").content.decode()
    assert "Gåtur" not in c.get(reverse("initiatives:ideas") + "?status=parked").content.decode()
    c.post(reverse("initiatives:idea_note", args=[idea_a.pk]), {"date": "2026-01-05", "text": "Ringede"})
    idea_a.refresh_from_db()
    assert idea_a.status == IdeaStatus.DIALOGUE and idea_a.notes.count() == 1
    assert AuditEntry.objects.filter(action="idea.note").exists()


def test_declining_needs_a_kind_explanation(client_for, facilitator_a, idea_a):
    c = client_for(facilitator_a)
    c.post(reverse("initiatives:idea_status", args=[idea_a.pk]), {"status": "declined", "explanation": ""})
    idea_a.refresh_from_db()
    assert idea_a.status == IdeaStatus.NEW
    c.post(reverse("initiatives:idea_status", args=[idea_a.pk]),
           {"status": "declined", "explanation": "Tak! Vi foreslår beboerhuset i stedet."})
    idea_a.refresh_from_db()
    assert idea_a.status == IdeaStatus.DECLINED and "beboerhuset" in idea_a.explanation
    assert AuditEntry.objects.filter(action="idea.status", detail="declined").exists()


def test_staff_route_with_plan_links_and_consent(client_for, facilitator_a, partnership_a):
    link = PlanLink.objects.create(partnership=partnership_a, kind=PlanLink.Kind.TARGET_GROUP, name="Unge")
    c = client_for(facilitator_a)
    data = {"title": "Café", "description": "Stille café", "initiator_name": "Karim", "initiator_contact": "1234",
            "plan_links": [link.pk], "initiator_expects": "Et lokale", "partnership_expects": "At I selv driver"}
    response = c.post(reverse("initiatives:idea_new"), data)
    assert response.status_code == 200 and not Idea.objects.exists()  # contact without consent refused
    response = c.post(reverse("initiatives:idea_new"), {**data, "contact_consent": "on"})
    idea = Idea.objects.get()
    assert response.status_code == 302 and list(idea.plan_links.all()) == [link]
    assert idea.source == Idea.Source.STAFF and idea.partnership_expects == "At I selv driver"


def test_idea_to_cause_keeps_who_started_it(client_for, facilitator_a, idea_a):
    c = client_for(facilitator_a)
    response = c.post(reverse("initiatives:idea_cause", args=[idea_a.pk]))
    cause = Cause.objects.get()
    assert response.status_code == 302 and cause.started_by == "Birgitte" and cause.idea == idea_a
    idea_a.refresh_from_db()
    assert idea_a.status == IdeaStatus.RUNNING and idea_a.started is not None
    # Meetings in a cause gather 2–30 people.
    c.post(reverse("initiatives:cause", args=[cause.pk]), {"date": "2026-02-01", "participants": 31})
    c.post(reverse("initiatives:cause", args=[cause.pk]), {"date": "2026-02-01", "participants": 1})
    assert not CauseMeeting.objects.exists()
    c.post(reverse("initiatives:cause", args=[cause.pk]), {"date": "2026-02-01", "participants": 12,
                                                           "notes": "Handleplan"})
    assert CauseMeeting.objects.get().participants == 12


# --- refusals ------------------------------------------------------------------------------------------------------

def test_other_partnership_gets_404(client_for, facilitator_b, idea_a):
    c = client_for(facilitator_b)
    for name in ("initiatives:idea", "initiatives:idea_edit"):
        assert c.get(reverse(name, args=[idea_a.pk])).status_code == 404
    assert c.post(reverse("initiatives:idea_status", args=[idea_a.pk]), {"status": "parked"}).status_code == 404
    assert "Gåtur" not in c.get(reverse("initiatives:ideas")).content.decode()
    idea_a.refresh_from_db()
    assert idea_a.status == IdeaStatus.NEW


def test_wrong_role_gets_403(client_for, make_user, partnership_a, idea_a):
    volunteer = make_user(Role.VOLUNTEER, partnership_a)
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    for user in (volunteer, evaluator):
        c = client_for(user)
        assert c.get(reverse("initiatives:idea", args=[idea_a.pk])).status_code == 403
        assert c.get(reverse("initiatives:ideas")).status_code == 403
    assert client_for(evaluator).get(reverse("initiatives:overview")).status_code == 200
    assert client_for(volunteer).get(reverse("initiatives:overview")).status_code == 403


def test_anonymous_is_sent_to_login(client, idea_a):
    for url in (reverse("initiatives:ideas"), reverse("initiatives:idea", args=[idea_a.pk]),
                reverse("initiatives:stories"), reverse("initiatives:assessments")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


# --- stories -------------------------------------------------------------------------------------------------------

def _jpeg(size=(40, 30)):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buf, "JPEG")
    buf.seek(0)
    buf.name = "IMG_Birgitte.jpg"
    return buf


def test_story_with_photo_needs_consent_and_is_served_only_to_staff(client_for, facilitator_a, facilitator_b,
                                                                     make_user, partnership_a):
    c = client_for(facilitator_a)
    data = {"title": "Turleder", "date": "2026-03-01", "text": "Hun leder nu turen", "people": "Birgitte",
            "sharing": "staff"}
    c.post(reverse("initiatives:story_new"), {**data, "photo": _jpeg()})
    assert not Story.objects.exists()  # people and photo without consent
    response = c.post(reverse("initiatives:story_new"),
                      {**data, "people_consent": "on", "photo_consent": "on", "photo": _jpeg()})
    story = Story.objects.get()
    assert response.status_code == 302 and story.photo and "Birgitte" not in story.photo.name
    photo_url = reverse("initiatives:story_photo", args=[story.pk])
    response = c.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client_for(facilitator_b).get(photo_url).status_code == 404
    volunteer = make_user(Role.VOLUNTEER, partnership_a)
    assert client_for(volunteer).get(photo_url).status_code == 403
    assert AuditEntry.objects.filter(action="story.photo.view").exists()


def test_upload_limits(client_for, facilitator_a):
    c = client_for(facilitator_a)
    fake = io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    fake.name = "x.jpg"
    response = c.post(reverse("initiatives:story_new"), {"title": "x", "date": "2026-03-01", "text": "x",
                                                         "sharing": "staff", "photo": fake, "photo_consent": "on"})
    assert response.status_code == 200 and not Story.objects.exists()
    gif = io.BytesIO()
    Image.new("RGB", (5, 5)).save(gif, "GIF")
    gif.seek(0)
    gif.name = "x.gif"
    c.post(reverse("initiatives:story_new"), {"title": "x", "date": "2026-03-01", "text": "x", "sharing": "staff",
                                              "photo": gif, "photo_consent": "on"})
    assert not Story.objects.exists()


def test_sharing_needs_consent_and_search(client_for, facilitator_a):
    c = client_for(facilitator_a)
    c.post(reverse("initiatives:story_new"), {"title": "Kaffen", "date": "2026-03-01", "text": "Han laver kaffe",
                                              "sharing": "reports"})
    assert not Story.objects.exists()
    c.post(reverse("initiatives:story_new"), {"title": "Kaffen", "date": "2026-03-01", "text": "Han laver kaffe",
                                              "sharing": "reports", "share_consent": "on"})
    c.post(reverse("initiatives:story_new"), {"title": "Gåturen", "date": "2026-03-02", "text": "Seks gik med",
                                              "sharing": "staff"})
    body = c.get(reverse("initiatives:stories") + "?q=kaffe").content.decode()
    assert "Kaffen" in body and "Gåturen" not in body


def test_volunteer_sees_only_own_stories(client_for, facilitator_a, make_user, partnership_a):
    volunteer = make_user(Role.VOLUNTEER, partnership_a)
    Story.objects.create(partnership=partnership_a, title="Staff story", text="x", author=facilitator_a)
    Story.objects.create(partnership=partnership_a, title="My story", text="x", author=volunteer)
    body = client_for(volunteer).get(reverse("initiatives:stories")).content.decode()
    assert "My story" in body and "Staff story" not in body


# --- logbook -------------------------------------------------------------------------------------------------------

def test_logbook(client_for, facilitator_a, facilitator_b):
    c = client_for(facilitator_a)
    c.post(reverse("initiatives:logbook"), {"date": "2026-03-01", "activity_name": "Gåtur", "happened": "Regn",
                                            "learned": "Mødested ved indgangen"})
    assert LogEntry.objects.get().author == facilitator_a
    assert "Mødested" in c.get(reverse("initiatives:logbook") + "?about=Gåtur").content.decode()
    assert "Mødested" not in client_for(facilitator_b).get(reverse("initiatives:logbook")).content.decode()


# --- self-assessment -----------------------------------------------------------------------------------------------

@pytest.fixture
def three_partners(partnership_a, org_a, make_user, facilitator_a):
    kommune = Organisation.objects.create(name="Kommunen")
    forening = Organisation.objects.create(name="Foreningen")
    for org in (kommune, forening):
        PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=org)
    return {org_a: facilitator_a, kommune: make_user(Role.REFERRER, partnership_a, kommune),
            forening: make_user(Role.ASSOCIATION_CONTACT, partnership_a, forening)}


def _answers(score, overrides=None):
    from brobyg.initiatives.elements import ELEMENTS

    data = {e.key: str(score) for e in ELEMENTS}
    data.update(overrides or {})
    return data


def test_self_assessment_rounds_agreement_and_change(client_for, facilitator_a, three_partners, make_user,
                                                     partnership_a):
    fac = client_for(facilitator_a)
    fac.post(reverse("initiatives:assessments"), {"title": "Forår"})
    first = AssessmentRound.objects.get()
    for i, (org, user) in enumerate(three_partners.items()):
        r = client_for(user).post(reverse("initiatives:assessment_answer", args=[first.pk]),
                                  _answers(3, {"str_resources": str(1 + 2 * i)}))
        assert r.status_code == 302
    assert first.responses.count() == 3
    summary = services.round_summary(first)
    rows = {row["key"]: row for g in summary["groups"] for row in g["rows"]}
    assert rows["rel_trust"]["agreement"] == "agree" and rows["str_resources"]["agreement"] == "disagree"
    assert rows["str_resources"]["scores"] == [1, 3, 5]

    fac.post(reverse("initiatives:assessments"), {"title": "Efterår"})
    second = AssessmentRound.objects.exclude(pk=first.pk).get()
    for org, user in three_partners.items():
        client_for(user).post(reverse("initiatives:assessment_answer", args=[second.pk]), _answers(4))
    body = fac.get(reverse("initiatives:assessment", args=[second.pk])).content.decode()
    assert "Forår" in body and "+1" in body and "<svg" in body
    rows = {row["key"]: row for g in services.round_summary(second)["groups"] for row in g["rows"]}
    assert rows["rel_trust"]["change"] == 1.0 and rows["str_resources"]["agreement"] == "agree"

    # Each partner answers only for itself, once per round; a partner cannot see the results page.
    referrer = list(three_partners.values())[1]
    client_for(referrer).post(reverse("initiatives:assessment_answer", args=[second.pk]), _answers(2))
    assert second.responses.count() == 3
    assert client_for(referrer).get(reverse("initiatives:assessment", args=[second.pk])).status_code == 403
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    assert client_for(evaluator).get(reverse("initiatives:assessment", args=[second.pk])).status_code == 200
    assert client_for(evaluator).get(reverse("initiatives:assessment_answer", args=[second.pk])).status_code == 403


def test_incomplete_answers_are_refused_and_closed_rounds_take_none(client_for, facilitator_a, partnership_a,
                                                                    facilitator_b):
    rnd = AssessmentRound.objects.create(partnership=partnership_a, title="R")
    c = client_for(facilitator_a)
    response = c.post(reverse("initiatives:assessment_answer", args=[rnd.pk]), {"rel_trust": "4"})
    assert response.status_code == 200 and not rnd.responses.exists()
    c.post(reverse("initiatives:assessment", args=[rnd.pk]), {"closed": "1"})
    c.post(reverse("initiatives:assessment_answer", args=[rnd.pk]), _answers(4))
    assert not rnd.responses.exists()
    assert client_for(facilitator_b).get(reverse("initiatives:assessment", args=[rnd.pk])).status_code == 404


# --- counts and balance --------------------------------------------------------------------------------------------

def test_counts_suppress_small_numbers(partnership_a, settings):
    settings.BROBYG_SMALL_COUNT = 5
    for i in range(6):
        Idea.objects.create(partnership=partnership_a, title=f"I{i}", description="x", initiator_name="x")
    Story.objects.create(partnership=partnership_a, title="S", text="x")
    data = services.counts(partnership_a)
    assert data["totals"]["ideas"] == 6 and data["totals"]["stories"] is None and data["totals"]["causes"] == 0
    assert data["trend"][-1]["ideas"] == 6 and len(data["trend"]) == 4


def test_overview_shows_counts(client_for, facilitator_a, partnership_a):
    for i in range(5):
        Idea.objects.create(partnership=partnership_a, title=f"I{i}", description="x", initiator_name="x")
    Story.objects.create(partnership=partnership_a, title="S", text="x")
    body = client_for(facilitator_a).get(reverse("initiatives:overview")).content.decode()
    assert 'id="trend"' in body and ">5<" in body.replace(" ", "")
    # The one story, hidden in the wording every aggregate uses (core.stats.hidden), not as "< 5".
    assert '">skjult</span>' in body and "&lt; 5" not in body


# --- API -----------------------------------------------------------------------------------------------------------

def test_api_ideas_and_refusals(client_for, facilitator_a, facilitator_b, make_user, partnership_a, idea_a, client):
    c = client_for(facilitator_a)
    assert [i["title"] for i in c.get("/api/v1/initiatives/ideas").json()] == ["Gåtur"]
    assert c.get(f"/api/v1/initiatives/ideas/{idea_a.pk}").json()["initiator_name"] == "Birgitte"
    r = c.post("/api/v1/initiatives/ideas", json.dumps({"partnership_id": partnership_a.pk, "title": "T",
                                                        "description": "D", "initiator_name": "N"}),
               content_type="application/json")
    assert r.status_code == 200 and r.json()["source"] == "staff"
    r = c.post(f"/api/v1/initiatives/ideas/{idea_a.pk}/status", json.dumps({"status": "declined"}),
               content_type="application/json")
    assert r.status_code == 400
    r = c.post(f"/api/v1/initiatives/ideas/{idea_a.pk}/status",
               json.dumps({"status": "declined", "explanation": "Tak, men nej"}), content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "declined"
    other = client_for(facilitator_b)
    assert other.get(f"/api/v1/initiatives/ideas/{idea_a.pk}").status_code == 404
    assert other.get("/api/v1/initiatives/ideas").json() == []
    assert other.post("/api/v1/initiatives/ideas", json.dumps({"partnership_id": partnership_a.pk, "title": "T",
                                                               "description": "D", "initiator_name": "N"}),
                      content_type="application/json").status_code == 404
    volunteer = client_for(make_user(Role.VOLUNTEER, partnership_a))
    assert volunteer.get(f"/api/v1/initiatives/ideas/{idea_a.pk}").status_code == 403
    assert volunteer.get("/api/v1/initiatives/ideas").status_code == 403
    assert client.get("/api/v1/initiatives/ideas").status_code == 401


def test_api_stories(client_for, facilitator_a, facilitator_b, make_user, partnership_a):
    c = client_for(facilitator_a)
    r = c.post("/api/v1/initiatives/stories", json.dumps({"partnership_id": partnership_a.pk, "title": "Kaffen",
                                                          "text": "Han laver kaffe", "people": "Ole"}),
               content_type="application/json")
    assert r.status_code == 400  # named person without consent
    r = c.post("/api/v1/initiatives/stories", json.dumps({"partnership_id": partnership_a.pk, "title": "Kaffen",
                                                          "text": "Han laver kaffe"}),
               content_type="application/json")
    sid = r.json()["id"]
    assert [s["title"] for s in c.get("/api/v1/initiatives/stories?q=kaffe").json()] == ["Kaffen"]
    assert client_for(facilitator_b).get(f"/api/v1/initiatives/stories/{sid}").status_code == 404
    volunteer = client_for(make_user(Role.VOLUNTEER, partnership_a))
    assert volunteer.get(f"/api/v1/initiatives/stories/{sid}").status_code == 403
    assert volunteer.get("/api/v1/initiatives/stories").json() == []


def test_demo_is_idempotent():
    from django.core.management import call_command

    call_command("demo", quiet_logins=True, stdout=io.StringIO())
    counts = (Idea.objects.count(), Story.objects.count(), AssessmentRound.objects.count())
    call_command("demo", quiet_logins=True, stdout=io.StringIO())
    assert (Idea.objects.count(), Story.objects.count(), AssessmentRound.objects.count()) == counts
    assert counts[0] >= 5 and counts[2] == 2


# --- erasure, retention and withdrawn consent ---------------------------------------------------------------------

def test_facilitator_erases_initiator_data(client_for, facilitator_a, make_user, partnership_a, idea_a):
    idea_a.notes.create(text="Ringede til Birgitte")
    referrer = make_user(Role.REFERRER, partnership_a)
    assert client_for(referrer).post(reverse("initiatives:idea_erase", args=[idea_a.pk])).status_code == 403
    client_for(facilitator_a).post(reverse("initiatives:idea_erase", args=[idea_a.pk]))
    idea_a.refresh_from_db()
    assert idea_a.initiator_name == services.ERASED and idea_a.initiator_contact == "" and not idea_a.contact_consent
    assert "Birgitte" not in idea_a.notes.get().text
    assert AuditEntry.objects.filter(action="idea.erase", detail="on request").exists()


def test_retention_erases_long_closed_ideas_only(partnership_a, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    old = timezone.now() - timedelta(days=500)
    closed = Idea.objects.create(partnership=partnership_a, title="Gammel", description="x", initiator_name="Ole",
                                 status=IdeaStatus.DECLINED, status_changed=old, explanation="Tak")
    running = Idea.objects.create(partnership=partnership_a, title="Kører", description="x", initiator_name="Ida",
                                  status=IdeaStatus.RUNNING, status_changed=old)
    recent = Idea.objects.create(partnership=partnership_a, title="Ny", description="x", initiator_name="Bo",
                                 status=IdeaStatus.PARKED)
    call_command("initiatives-retention", stdout=io.StringIO())
    call_command("initiatives-retention", stdout=io.StringIO())
    names = dict(Idea.objects.values_list("title", "initiator_name"))
    assert names == {"Gammel": services.ERASED, "Kører": "Ida", "Ny": "Bo"}
    assert AuditEntry.objects.filter(action="idea.erase", detail="retention").count() == 1
    del closed, running, recent


def test_withdrawn_consent_removes_photo_and_names(client_for, facilitator_a, partnership_a):
    c = client_for(facilitator_a)
    c.post(reverse("initiatives:story_new"), {"title": "Turleder", "date": "2026-03-01", "text": "x",
                                              "people": "Birgitte", "people_consent": "on", "photo": _jpeg(),
                                              "photo_consent": "on", "sharing": "reports", "share_consent": "on"})
    story = Story.objects.get()
    path = story.photo.path
    c.post(reverse("initiatives:story_withdraw", args=[story.pk]))
    story.refresh_from_db()
    import os

    assert not story.photo and not os.path.exists(path) and story.people == "" and story.sharing == "staff"
    assert c.get(reverse("initiatives:story_photo", args=[story.pk])).status_code == 404


def test_correcting_a_self_assessment_starts_from_the_saved_answers(client_for, three_partners):
    """'Ret vores svar' opened an empty form: a partner had to give all answers again to fix one."""
    from brobyg.initiatives.elements import ELEMENTS

    org, user = list(three_partners.items())[2]
    rnd = AssessmentRound.objects.create(partnership=PartnershipOrganisation.objects.filter(
        organisation=org).first().partnership, title="Forår")
    c = client_for(user)
    url = reverse("initiatives:assessment_answer", args=[rnd.pk])
    assert c.post(url, _answers(3, {"rel_trust": "5", "comment": "Godt samarbejde"})).status_code == 302
    form = c.get(url).context["form"]
    shown = {e.key: form[e.key].value() for e in ELEMENTS}
    assert shown["rel_trust"] == 5 and all(v == 3 for k, v in shown.items() if k != "rel_trust")
    assert form["comment"].value() == "Godt samarbejde"
    assert c.get(url).content.decode().count(" checked") == len(ELEMENTS)  # every statement shows its answer
