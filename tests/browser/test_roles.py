"""A browser logs in as each demo role and sees that role's home page."""
import pytest
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = {
    "facilitator": "role-facilitator",
    "referrer": "role-referrer",
    "bridgebuilder": "role-bridge_builder",
    "association": "role-association_contact",
    "volunteer": "role-volunteer",
    "evaluator": "role-evaluator",
}


def test_each_demo_role_sees_its_home(page, login):
    call_command("demo", quiet_logins=True)
    for username, section in ROLES.items():
        login(username, DEMO_PASSWORD)
        assert page.locator(f"#{section}").is_visible(), username
        screenshot(page, f"home-{username}")
        page.click("text=Log ud")
        page.wait_for_load_state()
        assert page.locator("a", has_text="Log ind").first.is_visible()


def test_public_home_needs_no_login(page):
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text()
    screenshot(page, "home-public")
