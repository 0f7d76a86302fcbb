"""Issue 8 end to end in Chromium: an idea from the public form through dialogue to a running initiative, a success
story on a phone-sized screen, the counts on the overview; and a self-assessment round answered by several partners."""
import pytest
from django.core.management import call_command

from brobyg.core.demo import DEMO_PASSWORD
from brobyg.initiatives.elements import ELEMENTS
from brobyg.directory.models import Activity
from brobyg.initiatives.models import Idea, Story
from brobyg.partnerships.models import Partnership
from brobyg.volunteers.models import VolunteerProfile

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path):
    settings.BROBYG_IDEA_MIN_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    return Partnership.objects.get(project_name="Mennesker er også medicin")


def test_idea_to_initiative_story_and_counts(page, login, browser, demo):
    # 1. A citizen brings an idea through the public form on a phone.
    phone = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)
    citizen = phone.new_page()
    citizen.goto(page.base_url + "/")
    citizen.get_by_role("link", name="Har du en idé?").first.click()
    citizen.select_option("#id_partnership", str(demo.pk))
    citizen.fill("#id_title", "Brætspilscafé i Gellerup")
    citizen.fill("#id_description", "En hyggelig eftermiddag med brætspil for folk, der har brug for ro.")
    citizen.fill("#id_initiator_name", "Amina R.")
    citizen.fill("#id_initiator_contact", "amina@example.org")
    citizen.check("#id_needs_premises")
    citizen.check("#id_contact_consent")
    screenshot(citizen, "initiatives-01-public-idea-phone")
    citizen.click("main button[type=submit]")
    citizen.wait_for_url("**/idea/thanks/")
    assert "Tak for din idé" in citizen.content()
    phone.close()
    idea = Idea.objects.get(title="Brætspilscafé i Gellerup")
    assert idea.status == "new" and idea.source == "public"

    # 2. The facilitator finds it in the queue, holds the dialogue and agrees expectations.
    login("facilitator", DEMO_PASSWORD)
    page.goto(page.base_url + "/initiatives/ideas/?status=new")
    page.get_by_role("link", name="Brætspilscafé i Gellerup").click()
    page.fill("#id_text", "Ringede til Amina. Hun kan låne fælleshuset om torsdagen.")
    page.click("text=Tilføj til dialogen")
    page.wait_for_load_state()
    assert "I dialog" in page.content()
    page.click("text=Redigér idéen, forventningerne og koblingen til planen")
    page.fill("#id_partnership_expects", "At I selv står for caféen og fortæller os, hvordan det går.")
    page.check("text=Mennesker uden for arbejdsmarkedet efter en hjernerystelse")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    screenshot(page, "initiatives-02-idea-dialogue")
    assert "At I selv står for caféen" in page.content()

    # 3. It becomes a published activity in the directory with the initiator as core volunteer.
    page.select_option("#id_organisation", label="Hjernerystelsesforeningen")
    page.fill("#id_postcode", "8220")
    page.check("#id_initiators_consent")
    page.click("text=Gør den til en aktivitet i oversigten")
    page.wait_for_load_state()
    activity = Activity.objects.get(title="Brætspilscafé i Gellerup")
    assert activity.status == Activity.Status.PUBLISHED
    assert VolunteerProfile.objects.get(initiated_activities__activity=activity).kind == "core"
    assert "Amina" in page.content() and "kernefrivillig" in page.content().lower()

    # 4. Its involvement level moves up the ladder: the staff role becomes supporting.
    page.check("input[name=level][value='6']")
    page.select_option("#id_steering", "little")
    page.fill("#id_note", "Gruppen kører det selv nu.")
    page.click("text=Gem niveauet")
    page.wait_for_load_state()
    assert "6 · " in page.content()
    screenshot(page, "initiatives-03-activity-level")
    idea.refresh_from_db()
    assert idea.status == "running" and idea.activity == activity

    # 5. A success story in a minute on a phone-sized screen, with consent.
    phone = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, storage_state=page.context.storage_state())
    staff_phone = phone.new_page()
    staff_phone.goto(page.base_url + "/initiatives/stories/new/")
    staff_phone.fill("#id_title", "Amina fik en ny rolle")
    staff_phone.fill("#id_text", "Amina åbnede caféen for første gang. Otte kom.")
    staff_phone.fill("#id_people", "Amina")
    staff_phone.check("#id_people_consent")
    screenshot(staff_phone, "initiatives-04-story-phone")
    staff_phone.click("main button[type=submit]")
    staff_phone.wait_for_load_state()
    assert "Tak – historien er gemt" in staff_phone.content()
    phone.close()
    assert Story.objects.get(title="Amina fik en ny rolle").sharing == "staff"

    # 6. The overview shows the counts, small ones suppressed.
    page.goto(page.base_url + "/initiatives/")
    body = page.content()
    assert "modtagne idéer" in body and "Pr. kvartal" in body and "inddragelsesstigen" in body
    screenshot(page, "initiatives-05-overview")

    # 7. The evaluation dashboard carries the same counts per quarter; the staff-only story is not in it.
    page.goto(page.base_url + "/evaluation/dashboard/")
    trend = page.locator("#initiatives-trend")
    assert "Borgernes initiativer pr. kvartal" in page.content() and trend.count() == 1
    assert "Modtagne idéer" in trend.inner_text() and "Amina fik en ny rolle" not in page.content()
    screenshot(page, "initiatives-06-dashboard")


def _answer(page, base_url, round_id, scores):
    page.goto(f"{base_url}/initiatives/assessments/{round_id}/answer/")
    for element in ELEMENTS:
        page.check(f"input[name={element.key}][value='{scores.get(element.key, 4)}']")
    page.click("text=Gem vores svar")
    page.wait_for_load_state()
    assert "Jeres svar er gemt" in page.content()


def test_self_assessment_round_with_several_partners(page, login, browser, demo):
    login("facilitator", DEMO_PASSWORD)
    page.goto(page.base_url + "/initiatives/assessments/")
    page.fill("#id_title", "Selvevaluering vinter")
    page.click("text=Åbn runden")
    page.wait_for_load_state()
    round_id = page.url.rstrip("/").split("/")[-1]
    _answer(page, page.base_url, round_id, {"str_resources": 5, "cap_trust": 5})
    for username, scores in (("referrer", {"str_resources": 1, "cap_trust": 5}),
                             ("association", {"str_resources": 3, "cap_trust": 4})):
        other = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        p = other.new_page()
        p.goto(page.base_url + "/accounts/login/")
        p.fill("#id_username", username)
        p.fill("#id_password", DEMO_PASSWORD)
        p.click("main button[type=submit]")
        p.wait_for_load_state()
        _answer(p, page.base_url, round_id, scores)
        other.close()
    page.goto(f"{page.base_url}/initiatives/assessments/{round_id}/")
    body = page.content()
    assert "3 partnere har svaret" in body
    assert "Sammenlignet med runden “Selvevaluering efterår”" in body
    assert "Uenighed – tal om det" in body and "Enighed" in body
    assert "▲" in body or "▼" in body
    assert page.locator("svg.spread").count() == len(ELEMENTS)
    screenshot(page, "initiatives-06-assessment-results")
