"""Survey rounds: personal links (hashed, expiring), answers, response tracking, reminders, measures and pages."""
import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from brobyg.audit.models import AuditEntry
from brobyg.evaluation import services
from brobyg.evaluation.models import Invitation, SurveyRound, Tie
from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Role, Sector


@pytest.fixture
def actors(partnership_a, org_a):
    extra = [Organisation.objects.create(name=f"Aktør {i}", sector=s, email=f"a{i}@example.org")
             for i, s in enumerate([Sector.PUBLIC, Sector.HOUSING, Sector.ASSOCIATION])]
    for org in extra:
        PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=org)
    return list(PartnershipOrganisation.objects.filter(partnership=partnership_a).order_by("organisation__name"))


def _client(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _start(client, facilitator):
    _client(client, facilitator)
    response = client.post(reverse("evaluation:round_new"), {"title": "Runde 1", "days": 14})
    assert response.status_code == 302
    rnd = SurveyRound.objects.get(title="Runde 1")
    page = client.get(reverse("evaluation:round", args=[rnd.pk])).content.decode()
    links = [part.split('"')[0] for part in page.split('value="')[1:] if "/evaluation/survey/" in part.split('"')[0]]
    return rnd, links


def _answer_payload(invitation, others, works=True):
    data = {}
    for a in others:
        data[f"a{a.pk}_works"] = "yes" if works else "no"
        data[f"a{a.pk}_freq"] = "3"
        data[f"a{a.pk}_kinds"] = ["information", "referrals"]
        for i in (1, 2, 3):
            data[f"a{a.pk}_trust{i}"] = "4"
            data[f"a{a.pk}_value{i}"] = "3"
    return data


def test_round_gives_every_actor_a_hashed_link(client, facilitator_a, actors):
    rnd, links = _start(client, facilitator_a)
    assert rnd.invitations.count() == len(actors) == len(links) == 4
    token = links[0].rstrip("/").split("/")[-1]
    assert not Invitation.objects.filter(token_hash=token).exists()  # the raw token is not stored
    assert Invitation.objects.filter(token_hash=services.hash_token(token)).exists()
    assert AuditEntry.objects.filter(action="survey.start", partnership_id=rnd.partnership_id).exists()


def test_answering_through_the_link_and_tracking(client, facilitator_a, actors):
    rnd, links = _start(client, facilitator_a)
    anonymous = client.__class__()
    path = links[0].split("testserver")[-1]
    page = anonymous.get(path)
    assert page.status_code == 200
    invitation = services.invitation_for_token(path.rstrip("/").split("/")[-1])
    others = services.others(invitation)
    assert len(others) == 3
    response = anonymous.post(path, _answer_payload(invitation, others))
    assert response.status_code == 200 and "thanks" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    ties = Tie.objects.filter(round=rnd, source=invitation.actor)
    assert ties.count() == 3 and all(t.trust == 4 and t.value == 3 and t.frequency == 3 for t in ties)
    # Answering again replaces the answers.
    anonymous.post(path, _answer_payload(invitation, others, works=False))
    assert Tie.objects.filter(round=rnd, source=invitation.actor, works_together=True).count() == 0
    status = services.response_status(rnd)
    assert status["answered"] == 1 and status["total"] == 4


def test_invalid_rating_is_refused(client, facilitator_a, actors):
    rnd, links = _start(client, facilitator_a)
    path = links[0].split("testserver")[-1]
    invitation = services.invitation_for_token(path.rstrip("/").split("/")[-1])
    data = _answer_payload(invitation, services.others(invitation))
    data[next(k for k in data if k.endswith("trust1"))] = "9"
    response = client.__class__().post(path, data)
    assert "form-errors" in response.content.decode()
    assert not Tie.objects.filter(round=rnd).exists()


@pytest.mark.parametrize("case", ["unknown", "expired", "closed"])
def test_wrong_expired_or_closed_link_is_refused(client, facilitator_a, actors, case):
    rnd, links = _start(client, facilitator_a)
    path = links[0].split("testserver")[-1]
    if case == "unknown":
        path = reverse("evaluation:answer", args=["not-a-real-token"])
    elif case == "expired":
        SurveyRound.objects.filter(pk=rnd.pk).update(expires=timezone.now() - dt.timedelta(minutes=1))
    else:
        SurveyRound.objects.filter(pk=rnd.pk).update(closed=True)
    anonymous = client.__class__()
    response = anonymous.get(path)
    assert response.status_code in (404, 410)
    assert 'id="refusal"' in response.content.decode()
    response = anonymous.post(path, {})
    assert response.status_code in (404, 410)
    assert not Invitation.objects.filter(answered_at__isnull=False).exists()


def test_reminder_mails_new_links_to_those_missing(client, facilitator_a, actors):
    rnd, links = _start(client, facilitator_a)
    first = links[0].split("testserver")[-1]
    invitation = services.invitation_for_token(first.rstrip("/").split("/")[-1])
    client.__class__().post(first, _answer_payload(invitation, services.others(invitation)))
    mail.outbox.clear()
    response = client.post(reverse("evaluation:round_remind", args=[rnd.pk]))
    assert response.status_code == 302
    # Three actors have not answered; org_a has no e-mail and no member with one except the facilitator.
    assert 2 <= len(mail.outbox) <= 3
    assert "/evaluation/survey/" in mail.outbox[0].body
    assert Invitation.objects.filter(round=rnd, reminded_at__isnull=False).count() == 3
    # The answered actor's link still works; the reminded ones got new links.
    assert client.__class__().get(first).status_code == 200
    assert client.__class__().get(links[1].split("testserver")[-1]).status_code == 404


def test_measures_and_pages_for_the_facilitator(client, facilitator_a, actors):
    rnd, links = _start(client, facilitator_a)
    for link in links[:3]:
        path = link.split("testserver")[-1]
        inv = services.invitation_for_token(path.rstrip("/").split("/")[-1])
        client.__class__().post(path, _answer_payload(inv, services.others(inv)))
    m = services.round_measures(rnd)
    assert m["overall"]["actors"] == 4
    assert m["overall"]["ties"] == 6  # three respondents tie everybody: the complete graph on 4 actors
    assert m["overall"]["density"] == pytest.approx(1.0)
    page = client.get(reverse("evaluation:network", args=[rnd.pk]))
    assert page.status_code == 200 and b"network-map" in page.content and b"<script>" not in page.content
    svg = client.get(reverse("evaluation:network_svg", args=[rnd.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")


def test_other_partnership_and_wrong_role_are_refused(client, facilitator_a, facilitator_b, make_user, actors,
                                                      partnership_a):
    rnd, _links = _start(client, facilitator_a)
    _client(client, facilitator_b)
    assert client.get(reverse("evaluation:round", args=[rnd.pk])).status_code == 404
    assert client.get(reverse("evaluation:network", args=[rnd.pk])).status_code == 404
    referrer = make_user(Role.REFERRER, partnership_a)
    _client(client, referrer)
    assert client.get(reverse("evaluation:round", args=[rnd.pk])).status_code == 403
    assert client.get(reverse("evaluation:dashboard")).status_code == 403
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    _client(client, evaluator)
    assert client.get(reverse("evaluation:network", args=[rnd.pk])).status_code == 200
    assert client.get(reverse("evaluation:round", args=[rnd.pk])).status_code == 403
    assert client.post(reverse("evaluation:round_close", args=[rnd.pk])).status_code == 403


def test_form_field_names_carry_plain_ids_beyond_999(client, facilitator_a, partnership_a):
    """Regression (found by CI): with ids above 999 the Danish thousands separator turned a1234_works into
    a1.234_works, and every answer was silently lost. The form names must carry the id as the parser reads it."""
    for i, pk in enumerate((1234, 56789)):
        org = Organisation.objects.create(name=f"Stor aktør {i}", sector=Sector.ASSOCIATION)
        PartnershipOrganisation.objects.create(pk=pk, partnership=partnership_a, organisation=org)
    rnd, links = _start(client, facilitator_a)
    path = links[0].split("testserver")[-1]
    page = client.__class__().get(path).content.decode()
    invitation = services.invitation_for_token(path.rstrip("/").split("/")[-1])
    for other in services.others(invitation):
        assert f'name="a{other.pk}_works"' in page


def test_every_row_needs_an_answer_or_dont_know(client, facilitator_a, actors):
    """One "no" and blank rows used to be thanked and counted as answered, the blanks as "no tie"."""
    rnd, links = _start(client, facilitator_a)
    path = links[0].split("testserver")[-1]
    invitation = services.invitation_for_token(path.rstrip("/").split("/")[-1])
    first, *rest = services.others(invitation)
    anonymous = client.__class__()
    response = anonymous.post(path, {f"a{first.pk}_works": "no"})
    body = response.content.decode()
    assert "form-errors" in body and body.count('aria-invalid="true"') == len(rest) == 2
    invitation.refresh_from_db()
    assert invitation.answered_at is None and not Tie.objects.filter(round=rnd).exists()  # nothing saved
    data = {f"a{first.pk}_works": "no", **{f"a{a.pk}_works": "unknown" for a in rest}}
    assert "thanks" in anonymous.post(path, data).content.decode()
    ties = {t.target_id: t for t in Tie.objects.filter(round=rnd, source=invitation.actor)}
    assert ties[first.pk].knows_target and not ties[first.pk].works_together
    assert all(not ties[a.pk].knows_target and not ties[a.pk].works_together for a in rest)
    assert services.response_status(rnd)["unknown"] == 2
    page = anonymous.get(path).content.decode()  # answering again shows what was answered
    assert page.count('value="unknown" checked') == 2
    round_page = client.get(reverse("evaluation:round", args=[rnd.pk])).content.decode()
    assert "1 af 4" in round_page and "kender ikke denne organisation" in round_page
