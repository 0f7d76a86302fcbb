"""Issue 21: the citizen's own page by personal link — through HTTP as the bridge-builder and the citizen use it."""
import datetime as dt
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.bridging import bridge
from brobyg.bridging.models import Arrival, Proposal, Stage
from brobyg.directory import geo
from brobyg.directory.models import Activity, Schedule
from brobyg.mine.models import CitizenLink

from .conftest import Who

pytestmark = pytest.mark.django_db

HIDDEN = ("Testesen", "12345678", "Needs a chair", "loneliness", "1970", "8000 Aarhus C")


@pytest.fixture
def walk(org_a, partnership_a):
    place = geo.lookup_postcode("8000")
    activity = Activity.objects.create(
        title="Gåtur og kaffe", search_text="gåtur kaffe natur", open_places=2, organisation=org_a,
        partnership=partnership_a, status="published", latitude=place.latitude, longitude=place.longitude,
        weekday_mask=8, daypart_mask=4, price_type="fee", price_amount=20, entrance="Den grønne dør", meeting_place="Ved springvandet",
        receiver="Birthe, frivillig, Hansen")
    Schedule.objects.create(activity=activity, weekday=Schedule.Weekday.THURSDAY, start_time=dt.time(17, 0))
    return activity


@pytest.fixture
def citizen(make_citizen, people, walk):
    c = make_citizen("Rosa")
    c.interests = "gåture, natur"
    c.barriers = "economy,mental"
    c.days = "3"
    c.save()
    journey = c.current_journey()
    journey.stage = Stage.KENDSKAB
    bridge.propose(Who(people["bb"]), journey, [walk.pk])
    return c


def _login(user):
    client = Client()
    client.force_login(user)
    return client


def _issue(people, citizen):
    response = _login(people["bb"]).post(reverse("mine:send_link", args=[citizen.pk]))
    assert response.status_code == 200
    url = re.search(r'id="personal-link"[^>]*value="([^"]+)"', response.content.decode()).group(1)
    return url.split("/mine/", 1)[1].strip("/"), response


def _open(token):
    client = Client()
    response = client.get(reverse("mine:enter", args=[token]))
    return client, response


def test_link_is_shown_once_stored_as_hash_and_swapped_for_a_session(people, citizen, caplog):
    caplog.set_level(logging.DEBUG)
    token, shown = _issue(people, citizen)
    link = CitizenLink.objects.get(citizen=citizen)
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert shown["Referrer-Policy"] == "same-origin" and shown["Cache-Control"] == "no-store"
    client, response = _open(token)
    assert response.status_code == 302 and response["Location"] == reverse("mine:page")
    assert token not in response["Location"]
    page = client.get(reverse("mine:page"))
    assert page.status_code == 200 and "Gåtur og kaffe" in page.content.decode()
    # The token is in no log record and no audit entry.
    assert not [r for r in caplog.records if token in r.getMessage()]
    assert not AuditEntry.objects.filter(detail__contains=token).exists()
    # Renewing makes a new link: the old one and its session stop.
    new_token, _shown = _issue(people, citizen)
    assert new_token != token
    assert _open(token)[1].status_code == 404
    assert client.get(reverse("mine:page")).status_code == 404
    assert _open(new_token)[1].status_code == 302
    # The citizen page tells the bridge-builder until when the link works (never the link itself again).
    detail = _login(people["bb"]).get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert 'id="link-status"' in detail and new_token not in detail


