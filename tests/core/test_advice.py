"""The projects' advice appears where the work is done, for the role that does it (issue 20), and every "Kilde"
link leads to the sources page, which names each report."""
import re

from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from brobyg.accounts.models import User
from brobyg.bridging.models import Citizen, FollowUp
from brobyg.core import advice
from brobyg.core.sources import REPORTS
from brobyg.partnerships.models import Partnership


def _client(username):
    c = Client()
    c.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return c


def _advice_box(body, key):
    match = re.search(rf'<details class="advice[^"]*" data-advice="{re.escape(key)}">(.*?)</details>', body, re.S)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_advice_at_each_step_for_the_role_that_does_it():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    aarhus = Partnership.objects.get(project_name="Mennesker er også medicin")
    karim = Citizen.objects.get(partnership=aarhus, first_name="Karim").pk
    follow_up = FollowUp.objects.filter(journey__partnership=aarhus).order_by("pk").first().pk
    screens = [
        ("referrer", reverse("bridging:referral_new"), "bridge.referral"),
        ("bridgebuilder", reverse("bridging:conversation", args=[karim]), "bridge.conversation"),
        ("bridgebuilder", reverse("bridging:citizen", args=[karim]), "bridge.companion"),
        ("association", reverse("bridging:newcomers"), "bridge.host"),
        ("bridgebuilder", reverse("bridging:citizen_matches", args=[karim]), "bridge.community"),
        ("bridgebuilder", reverse("bridging:follow_up_done", args=[follow_up]), "bridge.moving_on"),
        ("association", reverse("directory:create"), "directory.activity"),
    ]
    sources = reverse("core:sources")
    for username, path, key in screens:
        response = _client(username).get(path)
        assert response.status_code == 200, (username, path)
        box = _advice_box(response.content.decode(), key)
        assert box is not None, f"no advice {key} on {path} for {username}"
        assert "Råd fra projekterne" in box  # Danish by default
        for item in advice.items(key):
            assert f'href="{sources}?ref={quote(item.source)}#report-{item.report}"' in box
            assert f"Kilde: {item.source}" in box
        assert box.count("<li>") == len(advice.items(key))


@pytest.mark.django_db
def test_sources_page_names_each_report_with_its_sections(client):
    body = client.get(reverse("core:sources")).content.decode()
    for report in REPORTS:
        assert f'id="report-{report.code}"' in body
    # An advice item's "Kilde" link names its report and section on the sources page.
    item = advice.items("bridge.referral")[0]
    cited = client.get(reverse("core:sources"), {"ref": item.source}).content.decode()
    assert item.source.split(" ", 1)[1] in cited
