"""Issue 21 in a browser: the bridge-builder makes a personal link; the citizen opens it on a phone, chooses an
activity, says "I'm coming", and withdraws consent — then the link stops. The association contact sees the
newcomer. Screenshots go to /tmp/shots/mine/ (not committed)."""
import os

import pytest
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots/mine"
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_citizen_uses_their_own_page_on_a_phone(browser, page, login):
    from brobyg.accounts.models import User
    from brobyg.bridging import bridge, services
    from brobyg.bridging.models import Arrival, Referral
    from brobyg.directory.models import Activity

    call_command("demo", quiet_logins=True)
    bb = User.objects.get(username="bridgebuilder")
    referral = Referral.objects.get(contact_name="Susanne", citizen__isnull=True)

    class Who:
        user = bb

    citizen = services.record_consent(Who(), referral, {"first_name": "Susanne", "last_name": "Holmgaard",
                                                        "phone": "20 99 99 99", "postcode": "8200",
                                                        "interests": "gåture, kaffe, natur", "travel_km": 8,
                                                        "barriers": "anxiety"},
                                      {"share_with_association": True, "share_with_companion": True})
    walk = Activity.objects.get(title="Stille gåtur og kaffe for alle")
    bridge.propose(Who(), citizen.current_journey(), [walk.pk])

    login("bridgebuilder", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/bridge/citizens/{citizen.pk}/")
    page.click("main button:has-text('Send / forny personligt link')")
    page.wait_for_load_state()
    link = page.input_value("#personal-link")
    assert "/mine/" in link

    phone = browser.new_context(locale="da-DK", viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(link)
    assert phone.url.endswith("/mine/")  # the token is gone from the address bar
    text = phone.inner_text("main")
    assert "Hej Susanne" in text and "Stille gåtur og kaffe for alle" in text
    for secret in ("Holmgaard", "20 99 99 99", "anxiety"):
        assert secret not in text, secret
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    shot(phone, "1-proposals")
    phone.click("main button:has-text('Det vil jeg gerne prøve')")
    phone.wait_for_load_state()
    assert "Du valgte: Stille gåtur og kaffe for alle" in phone.inner_text("main")
    phone.click("main button:has-text('Jeg kommer')")
    phone.wait_for_load_state()
    assert "ved, at du kommer" in phone.inner_text("#chosen")
    assert Arrival.objects.get(journey__citizen=citizen).expected is not None
    shot(phone, "2-coming")

    # The association contact sees the newcomer.
    page.click("text=Log ud")
    login("association", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/bridge/newcomers/")
    assert "Susanne" in page.inner_text("main")

    # The citizen withdraws consent: the page and the link stop working.
    phone.check("#stored input[name=confirm]")
    phone.click("#stored button:has-text('Træk mit samtykke tilbage')")
    phone.wait_for_load_state()
    assert "Dit samtykke er trukket tilbage" in phone.inner_text("main")
    shot(phone, "3-withdrawn")
    response = phone.goto(link)
    assert response.status in (404, 410)
    phone.context.close()
