"""The protection every public form shares (core.publicforms), through HTTP on the self-referral /bridge/ask/:
a burst is throttled per client across processes (the count is in the database), a filled honeypot stores nothing,
a too-fast or forged submission is refused, and a refused form keeps what was typed."""
import pytest
from django.test import Client
from django.urls import reverse

from brobyg.bridging.models import Referral
from brobyg.core.models import PublicFormCount
from brobyg.core.publicforms import stamp

pytestmark = pytest.mark.django_db


def _ask(partnership, **extra):
    data = {"partnership": partnership.pk, "contact_name": "Mette", "contact_phone": "12345678",
            "contact_email": "", "postcode": "8000", "wants_help_with": "Gåture", "agree": "on",
            "website": "", "started": stamp("ask", seconds_ago=30)}
    data.update(extra)
    return data


def test_a_burst_of_self_referrals_is_throttled_with_a_danish_message(client, partnership_a, settings):
    settings.BROBYG_ASK_PER_HOUR = 5
    url = reverse("bridging:ask")
    answers = [client.post(url, _ask(partnership_a, contact_phone=f"2000000{i}")).status_code for i in range(5)]
    assert answers == [302] * 5
    refused = client.post(url, _ask(partnership_a, contact_name="Sidsel", contact_phone="87654321"))
    body = refused.content.decode()
    assert refused.status_code == 429 and "mange henvendelser" in body
    assert 'value="Sidsel"' in body and 'value="87654321"' in body  # the form keeps what was typed
    assert Referral.objects.count() == 5
    # A second process (a new client with the same address) sees the same count: it lives in the database.
    assert Client().post(url, _ask(partnership_a, contact_phone="11111111")).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7").post(url, _ask(partnership_a, contact_phone="22222222"))
    assert other.status_code == 302 and Referral.objects.count() == 6


def test_correcting_mistakes_does_not_use_up_the_allowance(client, partnership_a, settings):
    settings.BROBYG_ASK_PER_HOUR = 1
    url = reverse("bridging:ask")
    for _ in range(3):
        assert client.post(url, _ask(partnership_a, contact_phone="", contact_email="")).status_code == 200
    assert client.post(url, _ask(partnership_a)).status_code == 302


def test_honeypot_filled_stores_nothing_but_looks_like_success(client, partnership_a):
    response = client.post(reverse("bridging:ask"), _ask(partnership_a, website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("bridging:ask_thanks")
    assert not Referral.objects.exists() and not PublicFormCount.objects.exists()


def test_honeypot_is_out_of_sight_and_the_page_carries_a_stamp(client):
    body = client.get(reverse("bridging:ask")).content.decode()
    assert '<div class="hp" aria-hidden="true">' in body and 'name="website"' in body
    assert 'type="hidden" name="started"' in body


def test_too_fast_and_forged_submissions_are_refused_keeping_the_answers(client, partnership_a, settings):
    settings.BROBYG_ASK_MIN_SECONDS = 3
    url = reverse("bridging:ask")
    page = client.get(url).content.decode()
    fresh = page.split('name="started" value="')[1].split('"')[0]
    fast = client.post(url, _ask(partnership_a, started=fresh, contact_name="Aksel"))
    assert fast.status_code == 200 and "hurtigt" in fast.content.decode()
    assert 'value="Aksel"' in fast.content.decode()
    forged = client.post(url, _ask(partnership_a, started="1234:forged"))
    assert forged.status_code == 200 and "udløbet" in forged.content.decode()
    other_form = client.post(url, _ask(partnership_a, started=stamp("signup", seconds_ago=30)))
    assert other_form.status_code == 200  # a stamp from another public form does not fit this one
    assert not Referral.objects.exists()
    # The refused page carries a fresh stamp, so sending the kept answers again (after a moment) is accepted.
    renewed = forged.content.decode().split('name="started" value="')[1].split('"')[0]
    settings.BROBYG_ASK_MIN_SECONDS = 0
    assert client.post(url, _ask(partnership_a, started=renewed)).status_code == 302


def test_behind_the_proxy_the_client_is_the_rightmost_forwarded_address(partnership_a, settings):
    settings.BEHIND_PROXY = True
    settings.BROBYG_ASK_PER_HOUR = 1
    url = reverse("bridging:ask")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(**proxy).post(url, _ask(partnership_a), HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    assert first.status_code == 302
    # Forging the left part of the header does not give a fresh allowance: the proxy appended the real address.
    spoofed = Client(**proxy).post(url, _ask(partnership_a), HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.5")
    assert spoofed.status_code == 429
    # Another real client behind the same proxy has its own allowance.
    other = Client(**proxy).post(url, _ask(partnership_a), HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 302
