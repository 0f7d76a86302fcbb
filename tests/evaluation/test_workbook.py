"""The dashboard workbook opened with openpyxl: numbers are numbers with number formats, the period is dates, labels
are Danish, the charts are real charts, each level has a sheet and a Definitions sheet says how figures are made.
The PDF report's header names the period; a reversed period is refused with a message."""
import datetime as dt
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook



def _referrals(partnership, n):
    from brobyg.bridging.models import Citizen, Referral

    for i in range(n):
        citizen = Citizen.objects.create(partnership=partnership, first_name=f"C{i}")
        Referral.objects.create(partnership=partnership, citizen=citizen, status="consented")


def test_the_workbook_is_made_for_calculating(client_for, facilitator_a, partnership_a):
    _referrals(partnership_a, 7)
    c = client_for(facilitator_a)
    r = c.get(reverse("evaluation:export_xlsx"), {"start": "2020-01-01", "end": "2030-12-31"})
    assert r.status_code == 200
    wb = load_workbook(BytesIO(r.content))
    names = wb.sheetnames
    assert names[:2] == ["Indikatorer", "Diagrammer"] and "Definitioner" in names and "Netværk" in names
    overview = wb.worksheets[0]
    assert overview["A2"].value == "Periode" and overview["B2"].value == dt.datetime(2020, 1, 1)  # a date
    rows = {row[1].value: row for row in overview.iter_rows(min_row=6) if row[1].value}
    referrals = rows["Modtagne henvisninger"]
    assert referrals[2].value == 7 and referrals[2].data_type == "n" and referrals[2].number_format == "0"
    density = rows["Netværkets tæthed"]
    assert density[2].number_format == "0%"
    charts = wb["Diagrammer"]
    assert len(charts._charts) >= 2  # real bar charts, not a table called "Diagrammer"
    definitions = [row[2].value for row in wb["Definitioner"].iter_rows(min_row=2) if row[2].value]
    assert len(definitions) >= len(rows) - 1 and all(isinstance(d, str) and len(d) > 20 for d in definitions)
    level_sheets = [n for n in names if n not in ("Indikatorer", "Diagrammer", "Netværk", "Definitioner")]
    assert len(level_sheets) == 3


def test_the_report_names_its_period_and_a_reversed_one_is_refused(client_for, facilitator_a):
    c = client_for(facilitator_a)
    r = c.get(reverse("evaluation:export_pdf"), {"start": "2026-03-01", "end": "2026-01-31"})
    assert r.status_code == 400 and "slutter før" in r.content.decode()
    assert c.get(reverse("evaluation:export_xlsx"), {"start": "2026-03-01", "end": "2026-01-31"}).status_code == 400
    page = c.get(reverse("evaluation:dashboard"), {"start": "2026-03-01", "end": "2026-01-31"}).content.decode()
    assert "slutter før" in page


def test_the_network_sheets_name_sectors_in_danish_and_list_the_ties(client_for, facilitator_a, partnership_a,
                                                                      org_a):
    from brobyg.evaluation import services
    from brobyg.evaluation.models import Invitation, SurveyRound
    from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Sector

    for i, sector in enumerate([Sector.VOLUNTEER_CENTRE, Sector.HOUSING]):
        PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=Organisation.objects.create(
            name=f"Aktør {i}", sector=sector))
    actors = list(PartnershipOrganisation.objects.filter(partnership=partnership_a).order_by("organisation__name"))
    rnd = SurveyRound.objects.create(partnership=partnership_a, title="Runde 1",
                                     expires=dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc))
    for n, actor in enumerate(actors):
        invitation = Invitation.objects.create(round=rnd, actor=actor, token_hash=f"{n:064d}")
        answers = {other.pk: {"works_together": True, "frequency": 3, "kinds": ["information"], "trust_1": 4,
                              "trust_2": 3, "trust_3": 3} for other in actors if other != actor}
        services.save_answers(invitation, answers)
    wb = load_workbook(BytesIO(client_for(facilitator_a).get(reverse("evaluation:export_xlsx")).content))
    network = " ".join(str(c.value) for row in wb["Netværk"].iter_rows() for c in row if c.value is not None)
    assert "volunteer_centre" not in network and "housing" not in network and "Boligsocial helhedsplan" in network
    ties = list(wb["Forbindelser"].iter_rows(min_row=2, values_only=True))
    assert len(ties) == len(actors) * (len(actors) - 1)
    first = ties[0]
    assert first[2] == "Ja" and first[3] == "Cirka hver måned" and first[4] == "Deler viden og information"
    assert abs(first[5] - 10 / 3) < 1e-9  # a number, the mean of the three trust answers
