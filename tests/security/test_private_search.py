"""No personal data and no secret token in URLs or logs (issue 13 §3: the citizen search put name and phone in the
URL, so in access logs; the default e-mail backend printed password-reset links and invitation tokens)."""
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from brobyg.bridging.models import Citizen
from brobyg.partnerships.models import Role
from brobyg.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def _urls(html: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', html)


def _search(client, url_name, data, term):
    """Search through the page's own form: the answer is a redirect to the bare page, whose links never carry the
    term; the result is there."""
    response = client.post(reverse(url_name), data)
    assert response.status_code == 302 and response["Location"] == reverse(url_name)
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert not [u for u in _urls(html) if term.lower() in u.lower()]
    return html


@pytest.fixture
def citizens(partnership_a):
    for n in range(35):  # more than one page of 30
        Citizen.objects.create(partnership=partnership_a, first_name=f"Borger{n}", last_name="Jensen", postcode="8000",
                               phone=f"2000{n:04d}")
    return Citizen.objects.create(partnership=partnership_a, first_name="Birthe", last_name="Kjærsgaard",
                                  postcode="8210", phone="40506070")


def test_citizen_search_keeps_name_out_of_the_url(client_for, make_user, partnership_a, org_a, citizens):
    client = client_for(make_user(Role.BRIDGE_BUILDER, partnership_a, org_a))
    html = _search(client, "bridging:citizens", {"q": "Birthe"}, "Birthe")
    assert "Kjærsgaard" in html and "Borger1 " not in html
    # A search by name in the URL (an old bookmark) finds nothing: the URL is not read.
    assert "Kjærsgaard" in client.get(reverse("bridging:citizens"), {"q": "Borger3"}).content.decode()
    # Paging a longer result keeps the search; clearing forgets it.
    html = _search(client, "bridging:citizens", {"q": "Jensen"}, "Jensen")
    assert "page=2" in html and "Kjærsgaard" not in html
    assert "Borger" in client.get(reverse("bridging:citizens"), {"page": 2}).content.decode()
    client.post(reverse("bridging:citizens"), {"clear": "1"})
    assert "Kjærsgaard" in client.get(reverse("bridging:citizens")).content.decode()


def test_volunteer_search_and_its_export_keep_the_terms_out_of_the_url(client_for, facilitator_a, partnership_a):
    VolunteerProfile.objects.create(partnership=partnership_a, first_name="Ida", last_name="Hansen",
                                    email="ida@example.org", phone="+45 20 30 40 50", consent_given=True)
    VolunteerProfile.objects.create(partnership=partnership_a, first_name="Bo", last_name="Holm",
                                    email="bo@example.org", consent_given=True)
    client = client_for(facilitator_a)
    html = _search(client, "volunteers:list", {"q": "20 30 40"}, "20 30")
    assert "Ida Hansen" in html and "Bo Holm" not in html
    assert 'href="/volunteers/export.xlsx"' in html or reverse("volunteers:export") in _urls(html)
    export = client.get(reverse("volunteers:export"))
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    names = [row[0] for row in load_workbook(BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Ida"]  # the export follows the list's search


def test_the_api_takes_a_volunteer_search_only_in_the_body(client_for, facilitator_a, partnership_a):
    VolunteerProfile.objects.create(partnership=partnership_a, first_name="Ida", last_name="Hansen",
                                    email="ida@example.org", consent_given=True)
    client = client_for(facilitator_a)
    refused = client.get(f"/api/v1/volunteers/volunteers?partnership_id={partnership_a.pk}&q=Ida")
    assert refused.status_code == 400 and "POST" in refused.json()["detail"]
    found = client.post("/api/v1/volunteers/volunteers/search", {"partnership_id": partnership_a.pk, "q": "Ida"},
                        content_type="application/json").json()
    assert found["count"] == 1 and found["results"][0]["first_name"] == "Ida"


def test_audit_log_filter_by_person_stays_out_of_the_url(client_for, facilitator_a, partnership_a):
    from brobyg.audit.services import record

    record(facilitator_a, "citizen.view", partnership=partnership_a, detail="alpha")
    client = client_for(facilitator_a)
    html = _search(client, "audit:list", {"user": "fac_a"}, "fac_a")
    assert "alpha" in html
    htmx = client.post(reverse("audit:list"), {"user": "nobody"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "alpha" not in htmx.content.decode()


def test_production_mail_settings_never_print_reset_links_or_invitation_tokens(
        client, client_for, facilitator_a, make_user, settings, capsys, caplog):
    from brobyg import settings as production  # DEBUG off, no EMAIL_URL: what a server without mail gets

    settings.EMAIL_BACKEND = production.EMAIL_BACKEND
    assert "console" not in settings.EMAIL_BACKEND
    make_user(username="mette", email="mette@example.org")
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("accounts:password_reset"), {"email": "mette@example.org"})
        client_for(facilitator_a).post(reverse("accounts:invite"), {"email": "new@example.org",
                                                                    "role": Role.REFERRER})
    from brobyg.accounts.models import Invitation

    token = Invitation.objects.get(email="new@example.org").token
    printed = capsys.readouterr()
    logged = caplog.text
    for output in (printed.out, printed.err, logged):
        assert token not in output and "/reset/" not in output and "mette@example.org" not in output
    assert "not sent" in logged and not mail.outbox