def test_guessed_expired_and_withdrawn_links_are_refused_kindly(people, citizen):
    assert _open("guessed-token-" + "x" * 20)[1].status_code == 404
    assert Client().get(reverse("mine:page")).status_code == 404  # no link, no session
    for user in (people["bb"], people["fac"]):  # a membership grants nothing here
        assert _login(user).get(reverse("mine:page")).status_code == 404
        assert _login(user).post(reverse("mine:act", args=["pause"])).status_code == 404
    token, _shown = _issue(people, citizen)
    CitizenLink.objects.filter(citizen=citizen).update(expires=timezone.now() - dt.timedelta(seconds=1))
    response = _open(token)[1]
    assert response.status_code == 410 and "for gammelt" in response.content.decode()
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    # Staff withdraw consent: the link and the open session stop.
    _login(people["bb"]).post(reverse("bridging:consent_withdraw", args=[citizen.pk]))
    assert client.get(reverse("mine:page")).status_code == 410
    assert _open(token)[1].status_code == 410
    # No new link without consent.
    refused = _login(people["bb"]).post(reverse("mine:send_link", args=[citizen.pk]), follow=True)
    assert "aktive samtykke" in refused.content.decode()
    assert _open(token)[1].status_code == 410
    # Consent given again later does not bring the old link back.
    _login(people["bb"]).post(reverse("bridging:consent_new", args=[citizen.pk]),
                              {"method": "phone", "contact_for_follow_up": "on", "confirm": "on"})
    assert citizen.active_consent() is not None
    assert _open(token)[1].status_code == 410
    assert _open(_issue(people, citizen)[0])[1].status_code == 302


def test_page_shows_only_what_the_citizen_knows_and_audits_as_the_citizen(people, citizen):
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    before = AuditEntry.objects.filter(action="citizen.view").count()
    html = client.get(reverse("mine:page")).content.decode()
    assert "Rosa" in html and "Gåtur og kaffe" in html
    assert "Du har sagt, at du kan lide gåture, natur" in html and "på en dag, der passer dig" in html
    staff_reasons = Proposal.objects.get(journey__citizen=citizen).reasons  # written for staff, may name a barrier
    assert any("barriere" in r for r in staff_reasons)
    for reason in staff_reasons:
        assert reason not in html, reason
    for secret in HIDDEN:
        assert secret not in html, secret
    stored = html[html.index('id="stored"'):]
    assert "Hvad der kan gøre det svært for dig" in stored  # the kind is named, the barrier itself is not
    assert "Dine svar på de korte spørgsmål om trivsel" not in stored  # none recorded
    assert AuditEntry.objects.filter(action="citizen_link.open", actor=None, partnership=citizen.partnership).exists()
    entry = AuditEntry.objects.filter(action="citizen.view").latest("pk")
    assert AuditEntry.objects.filter(action="citizen.view").count() == before + 1
    assert entry.actor is None and "citizen" in entry.detail and entry.partnership == citizen.partnership
    assert entry.object_id == str(citizen.pk)


