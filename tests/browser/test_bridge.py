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
