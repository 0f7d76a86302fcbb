"""Issue 5 end to end in Chromium: a volunteer signs up on a phone through the public form, confirms the e-mail,
the coordinator onboards her (intro, confidentiality, børneattest) — a task with children is refused until the
børneattest is recorded, with the reason on screen — matches her to a task and as companion (følgeven) through a
companion task, invites her, and she sees her own page on the phone with the calendar export.

Screenshots: set BROBYG_SCREENSHOTS=1; they go to /tmp/shots/volunteers/.
"""
import os
import re

import pytest
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD
from brobyg.partnerships.models import Partnership
from brobyg.volunteers.models import OnboardingRecord, Task, TaskAssignment, VolunteerProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots/volunteers"


def shot(page, name):
    if os.environ.get("BROBYG_SCREENSHOTS"):
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def demo(settings):
    settings.BROBYG_SIGNUP_MIN_SECONDS = 0
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    return Partnership.objects.get(project_name="Mennesker er også medicin")


def _phone(browser):
    return browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True)


def _link(mail, pattern):
    found = re.search(r"https?://\S+" + pattern + r"\S*", mail.body)
    assert found, mail.body
    return found.group(0).rstrip(".")


def test_signup_onboard_match_and_own_page(page, login, browser, demo, mailoutbox):
    # 1. Nadia signs up on her phone (no login).
    phone = _phone(browser)
    nadia_page = phone.new_page()
    nadia_page.goto(page.base_url + f"/volunteers/join/{demo.pk}/")
    nadia_page.fill("#id_first_name", "Nadia")
    nadia_page.fill("#id_last_name", "Holm")
    nadia_page.fill("#id_email", "nadia.holm@example.org")
    nadia_page.fill("#id_phone", "+45 22 33 44 55")
    nadia_page.fill("#id_postcode", "8220")
    nadia_page.fill("#id_travel_radius_km", "8")
    nadia_page.check("#id_wants_companion")
    nadia_page.check("#id_wants_activity")
    nadia_page.fill("#id_interests", "fodbold, gåture, børn")
    nadia_page.fill("#id_languages", "dansk, arabisk")
    nadia_page.check("input[name=slots][value='5-morning']")
    nadia_page.check("input[name=slots][value='1-afternoon']")
    nadia_page.select_option("#id_channel", "participant")
    nadia_page.check("#id_consent")
    shot(nadia_page, "01-signup-phone")
    nadia_page.click("form.vol-signup button[type=submit]")
    nadia_page.wait_for_url("**/join/thanks/")
    shot(nadia_page, "02-signup-thanks-phone")
    nadia = VolunteerProfile.objects.get(email="nadia.holm@example.org")
    assert nadia.source == "public_form" and nadia.channel == "participant" and nadia.consent_given
    assert nadia.availability_mask and nadia.wants_companion
    # the confirmation e-mail and its link
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nadia.holm@example.org"]
    nadia_page.goto(_link(mailoutbox[0], "/volunteers/confirm/"))
    nadia.refresh_from_db()
    assert nadia.email_confirmed_at is not None

    # 2. The coordinator finds her in the list and opens her profile.
    login("facilitator", DEMO_PASSWORD)
    page.goto(page.base_url + "/volunteers/")
    page.get_by_label("Søg").fill("Nadia")
    page.get_by_role("button", name="Filtrér").click()
    page.wait_for_load_state()
    assert "Nadia" not in page.url  # the search term stays out of the URL
    page.get_by_role("link", name="Nadia Holm").click()
    page.wait_for_url(f"**/volunteers/{nadia.pk}/")
    assert "Forældre/deltager til frivillig" in page.content() or "deltager" in page.content().lower()

    # 3. The family football task involves children: without onboarding it is refused, with reasons on screen.
    football = Task.objects.get(partnership=demo, title="Hjælpetræner til familiefodbold")
    page.goto(page.base_url + f"/volunteers/tasks/{football.pk}/")
    row = page.locator("tr", has_text="Nadia Holm")
    row.get_by_role("button", name="Giv opgaven").click()
    page.wait_for_load_state()
    refusal = page.locator("#refusal")
    assert refusal.is_visible()
    text = refusal.inner_text()
    assert "Børneattest" in text and "mangler" in text
    shot(page, "03-task-refused-without-boerneattest")
    assert not TaskAssignment.objects.filter(task=football, profile=nadia).exists()

    # 4. Onboarding: intro conversation, confidentiality declaration and the børneattest (expiry filled in).
    checklist = {i.kind: i for i in nadia.partnership.onboarding_items.all()}
    for kind in ("intro", "confidentiality", "child_record"):
        page.goto(page.base_url + f"/volunteers/{nadia.pk}/")
        page.locator("#onboarding summary").click()
        page.select_option("#id_item", str(checklist[kind].pk))
        page.locator("#onboarding button[type=submit]").click()
        page.wait_for_load_state()
        shot(page, f"04-onboarding-{kind}")
    record = OnboardingRecord.objects.get(profile=nadia, item=checklist["child_record"])
    assert record.expires_on is not None and record.expires_on > record.completed_on
    page.goto(page.base_url + f"/volunteers/{nadia.pk}/")
    shot(page, "04-onboarded-profile")
    assert page.locator("#onboarding .badge-warn").count() <= 1  # only training may be left

    # 5. Now the task can be given; she is suggested with an explained fit.
    page.goto(page.base_url + f"/volunteers/tasks/{football.pk}/")
    row = page.locator("tr", has_text="Nadia Holm")
    assert "fodbold" in row.inner_text()
    shot(page, "05-task-suggestions")
    row.get_by_role("button", name="Giv opgaven").click()
    page.wait_for_load_state()
    assert TaskAssignment.objects.filter(task=football, profile=nadia, active=True).exists()

    # 6. Companion (følgeven) for a citizen: the companion task of the walking group in this app …
    walk = Task.objects.get(partnership=demo, title="Følgeven til gåfællesskab")
    assert walk.kind == Task.Kind.COMPANION
    page.goto(page.base_url + f"/volunteers/tasks/{walk.pk}/")
    page.locator("tr", has_text="Nadia Holm").get_by_role("button", name="Giv opgaven").click()
    page.wait_for_load_state()
    assert TaskAssignment.objects.filter(task=walk, profile=nadia, active=True).exists()
    shot(page, "06-companion-task")
    # … and for one citizen on the bridge (the bridging app's companionship, 000 §7.2).
    from brobyg.bridging.models import Companionship, Journey

    journey = (Journey.objects.filter(partnership=demo, citizen__consents__share_with_companion=True)
               .exclude(companionships__active=True).exclude(stage__in=["ended", "paused"]).order_by("pk").first())
    assert journey is not None
    page.goto(page.base_url + f"/bridge/citizens/{journey.citizen_id}/")
    form = page.locator("#companion form").last
    form.locator("select[name=profile]").select_option(str(nadia.pk))
    form.locator("input[name=meeting_place]").fill("Ved hovedindgangen til biblioteket")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert Companionship.objects.filter(journey=journey, profile=nadia, active=True).exists()
    shot(page, "06b-companion-for-citizen")
    citizen_first_name = journey.citizen.first_name

    # 7. She gets a login through a volunteer invitation and sees her own page on the phone.
    page.goto(page.base_url + "/accounts/invite/")
    page.fill("#id_email", "nadia.holm@example.org")
    page.select_option("#id_role", "volunteer")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    invitation = mailoutbox[-1]
    nadia_page.goto(_link(invitation, "/accounts/invitation/"))
    nadia_page.fill("#id_username", "nadia")
    nadia_page.fill("#id_first_name", "Nadia")
    nadia_page.fill("#id_password1", "Fodbold-og-gaature-2026")
    nadia_page.fill("#id_password2", "Fodbold-og-gaature-2026")
    nadia_page.locator("main button[type=submit]").click()
    nadia_page.wait_for_load_state()
    nadia.refresh_from_db()
    assert nadia.user is not None and nadia.user.username == "nadia"
    nadia_page.goto(page.base_url + "/volunteers/me/")
    content = nadia_page.content()
    assert "Hjælpetræner til familiefodbold" in content and "Følgeven til gåfællesskab" in content
    assert "Ved hovedindgangen til biblioteket" in content  # the companionship's shared meeting info
    assert journey.citizen.last_name not in content and citizen_first_name  # never more than agreed
    shot(nadia_page, "07-own-page-phone")
    # no horizontal scrolling on the phone
    assert nadia_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    calendar = nadia_page.request.get(page.base_url + "/volunteers/me/calendar.ics")
    assert calendar.ok and "BEGIN:VCALENDAR" in calendar.text() and "familiefodbold" in calendar.text()
    phone.close()