def test_choosing_takes_the_place_and_coming_tells_the_host(people, citizen, walk):
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    proposal = Proposal.objects.get(journey__citizen=citizen)
    response = client.post(reverse("mine:act_on", args=["choose", proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.CHOSEN
    arrival = Arrival.objects.get(journey__citizen=citizen)
    assert arrival.activity == walk
    walk.refresh_from_db()  # the citizen's own choice took one of the two open places, as staff's does
    assert walk.open_places == 1 and arrival.holds_place
    html = client.get(reverse("mine:page")).content.decode()
    for shown in ("Den grønne dør", "Ved springvandet", "<dd>Birthe</dd>"):
        assert shown in html
    assert "Hansen" not in html and "frivillig," not in html  # first name only
    assert "Jeg kommer torsdag" in html
    client.post(reverse("mine:act", args=["coming"]))
    arrival.refresh_from_db()
    assert arrival.expected is not None and timezone.localtime(arrival.expected).weekday() == 3
    assert timezone.localtime(arrival.expected).hour == 17
    assert 'id="coming"' in client.get(reverse("mine:page")).content.decode()
    Arrival.objects.filter(pk=arrival.pk).update(expected=timezone.now() - dt.timedelta(days=1))
    assert "Jeg kommer torsdag" in client.get(reverse("mine:page")).content.decode()  # offered again
    # The association contact sees the newcomer on their list.
    newcomers = _login(people["ac"]).get(reverse("bridging:newcomers")).content.decode()
    assert "Rosa" in newcomers and "Gåtur og kaffe" in newcomers
    assert AuditEntry.objects.filter(action="proposal.choose", actor=None, partnership=citizen.partnership).exists()


def test_not_for_me_and_a_break(people, citizen):
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    proposal = Proposal.objects.get(journey__citizen=citizen)
    client.post(reverse("mine:act_on", args=["not_for_me", proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    client.post(reverse("mine:act", args=["pause"]))
    journey = citizen.current_journey()
    assert journey.stage == Stage.PAUSED
    assert journey.transitions.latest("pk").by is None
    assert "holder en pause" in client.get(reverse("mine:page")).content.decode()


def test_another_citizens_proposal_cannot_be_chosen(people, citizen, make_citizen, walk):
    other = make_citizen("Ib")
    bridge.propose(Who(people["bb"]), other.current_journey(), [walk.pk])
    theirs = Proposal.objects.get(journey__citizen=other)
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    client.post(reverse("mine:act_on", args=["choose", theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.status == Proposal.Status.PROPOSED


def test_withdrawal_on_the_page_stops_the_link(people, citizen):
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    unconfirmed = client.post(reverse("mine:act", args=["withdraw"]))
    assert unconfirmed.status_code == 302 and citizen.active_consent() is not None
    response = client.post(reverse("mine:act", args=["withdraw"]), {"confirm": "yes"})
    assert response.status_code == 200 and 'id="withdrawn"' in response.content.decode()
    assert citizen.active_consent() is None
    assert not CitizenLink.objects.filter(citizen=citizen).exists()
    assert client.get(reverse("mine:page")).status_code == 404
    assert _open(token)[1].status_code == 404
    assert AuditEntry.objects.filter(action="consent.withdraw", actor=None).exists()


def test_another_partnership_cannot_renew_the_link(people, citizen):
    response = _login(people["bb_b"]).post(reverse("mine:send_link", args=[citizen.pk]))
    assert response.status_code == 404
    assert not CitizenLink.objects.filter(citizen=citizen).exists()
    assert _login(people["ev"]).post(reverse("mine:send_link", args=[citizen.pk])).status_code == 403


def test_the_link_page_draws_a_qr_code_when_the_library_is_there(people, citizen):
    pytest.importorskip("qrcode")
    _token, shown = _issue(people, citizen)
    assert "<svg" in shown.content.decode() and "<?xml" not in shown.content.decode()


def test_the_page_speaks_english_too(people, citizen):
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("mine:page")).content.decode()
    assert "I would like to try this" in html and "I need a break" in html
    client.cookies["django_language"] = "da"
    assert "Det vil jeg gerne prøve" in client.get(reverse("mine:page")).content.decode()


def test_the_companion_shows_by_first_name_and_meeting_time(people, citizen, walk):
    from brobyg.bridging.models import Companionship
    from brobyg.volunteers.models import Status, VolunteerProfile

    kaj = VolunteerProfile.objects.create(partnership=citizen.partnership, user=people["vol"], first_name="Kaj",
                                          last_name="Følgesen", consent_given=True, status=Status.ACTIVE,
                                          wants_companion=True)
    token, _shown = _issue(people, citizen)
    client, _response = _open(token)
    client.post(reverse("mine:act_on", args=["choose", Proposal.objects.get(journey__citizen=citizen).pk]))
    meet = timezone.make_aware(dt.datetime(2030, 5, 2, 16, 30))
    Companionship.objects.create(journey=citizen.current_journey(), profile=kaj, meeting_place="Ved Rådhuset",
                                 meeting_at=meet)
    html = client.get(reverse("mine:page")).content.decode()
    companion = html[html.index('id="companion"'):].split("</dd>")[0]
    assert "Kaj" in companion and "16:30" in companion and "Ved Rådhuset" in companion
    assert "Følgesen" not in html
