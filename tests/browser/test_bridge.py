"""One citizen across the bridge in a browser: referral → consent → conversation → suggestions and choice →
companion → first visit → follow-up into fællesskab, as bridge-builder, companion and host (volunteer) and
association contact — each seeing only what they may. Screenshots go to /tmp/shots/bridging/ (not committed)."""
import os

import pytest
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots/bridging"


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def logout(page):
    page.click("text=Log ud")
    page.wait_for_load_state()


def test_one_citizen_across_the_bridge(page, login):
    from brobyg.bridging import services
    from brobyg.bridging.models import Citizen, FollowUp, Referral
    from brobyg.directory.models import Activity
    from brobyg.volunteers.models import VolunteerProfile

    call_command("demo", quiet_logins=True)
    referral = Referral.objects.get(contact_name="Susanne", citizen__isnull=True)
    walk = Activity.objects.get(title="Stille gåtur og kaffe for alle")
    hanne = VolunteerProfile.objects.get(user__username="volunteer")
    base = page.base_url

    # Bridge-builder: consent turns the referral into a citizen record.
    login("bridgebuilder", DEMO_PASSWORD)
    page.goto(f"{base}/bridge/referrals/{referral.pk}/consent/")
    page.fill("#id_c-last_name", "Holmgaard")
    page.fill("#id_c-phone", "20 99 99 99")
    page.fill("#id_c-welcome_needs", "Et roligt hej, og at nogen viser mig, hvor kaffen står.")
    page.fill("#id_c-inclusion_needs", "Skal kunne sidde ned undervejs.")
    page.check("#id_k-share_with_association")
    page.check("#id_k-share_with_companion")
    page.check("#id_k-confirm")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    citizen = Citizen.objects.get(first_name="Susanne")
    assert page.url.endswith(f"/bridge/citizens/{citizen.pk}/")

    # The conversation fills the wishes that matching reads.
    guide = services.current_guide(citizen.partnership)
    q = {x.key: x.pk for x in guide.questions.all() if x.key}
    page.goto(f"{base}/bridge/citizens/{citizen.pk}/conversation/")
    page.fill(f"[name=q{q['interests']}]", "gåture, kaffe, natur")
    page.fill(f"[name=q{q['travel_km']}]", "8")
    page.fill(f"[name=q{q['welcome_needs']}]", "Et roligt hej, og at nogen viser mig, hvor kaffen står.")
    page.check(f"input[name=q{q['days']}][value='1']")
    page.check(f"input[name=q{q['support']}][value=companion]")
    page.check(f"input[name=q{q['support']}][value=host]")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    # Suggestions with reasons; the bridge-builder proposes, the citizen chooses.
    page.goto(f"{base}/bridge/citizens/{citizen.pk}/matches/")
    first = page.locator(".match", has_text="Stille gåtur og kaffe for alle")
    assert "gåture: ja" in first.inner_text() and "inden for 8 km" in first.inner_text()
    shot(page, "1-suggestions")
    page.check(f"input[name=activities][value='{walk.pk}']")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.fill("#bridge input[name=expected]", "2030-03-05T18:00")
    page.click("#bridge button:has-text('Borgeren valgte denne')")
    page.wait_for_load_state()
    assert "Kommer til: Stille gåtur og kaffe for alle" in page.inner_text("#bridge")

    # The companion.
    page.select_option("#companion select[name=profile]", str(hanne.pk))
    page.click("#companion button:has-text('Tilknyt følgeven')")
    page.wait_for_load_state()
    assert "Hanne" in page.inner_text("#companion")
    shot(page, "2-citizen-bridge")
    logout(page)

    # The companion sees the meeting information, the first name and the welcome needs — nothing more.
    login("volunteer", DEMO_PASSWORD)
    page.goto(f"{base}/bridge/accompany/")
    text = page.inner_text("main")
    assert "Susanne" in text and "hvor kaffen står" in text and "Ved trappen i foyeren" in text
    for secret in ("Holmgaard", "20 99 99 99", "Skal kunne sidde", "gåture"):
        assert secret not in text, secret
    shot(page, "3-companion")
    # Hanne also hosts the walk (demo data), and a host is told a newcomer is coming (000 §7.3): the same
    # consented fields, found from her own page ("Mit frivillige arbejde") under the activity she hosts.
    page.click("header nav a:has-text('Mit frivillige arbejde')")
    page.wait_for_load_state()
    assert "Susanne" in page.inner_text("main")
    page.click(f"main a[href='/bridge/newcomers/{citizen.current_journey().arrival.pk}/']")
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "hvor kaffen står" in text and "Stille gåtur og kaffe for alle" in text
    for secret in ("Holmgaard", "20 99 99 99", "Skal kunne sidde", "gåture"):
        assert secret not in text, secret
    shot(page, "3b-host-newcomer")
    assert page.goto(f"{base}/bridge/citizens/{citizen.pk}/").status == 403
    logout(page)

    # The association contact is told a newcomer is coming and records the first visit.
    login("association", DEMO_PASSWORD)
    page.goto(f"{base}/bridge/newcomers/")
    assert "Susanne" in page.inner_text("main")
    page.click("main a:has-text('Susanne')")
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "hvor kaffen står" in text
    for secret in ("Holmgaard", "20 99 99 99", "Skal kunne sidde"):
        assert secret not in text, secret
    page.fill("#id_v-date", "2030-03-05")
    page.select_option("#id_v-outcome", "well")
    page.fill("#id_v-note", "Blev vist rundt af værten og fik kaffe.")
    page.click("main button:has-text('Registrér besøg')")
    page.wait_for_load_state()
    shot(page, "4-association-newcomer")
    assert page.goto(f"{base}/bridge/citizens/{citizen.pk}/").status == 403
    logout(page)

    # The bridge-builder follows up after the first visit and moves the journey into fællesskab.
    login("bridgebuilder", DEMO_PASSWORD)
    follow_up = FollowUp.objects.filter(journey__citizen=citizen).order_by("due").first()
    page.goto(f"{base}/bridge/follow-ups/{follow_up.pk}/")
    page.fill("#id_note", "Kommer stadig og vil gerne hjælpe med kaffen.")
    page.select_option("#id_next_stage", "faellesskab")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert citizen.current_journey().stage == "faellesskab"
    assert "Blev vist rundt af værten" in page.inner_text("#visits")
    shot(page, "5-citizen-faellesskab")


