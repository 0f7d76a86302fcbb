"""A newcomer finds 'a free, wheelchair-accessible activity with a host within 5 km of postcode 8000 on a weekday
evening' in the public directory, through the filters, in Chromium (issue 3, done-when)."""
from datetime import time

import pytest
from playwright.sync_api import expect

from brobyg.directory.models import Activity, Category, Schedule
from brobyg.directory.services import refresh_derived
from brobyg.partnerships.models import Organisation

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET = "Stille gåtur og kaffe"


def _activity(org, title, postcode, weekday, start, **fields):
    fields.setdefault("status", "published")
    a = Activity(organisation=org, title=title, postcode=postcode, **fields)
    a.fill_place()
    a.save()
    a.categories.set(Category.objects.filter(slug__in=["bevaegelse", "samvaer"]))
    Schedule.objects.create(activity=a, weekday=weekday, start_time=time(start, 0), end_time=time(start + 1, 30))
    refresh_derived(a)
    return a


@pytest.fixture
def activities(db):
    from brobyg.directory import taxonomy
    from brobyg.directory.models import TargetGroup

    taxonomy.seed(Category, TargetGroup)  # transactional tests flush the migration's data
    org = Organisation.objects.create(name="Hjernerystelsesforeningen", postcode="8000")
    good = dict(price_type="free", wheelchair=True, has_host=True, receiver="Birgitte ved indgangen",
                entrance="Hovedindgangen til Dokk1", address="Hack Kampmanns Plads 2, 8000 Aarhus C")
    _activity(org, TARGET, "8000", 1, 18, **good)
    _activity(org, "Kor med kontingent", "8000", 2, 19, **{**good, "price_type": "fee", "price_amount": 300})
    _activity(org, "Gåtur uden kørestolsadgang", "8000", 3, 18, **{**good, "wheelchair": False})
    _activity(org, "Café uden vært", "8200", 0, 19, **{**good, "has_host": False})
    _activity(org, "Weekendtur", "8000", 5, 18, **good)
    _activity(org, "Formiddagskaffe", "8000", 1, 10, **good)
    _activity(org, "Aftengåtur i Randers", "8900", 1, 18, **good)  # about 35 km away
    _activity(org, "Kladde", "8000", 1, 18, **{**good, "status": "draft"})


def _titles(page):
    return page.locator("#results .dir-title a").all_inner_texts()


def test_newcomer_finds_free_accessible_hosted_weekday_evening_activity_near_8000(page, activities):
    page.goto(page.base_url + "/activities/")
    assert len(_titles(page)) == 7  # every published activity before filtering
    screenshot(page, "directory-01-start")

    page.fill("#id_postcode", "8000")
    page.select_option("#id_distance", "5")
    page.select_option("#id_day", "weekdays")
    page.select_option("#id_time", "evening")
    page.check("input[name=free]")
    page.check("input[name=access][value=wheelchair]")
    page.check("input[name=host]")
    expect(page.locator("#results .dir-title a")).to_have_count(1)
    assert _titles(page) == [TARGET]
    result = page.locator("#results .dir-result").first
    assert "km" in result.inner_text() and "Gratis" in result.inner_text()
    assert "free=on" in page.url and "postcode=8000" in page.url  # the filters are in the address (shareable)
    screenshot(page, "directory-02-filtered")

    page.click(f"text={TARGET}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TARGET
    body = page.locator("main").inner_text()
    assert "Birgitte ved indgangen" in body and "Hovedindgangen til Dokk1" in body
    screenshot(page, "directory-03-activity")

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "directory-04-activity-phone")
    page.go_back()
    page.wait_for_load_state()
    screenshot(page, "directory-05-results-phone")


def test_unknown_postcode_is_explained(page, activities):
    page.goto(page.base_url + "/activities/?postcode=0001")
    assert "postnummer" in page.locator("#results").inner_text() or \
        "postnummer" in page.locator(".dir-filters").inner_text()
