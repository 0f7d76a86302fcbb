"""Issue 6 end to end in Chromium: the facilitator starts a network survey round for the Aarhus partnership,
several actors answer through their personal links (no login), the facilitator sends a reminder, opens the network
page (hover shows an actor's figures) and the dashboard, and downloads the Excel and PDF exports."""
import os
from io import BytesIO

import pytest
from django.core import mail
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD
from brobyg.evaluation.models import Invitation, SurveyRound, Tie
from brobyg.partnerships.models import Partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots/evaluation"


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def demo():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    return Partnership.objects.get(project_name="Mennesker er også medicin")


def _answer(browser, base_url, link, rng_offset):
    """One actor's representative answers on a phone-sized screen: ties with some of the others."""
    context = browser.new_context(locale="da-DK", viewport={"width": 420, "height": 900})
    p = context.new_page()
    p.goto(link)
    blocks = p.locator("fieldset.survey-actor")
    count = blocks.count()
    assert count >= 3
    for i in range(count):
        block = blocks.nth(i)
        if (i + rng_offset) % 3 == 2:
            block.locator("input[value=no]").check()
            continue
        block.locator("input.works-yes").check()
        block.locator("select").select_option("3")
        block.locator("input[type=checkbox]").first.check()
        for name in ("trust1", "trust2", "trust3", "value1", "value2", "value3"):
            block.locator(f"input[name$='_{name}'][value='{3 + (i + rng_offset) % 2}']").check()
    if rng_offset == 0:
        shot(p, "02-survey-form-phone")
    p.click("main button[type=submit]")
    p.wait_for_selector("#thanks")
    context.close()


def test_survey_round_network_dashboard_and_exports(page, login, browser, demo):
    login("facilitator", DEMO_PASSWORD)
    page.goto(page.base_url + "/evaluation/")
    page.click("a[href$='/evaluation/rounds/new/']")
    page.fill("#id_title", "Netværksundersøgelse efterår 2026")
    page.fill("#id_days", "14")
    page.click("main button[type=submit]")
    page.wait_for_selector("#responses")
    rnd = SurveyRound.objects.get(title="Netværksundersøgelse efterår 2026")
    links = page.locator("input.survey-link").evaluate_all("els => els.map(e => e.value)")
    assert len(links) == rnd.invitations.count() >= 5
    shot(page, "01-round-links")

    # Several representatives answer through their personal links, without logging in.
    for offset, link in enumerate(links[:5]):
        _answer(browser, page.base_url, link, offset)
    assert Invitation.objects.filter(round=rnd, answered_at__isnull=False).count() == 5
    assert Tie.objects.filter(round=rnd, works_together=True).count() > 5

    # A wrong link is refused clearly.
    anonymous = browser.new_context(locale="da-DK").new_page()
    anonymous.goto(page.base_url + "/evaluation/survey/not-a-real-token/")
    assert "ikke gyldigt" in anonymous.locator("#refusal").inner_text()
    anonymous.context.close()

    # Response tracking and a reminder to the rest.
    page.reload()
    assert page.locator("#responses .badge-ok").count() == 5
    mail.outbox.clear()
    page.click("form[action$='/remind/'] button")
    page.wait_for_selector(".messages")
    remaining = rnd.invitations.filter(answered_at__isnull=True).count()
    assert Invitation.objects.filter(round=rnd, reminded_at__isnull=False).count() == remaining

    # The network page: map with one node per actor; hovering shows an actor's figures.
    page.click("a[href$='/network/']")
    page.wait_for_selector("svg.network-map")
    assert page.locator("svg.network-map circle.actor").count() == rnd.invitations.count()
    page.locator("svg.network-map circle.actor").first.hover()
    page.wait_for_selector("#map-tip:not([hidden])")
    assert page.locator("#map-tip strong").inner_text()
    assert "Tæthed" in page.locator("#overall").inner_text()
    assert page.locator("#comparison").count() == 1  # compared with the spring round of the demo
    shot(page, "03-network")

    # The dashboard at three levels, then the exports.
    page.goto(page.base_url + "/evaluation/dashboard/?start=2025-01-01&end=2026-12-31")
    for level in ("partnership", "intervention", "citizen"):
        assert page.locator(f"#level-{level}").count() == 1
    shot(page, "04-dashboard")
    with page.expect_download() as info:
        page.click("#export-xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(open(info.value.path(), "rb").read()))
    assert {"Indikatorer", "Netværk"} <= set(workbook.sheetnames)
    with page.expect_download() as info:
        page.click("#export-pdf")
    pdf = open(info.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF")
    with open(f"{SHOTS}/report.pdf", "wb") as fh:
        fh.write(pdf)

    # The theory of change diagram of the demo intervention.
    page.goto(page.base_url + "/evaluation/interventions/")
    page.click("ul.intervention-list a")
    page.wait_for_selector("svg.toc-diagram")
    shot(page, "05-theory-of-change")
