"""The partnership workspace in Chromium as the Aarhus facilitator: overview, actors with the sector mix and who is
missing, the phase tracker, a meeting with a follow-up action that shows on the home page, the agreement with its
PDF, and the self-ratings. Screenshots go to /tmp/shots/partnership/ when BROBYG_SCREENSHOTS is set."""
import os

import pytest
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD
from brobyg.partnerships.models import FollowUpAction, Partnership, PhaseItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    if os.environ.get("BROBYG_SCREENSHOTS"):
        os.makedirs("/tmp/shots/partnership", exist_ok=True)
        page.screenshot(path=f"/tmp/shots/partnership/{name}.png", full_page=True)


def test_workspace_as_facilitator(page, login):
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    partnership = Partnership.objects.get(project_name="Mennesker er også medicin")
    login("facilitator", DEMO_PASSWORD)
    base = page.base_url + "/partnership"

    page.goto(base + "/overview/")
    assert "Hvor partnerskabet står" in page.content()
    shot(page, "01-overview")

    page.goto(base + "/actors/")
    assert page.locator("svg.bars rect").count() == 8
    assert "Hvem mangler?" in page.content() and "Daginstitution" in page.content()
    shot(page, "02-actors")

    page.goto(base + "/phases/")
    assert "/kilder/?ref=000+%C2%A76.3.2" in page.content()
    item = PhaseItem.objects.get(partnership=partnership, key="ru_share")
    page.click(f"a[href='/partnership/phases/{item.pk}/']")
    page.select_option("#id_status", "done")
    page.click("main button[type=submit]")
    page.wait_for_url("**/phases/#phase-running")
    item.refresh_from_db()
    assert item.status == "done"
    shot(page, "03-phases")

    page.goto(base + "/meetings/new/")
    page.fill("#id_title", "Styregruppemøde juni")
    page.fill("#id_date", "2024-06-04")
    page.click("main button[type=submit]")
    page.wait_for_url("**/meetings/*/")
    page.fill("#id_text", "Bestille lokale til informationsmødet")
    page.fill("#id_due", "2024-06-20")
    page.click("form[action$='/actions/'] button[type=submit]")
    page.wait_for_load_state()
    assert FollowUpAction.objects.filter(text="Bestille lokale til informationsmødet", done=False).exists()
    shot(page, "04-meeting")
    page.goto(page.base_url + "/")
    assert "Åbne opfølgningspunkter" in page.content()
    shot(page, "05-home")

    page.goto(base + "/agreement/")
    assert "Version 2" in page.content()
    shot(page, "06-agreement")
    pdf = page.request.get(page.url.rstrip("/").rsplit("/agreement", 1)[0] + "/agreement/" + str(
        partnership.agreement_versions.order_by("-number").first().pk) + "/pdf/")
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    page.goto(base + "/agreement/edit/")
    page.fill("#id_change_note", "Nyt punkt om data")
    page.click("main button[type=submit]")
    page.wait_for_url("**/agreement/")
    assert "Version 3" in page.content()

    page.goto(base + "/ratings/")
    assert "▲" in page.content()
    shot(page, "07-ratings")
    page.goto(base + "/ratings/new/")
    shot(page, "08-rating-form")
