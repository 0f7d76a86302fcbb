"""Theory of change, the indicator registry, the dashboard (suppression, period) and the Excel/PDF exports."""
import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from brobyg.evaluation import indicators, services
from brobyg.evaluation.models import ChangeElement, ElementKind, Intervention
from brobyg.partnerships.models import Role


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def _referrals(partnership, n, when=None):
    from brobyg.bridging.models import Referral

    for i in range(n):
        r = Referral.objects.create(partnership=partnership, contact_name=f"Borger {i}")
        if when:
            Referral.objects.filter(pk=r.pk).update(created=when)


def test_registry_has_the_built_in_and_initiatives_indicators():
    keys = {i.key for i in indicators.available()}
    assert {"referrals", "matched_companion", "stage_transitions", "volunteers_active", "volunteers_retained",
            "person_dependency", "loneliness_change", "wellbeing_change", "actors", "network_density"} <= keys
    assert "initiatives_ideas" in keys  # registered by the initiatives app


def test_small_counts_are_suppressed(partnership_a):
    _referrals(partnership_a, 3)
    ind = indicators.get("referrals")
    assert ind.compute(partnership_a) is None
    from brobyg.core.stats import hidden

    assert services.show(ind, None) == hidden()
    _referrals(partnership_a, 2)
    assert ind.compute(partnership_a) == 5


def test_period_filter(partnership_a):
    old = timezone.now() - dt.timedelta(days=400)
    _referrals(partnership_a, 6, when=old)
    _referrals(partnership_a, 7)
    ind = indicators.get("referrals")
    assert ind.compute(partnership_a) == 13
    assert ind.compute(partnership_a, timezone.localdate() - dt.timedelta(days=30), None) == 7
    assert ind.compute(partnership_a, None, timezone.localdate() - dt.timedelta(days=300)) == 6


def test_outcome_change_needs_enough_citizens(partnership_a):
    from brobyg.bridging.models import Citizen, OutcomeMeasure

    def measure(c, when, score):
        OutcomeMeasure.objects.create(citizen=c, taken_at=when, who5_1=score, who5_2=score, who5_3=score,
                                      who5_4=score, who5_5=score)

    now = timezone.now()
    citizens = [Citizen.objects.create(partnership=partnership_a, first_name=f"C{i}") for i in range(5)]
    for c in citizens[:4]:
        measure(c, now - dt.timedelta(days=90), 2)
        measure(c, now, 3)
    assert indicators.wellbeing_change(partnership_a, None, None) is None  # four people: too few
    measure(citizens[4], now - dt.timedelta(days=90), 1)
    measure(citizens[4], now, 3)
    # WHO-5 = sum × 4: +20 for four citizens, +40 for one → mean +24, shown rounded to 5 points (core.stats).
    assert indicators.wellbeing_change(partnership_a, None, None) == pytest.approx(25)


def test_theory_of_change_page_and_diagram(client, facilitator_a, partnership_a):
    _login(client, facilitator_a)
    response = client.post(reverse("evaluation:interventions"), {"name": "Følgeskab", "description": "x"})
    intervention = Intervention.objects.get(name="Følgeskab")
    assert response.status_code == 302
    url = reverse("evaluation:intervention", args=[intervention.pk])
    client.post(url, {"kind": ElementKind.ACTIVITY, "text": "Samtaler", "order": 1, "indicator": "referrals"})
    activity = ChangeElement.objects.get(text="Samtaler")
    client.post(url, {"kind": ElementKind.OUTCOME, "text": "Fællesskab", "order": 2, "indicator": ""})
    outcome = ChangeElement.objects.get(text="Fællesskab")
    activity.leads_to.add(outcome)
    client.post(url, {"kind": ElementKind.ASSUMPTION, "text": "Foreningerne vil", "order": 3})
    page = client.get(url).content.decode()
    assert "toc-diagram" in page and "Samtaler" in page and "Foreningerne vil" in page
    assert "marker-end" in page  # the arrow from activity to outcome
    svg = services.toc_svg(intervention, services.element_values(intervention))
    assert svg.count("<rect") >= 3
    client.post(reverse("evaluation:element_delete", args=[outcome.pk]))
    assert not ChangeElement.objects.filter(pk=outcome.pk).exists()