class _Who:
    def __init__(self, user):
        self.user = user


def test_the_bridge_keeps_its_promises(page, login, make_user, partnership_a, org_a):
    """Issue 14: two citizens choose the last place — the second is told and offered another; the balance reason
    appears and changes as journeys move; a withdrawal ends the companionship and the companion sees the notice; a
    second conversation keeps the first one's answers; the referrer sees what came of the referral."""
    import datetime as dt

    from django.utils import timezone

    from brobyg.bridging import bridge, services
    from brobyg.bridging.models import Citizen, Conversation
    from brobyg.directory import geo
    from brobyg.directory.models import Activity
    from brobyg.partnerships.models import Role
    from brobyg.volunteers.models import Status, VolunteerProfile

    password = "correct-horse-battery"
    bb = make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bygger", email="bb@example.org")
    ref = make_user(Role.REFERRER, partnership_a, None, username="henviser", email="ref@example.org")
    vol = make_user(Role.VOLUNTEER, partnership_a, None, username="kaj", email="kaj@example.org")
    place = geo.lookup_postcode("8000")
    common = dict(organisation=org_a, partnership=partnership_a, status="published", latitude=place.latitude,
                  longitude=place.longitude, companion_welcome=True)
    dinner = Activity.objects.create(title="Fællesspisning", search_text="fællesspisning", open_places=1, **common)
    garden = Activity.objects.create(title="Fællesspisning i haven", search_text="fællesspisning have",
                                     open_places=5, usual_participants=10, **common)
    kaj = VolunteerProfile.objects.create(partnership=partnership_a, user=vol, first_name="Kaj", consent_given=True,
                                          status=Status.ACTIVE, wants_companion=True, latitude=place.latitude,
                                          longitude=place.longitude)
    citizens = {}
    for name in ("Rosa", "Birthe", "Carl"):
        referral = services.create_referral(_Who(ref), partnership_a, {"contact_name": name, "referred_by": ref})
        citizen = services.record_consent(_Who(bb), referral, {"first_name": name, "postcode": "8000",
                                                                "interests": "fællesspisning"},
                                          {"share_with_association": True, "share_with_companion": True})
        citizens[name] = citizen
    rosa, birthe, carl = citizens["Rosa"], citizens["Birthe"], citizens["Carl"]
    guide = services.current_guide(partnership_a)
    q = {x.key: x.pk for x in guide.questions.all() if x.key}
    Conversation.objects.create(citizen=birthe, guide=guide, held_by=bb)
    services.save_conversation(_Who(bb), birthe, guide, {q["interests"]: "fællesspisning",
                                                         q["welcome_needs"]: "Et roligt goddag"},
                               conversation=birthe.conversations.get())
    for c in (rosa, birthe):
        bridge.propose(_Who(bb), c.current_journey(), [dinner.pk])
    base = page.base_url
    page.on("dialog", lambda d: d.accept())

    # Rosa takes the last place; the page says the choice holds it.
    login("bygger", password)
    page.goto(f"{base}/bridge/citizens/{rosa.pk}/")
    page.click("#bridge button:has-text('Borgeren valgte denne')")
    page.wait_for_load_state()
    assert "har en plads" in page.inner_text("#bridge")
    # Birthe chose it too: told, and offered another — where the balance reason shows the room.
    page.goto(f"{base}/bridge/citizens/{birthe.pk}/")
    page.click("#bridge button:has-text('Borgeren valgte denne')")
    page.wait_for_load_state()
    assert page.url.endswith(f"/bridge/citizens/{birthe.pk}/matches/")
    body = page.inner_text("main")
    assert "har ikke flere ledige pladser" in body and "Næste forslag: “Fællesspisning i haven”" in body
    assert "1 fuld" in body
    assert "plads til 2 mere, der har brug for støtte" in page.inner_text("li.match:has-text('i haven')")
    page.check(f"input[name=activities][value='{garden.pk}']")
    page.click("main button:has-text('Foreslå')")
    page.wait_for_load_state()
    page.click("#bridge tr:has-text('i haven') button:has-text('Borgeren valgte denne')")
    page.wait_for_load_state()
    # The balance follows: one fewer room for Carl, and the bridge-builder is warned and shown what else fits.
    page.goto(f"{base}/bridge/citizens/{carl.pk}/matches/")
    assert "plads til 1 mere, der har brug for støtte" in page.inner_text("li.match:has-text('i haven')")
    assert "er tæt på sin balance" in page.inner_text("main")
    shot(page, "issue14-balance")

    # A second conversation with Birthe starts from the first one's answers, and keeps them.
    page.goto(f"{base}/bridge/citizens/{birthe.pk}/conversation/")
    assert page.input_value(f"[name=q{q['welcome_needs']}]") == "Et roligt goddag"
    page.fill(f"[name=q{q['interests']}]", "fællesspisning, kor")
    page.click("main button:has-text('Gem samtalen')")
    page.wait_for_load_state()
    birthe = Citizen.objects.get(pk=birthe.pk)
    assert birthe.welcome_needs == "Et roligt goddag" and birthe.interests == "fællesspisning, kor"
    assert "Ønsker over tid" in page.inner_text("main")

    # Rosa withdraws her consent: the companionship ends and Kaj is told.
    meeting = timezone.now() + dt.timedelta(days=4)
    bridge.assign_companion(_Who(bb), rosa.current_journey(), kaj, {"meeting_at": meeting})
    page.goto(f"{base}/bridge/citizens/{rosa.pk}/")
    page.select_option("select[name=reason]", "citizen")
    page.click("button:has-text('Træk samtykke tilbage')")
    page.wait_for_load_state()
    assert "Behold kun det mindst mulige" in page.inner_text("#withdrawn")
    page.click("#withdrawn button:has-text('Behold kun det mindst mulige')")
    page.wait_for_load_state()
    assert "Kun det mindst mulige er gemt" in page.inner_text("main")
    logout(page)
    login("kaj", password)
    page.goto(f"{base}/bridge/accompany/")
    body = page.inner_text("main")
    assert "et følgeskab er slut" in body and "Rosa" not in body
    logout(page)

    # The referrer sees what came of each referral, without the records.
    login("henviser", password)
    page.goto(f"{base}/bridge/referrals/")
    rows = page.inner_text("main table")
    assert "Samtale holdt" in rows and "Afsluttet" in rows
    assert "en henvisning, du har lavet, er afsluttet" in page.goto(f"{base}/").text()
    shot(page, "issue14-referrer")
