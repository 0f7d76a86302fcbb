"""Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Browser tests are marked ``browser``; they are skipped when /usr/bin/chromium is missing (CI installs it).
"""
import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("BROBYG_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login(page):
    def do(username, password):
        page.goto(page.base_url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return do


def screenshot(page, name):
    """Save a screenshot under screenshots/ when BROBYG_SCREENSHOTS is set (for looking at the UI)."""
    if os.environ.get("BROBYG_SCREENSHOTS"):
        os.makedirs("screenshots", exist_ok=True)
        page.screenshot(path=f"screenshots/{name}.png", full_page=True)