def test_evaluator_reads_but_cannot_edit(client, make_user, partnership_a):
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    intervention = Intervention.objects.create(partnership=partnership_a, name="Indsats")
    _login(client, evaluator)
    assert client.get(reverse("evaluation:intervention", args=[intervention.pk])).status_code == 200
    assert client.post(reverse("evaluation:interventions"), {"name": "Ny"}).status_code == 403
    assert client.post(reverse("evaluation:intervention", args=[intervention.pk]),
                       {"kind": "activity", "text": "x", "order": 0}).status_code == 403


def test_dashboard_and_exports(client, facilitator_a, facilitator_b, partnership_a):
    _referrals(partnership_a, 2)
    _login(client, facilitator_a)
    page = client.get(reverse("evaluation:dashboard"), {"start": "2020-01-01", "end": "2030-12-31"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "level-partnership" in body and "level-intervention" in body and "level-citizen" in body
    xlsx = client.get(reverse("evaluation:export_xlsx"))
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(xlsx.content))
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert 2 not in values  # the two referrals are not shown as a number
    pdf = client.get(reverse("evaluation:export_pdf"))
    assert pdf.content.startswith(b"%PDF")
    _login(client, facilitator_b)  # another partnership's facilitator sees their own (empty) dashboard
    assert client.get(reverse("evaluation:dashboard")).status_code == 200


def test_proposals_and_stage_indicators_read_the_bridging_data(partnership_a):
    from brobyg.bridging.models import Citizen, Journey, Proposal, Transition

    now = timezone.now()
    for i in range(6):
        citizen = Citizen.objects.create(partnership=partnership_a, first_name=f"C{i}")
        journey = Journey.objects.create(partnership=partnership_a, citizen=citizen)
        Proposal.objects.create(journey=journey, rank=1)
        Proposal.objects.create(journey=journey, rank=2, status="chosen", chosen_at=now)
        Transition.objects.create(journey=journey, from_stage="", to_stage="kendskab", at=now - dt.timedelta(days=10))
        Transition.objects.create(journey=journey, from_stage="kendskab", to_stage="folgeskab", at=now)
    assert indicators.get("proposals_made").compute(partnership_a) == 12
    assert indicators.get("proposals_chosen").compute(partnership_a) == 6
    assert indicators.get("matched_companion").compute(partnership_a) == 6
    assert indicators.get("stage_transitions").compute(partnership_a) == 12
    assert indicators.get("days_kendskab").compute(partnership_a) == pytest.approx(7)  # 10 days, in whole weeks
    assert indicators.get("days_folgeskab").compute(partnership_a) is None  # nobody has left companionship yet


def test_time_in_hosting_is_an_indicator(client_for, facilitator_a, partnership_a):
    """Issue 6 names 'time in each stage': hosting (000 §7.3) too, suppressed below five citizens."""
    from brobyg.bridging.models import Citizen, Journey, Transition

    now = timezone.now()

    def journeys(n, days):
        for i in range(n):
            citizen = Citizen.objects.create(partnership=partnership_a, first_name=f"H{i}")
            journey = Journey.objects.create(partnership=partnership_a, citizen=citizen)
            Transition.objects.create(journey=journey, from_stage="folgeskab", to_stage="vaertsskab",
                                      at=now - dt.timedelta(days=days))
            Transition.objects.create(journey=journey, from_stage="vaertsskab", to_stage="faellesskab", at=now)

    journeys(4, 20)
    assert indicators.get("days_vaertsskab").compute(partnership_a) is None  # four citizens: too few
    journeys(1, 45)
    assert indicators.get("days_vaertsskab").compute(partnership_a) == pytest.approx(28)  # 25 days, whole weeks
    body = client_for(facilitator_a).get(reverse("evaluation:dashboard")).content.decode()
    row = body.split("Gennemsnitlige dage i værtsskab")[1].split("</tr>")[0]
    assert ">28<" in row and "§7.3" in row and ">Kilde<" in row  # the source as a link to the sources page


def _toc(partnership):
    intervention = Intervention.objects.create(partnership=partnership, name="Følgeskab")
    activity = ChangeElement.objects.create(intervention=intervention, kind=ElementKind.ACTIVITY, text="Samtaler",
                                            order=1, indicator="referrals")
    output = ChangeElement.objects.create(intervention=intervention, kind=ElementKind.OUTPUT, text="Møder op",
                                          order=2)
    outcome = ChangeElement.objects.create(intervention=intervention, kind=ElementKind.OUTCOME, text="Fællesskab",
                                           order=3)
    activity.leads_to.add(output)
    return intervention, activity, output, outcome


def test_element_can_be_edited(client, facilitator_a, partnership_a):
    from brobyg.audit.models import AuditEntry

    intervention, activity, output, outcome = _toc(partnership_a)
    _login(client, facilitator_a)
    page = client.get(reverse("evaluation:intervention", args=[intervention.pk])).content.decode()
    edit_url = reverse("evaluation:element_edit", args=[activity.pk])
    assert f'href="{edit_url}"' in page  # the edit link where the element is shown
    form = client.get(edit_url).content.decode()
    assert "Samtaler" in form
    assert f'value="{activity.pk}"' not in form.split('name="leads_to"', 1)[-1].split("</div>", 1)[0]
    response = client.post(edit_url, {"kind": ElementKind.ACTIVITY, "text": "Brobyggersamtaler", "order": 5,
                                      "indicator": "matched_companion", "leads_to": [outcome.pk]})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#element-{activity.pk}")
    activity.refresh_from_db()
    assert (activity.text, activity.order, activity.indicator) == ("Brobyggersamtaler", 5, "matched_companion")
    assert list(activity.leads_to.all()) == [outcome]
    entry = AuditEntry.objects.get(action="toc.element.change")
    assert entry.object_id == str(activity.pk) and entry.partnership_id == partnership_a.pk
    assert "Brobygger" not in entry.detail
    assert "Brobyggersamtaler" in client.get(reverse("evaluation:intervention", args=[intervention.pk])).content.decode()


@pytest.mark.parametrize("data, field", [
    ({"kind": ElementKind.ACTIVITY, "text": "", "order": 1}, "text"),
    ({"kind": "nonsense", "text": "x", "order": 1}, "kind"),
    ({"kind": ElementKind.ACTIVITY, "text": "x" * 301, "order": 1}, "text"),
    ({"kind": ElementKind.ACTIVITY, "text": "x", "order": 1, "indicator": "no_such_indicator"}, "indicator"),
    ({"kind": ElementKind.ASSUMPTION, "text": "x", "order": 1, "leads_to": ["OUTPUT"]}, "leads_to"),
    ({"kind": ElementKind.ACTIVITY, "text": "x", "order": 1, "leads_to": ["SELF"]}, "leads_to"),
])
def test_bad_edit_shows_clear_errors_and_changes_nothing(client, facilitator_a, partnership_a, data, field):
    from brobyg.audit.models import AuditEntry

    intervention, activity, output, outcome = _toc(partnership_a)
    if "leads_to" in data:
        data["leads_to"] = [output.pk if data["leads_to"] == ["OUTPUT"] else activity.pk]
    _login(client, facilitator_a)
    response = client.post(reverse("evaluation:element_edit", args=[activity.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "form-errors" in body and f'id="id_{field}_errors"' in body
    activity.refresh_from_db()
    assert (activity.kind, activity.text, activity.order) == (ElementKind.ACTIVITY, "Samtaler", 1)
    assert list(activity.leads_to.all()) == [output]
    assert not AuditEntry.objects.filter(action="toc.element.change").exists()


def test_element_edit_is_refused_to_readers_and_other_partnerships(client, make_user, facilitator_b,
                                                                   partnership_a):
    intervention, activity, _output, _outcome = _toc(partnership_a)
    url = reverse("evaluation:element_edit", args=[activity.pk])
    data = {"kind": ElementKind.OUTCOME, "text": "Ændret", "order": 9}
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    _login(client, evaluator)
    page = client.get(reverse("evaluation:intervention", args=[intervention.pk])).content.decode()
    assert url not in page  # no edit link for a reader
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    _login(client, facilitator_b)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.logout()
    assert client.post(url, data).status_code == 302  # to the login page
    activity.refresh_from_db()
    assert activity.text == "Samtaler" and activity.kind == ElementKind.ACTIVITY
