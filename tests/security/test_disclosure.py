"""Issue 13 §2: small-count suppression that holds against differencing (core.stats, README "Small counts").

Each test replays an attack of the issue through the API or the pages an evaluator uses: two means over 5 and 6 people
combined into one person's WHO-5 change, two counts subtracted ("referrals 7" − "with consent 5"), a period moved by a
day, and the Excel/PDF/API figures checked against the screen."""
import datetime as dt
import math
import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from brobyg.partnerships.models import Role

pytestmark = pytest.mark.django_db

WHO5_STEP = 5  # the README's rounding step for the WHO-5 change


@pytest.fixture
def evaluator(make_user, partnership_a):
    return make_user(Role.EVALUATOR, partnership_a)


def _hidden():
    from brobyg.core.stats import hidden

    with translation.override("da"):
        return hidden()


def _api(client, partnership, **period):
    response = client.get(f"/api/v1/evaluation/{partnership.pk}/indicators", period)
    assert response.status_code == 200, response.content
    data = response.json()
    return data, {r["key"]: r for level in data["levels"] for r in level["indicators"]}


def _at(day: dt.date, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _referrals(partnership, n, day, status="new"):
    from brobyg.bridging.models import Referral

    for i in range(n):
        r = Referral.objects.create(partnership=partnership, contact_name=f"Borger {i}", status=status)
        Referral.objects.filter(pk=r.pk).update(created=_at(day))


def _who5(citizen, day, item):
    from brobyg.bridging.models import OutcomeMeasure

    OutcomeMeasure.objects.create(citizen=citizen, taken_at=_at(day), **{f"who5_{i}": item for i in range(1, 6)})


def _row(body: str, label: str) -> str:
    return body.split(label, 1)[1].split("</tr>", 1)[0]


def test_two_means_over_five_and_six_people_do_not_give_one_persons_wellbeing_change(client_for, evaluator,
                                                                                    partnership_a):
    """The issue's numbers: five citizens +20 each (mean 20.0), a sixth −60 (mean 6.67); 6·m6 − 5·m5 was −60."""
    from brobyg.bridging.models import Citizen

    for i in range(5):
        c = Citizen.objects.create(partnership=partnership_a, first_name=f"C{i}")
        _who5(c, dt.date(2025, 1, 10), 1)  # WHO-5 = 5 × 1 × 4 = 20
        _who5(c, dt.date(2025, 3, 10), 2)  # 40: +20
    sixth = Citizen.objects.create(partnership=partnership_a, first_name="Sjette")
    _who5(sixth, dt.date(2025, 1, 10), 4)  # 80
    _who5(sixth, dt.date(2025, 4, 20), 1)  # 20: −60
    client = client_for(evaluator)
    five = _api(client, partnership_a, end="2025-03-31")[1]["wellbeing_change"]
    six = _api(client, partnership_a, end="2025-04-30")[1]["wellbeing_change"]
    m5, m6 = five["value"], six["value"]
    assert (m5, m6) == (20, 5)  # rounded to whole steps of 5 points, not 20.0 and 6.666…
    assert m5 % WHO5_STEP == 0 and m6 % WHO5_STEP == 0 and five["shown"] == "+20" and six["shown"] == "+5"
    assert 6 * m6 - 5 * m5 != -60
    # What the attacker can still conclude: the sixth change lies where both rounded means allow it. WHO-5 moves in
    # steps of 4, so count the candidates: many, so the one person's change is not given back.
    half = WHO5_STEP / 2
    low, high = 6 * (m6 - half) - 5 * (m5 + half), 6 * (m6 + half) - 5 * (m5 - half)
    candidates = [c for c in range(-100, 101, 4) if low <= c < high]
    assert -60 in candidates and len(candidates) >= 10
    # Four people (the window moved back a month, before the fifth measure was counted): no mean at all.
    c = Citizen.objects.filter(first_name="C4").get()
    c.outcomes.filter(taken_at__month=3).update(taken_at=_at(dt.date(2025, 5, 5)))
    four = _api(client, partnership_a, end="2025-03-31")[1]["wellbeing_change"]
    assert four["value"] is None and four["suppressed"] is True
    # The screen shows what the API shows.
    body = client.get(reverse("evaluation:dashboard"), {"end": "2025-04"}).content.decode()
    assert ">+5<" in _row(body, "Ændring i trivsel (WHO-5 0–100)")


def test_counts_that_subtract_do_not_reveal_a_hidden_count(client_for, evaluator, partnership_a):
    """"Referrals 7" − "with consent 5" = 2 referrals without consent: a small count, so one of the two is hidden."""
    day = timezone.localdate().replace(day=1)
    _referrals(partnership_a, 5, day, status="consented")
    _referrals(partnership_a, 2, day, status="declined")
    client = client_for(evaluator)
    _data, rows = _api(client, partnership_a)
    referrals, consented = rows["referrals"], rows["referrals_consented"]
    assert referrals["value"] == 7
    assert consented["value"] is None and consented["suppressed"] is True and consented["shown"] == _hidden()
    body = client.get(reverse("evaluation:dashboard")).content.decode()
    assert _hidden() in _row(body, "Henvisninger med samtykke") and ">5<" not in _row(body, "Henvisninger med samtykke")
    # Once the rest is k or more, both are shown.
    _referrals(partnership_a, 3, day, status="declined")
    rows = _api(client, partnership_a)[1]
    assert (rows["referrals"]["value"], rows["referrals_consented"]["value"]) == (10, 5)


def test_referrals_per_month_do_not_subtract_from_the_period_total(client_for, evaluator, partnership_a):
    """Three referrals one month and six the next: the total 9 is shown, so the six must not be (9 − 6 = 3)."""
    _referrals(partnership_a, 3, dt.date(2025, 5, 12))
    _referrals(partnership_a, 6, dt.date(2025, 6, 3))
    client = client_for(evaluator)
    _data, rows = _api(client, partnership_a, start="2025-05-01", end="2025-06-30")
    assert rows["referrals"]["value"] == 9
    body = client.get(reverse("evaluation:dashboard"), {"start": "2025-05", "end": "2025-06"}).content.decode()
    bars = body.split("Henvisninger pr. måned")[1].split("</ul>")[0]
    assert "2025-05" in bars and "2025-06" in bars
    values = re.findall(r'class="bar-value">([^<]*)<', bars)
    assert values == [_hidden(), _hidden()]
    # Nor can the six be read as a period of its own: June's edge with May has only three on one side, so a
    # period that starts there shows no referral count (whole months could still be subtracted otherwise).
    for start, end in [("2025-06-01", "2025-06-30"), ("2025-06-01", None), ("2025-05-01", "2025-05-31")]:
        period = {"start": start, **({"end": end} if end else {})}
        assert _api(client, partnership_a, **period)[1]["referrals"]["value"] is None, period
    # An edge with k or more on both sides is fine: five more in July, read from July on.
    _referrals(partnership_a, 5, dt.date(2025, 7, 2))
    assert _api(client, partnership_a, start="2025-07-01")[1]["referrals"]["value"] == 5


def test_two_periods_cannot_be_subtracted_to_a_small_rest(client_for, evaluator, partnership_a):
    """December: 5 with consent, 5 declined; January: 5 with consent, 2 declined. Both months together (17, 10) minus
    December alone (10, 5) would give January's 2 without consent; December alone therefore hides "with consent"."""
    for day, declined in ((dt.date(2024, 12, 3), 5), (dt.date(2025, 1, 8), 2)):
        _referrals(partnership_a, 5, day, status="consented")
        _referrals(partnership_a, declined, day, status="declined")
    client = client_for(evaluator)
    both = _api(client, partnership_a, start="2024-12-01", end="2025-01-31")[1]
    december = _api(client, partnership_a, start="2024-12-01", end="2024-12-31")[1]
    january = _api(client, partnership_a, start="2025-01-01", end="2025-01-31")[1]
    assert (both["referrals"]["value"], both["referrals_consented"]["value"]) == (17, 10)
    assert december["referrals"]["value"] == 10 and december["referrals_consented"]["value"] is None
    assert january["referrals_consented"]["value"] is None


def test_a_period_cannot_be_moved_by_a_day_to_isolate_a_person(client_for, evaluator, partnership_a):
    """Five referrals early in June, one on 20 June: ending the period on the 19th or the 20th, or starting it on
    the 1st or the 2nd, gives the same figures, because periods are whole months."""
    _referrals(partnership_a, 5, dt.date(2025, 6, 1))
    _referrals(partnership_a, 1, dt.date(2025, 6, 20))
    client = client_for(evaluator)
    answers = [_api(client, partnership_a, start=start, end=end)
               for start, end in [("2025-06-01", "2025-06-19"), ("2025-06-01", "2025-06-20"),
                                  ("2025-06-02", "2025-06-30"), ("2025-06-15", "2025-06-15")]]
    for data, rows in answers:
        assert (data["start"], data["end"]) == ("2025-06-01", "2025-06-30")
        assert rows["referrals"]["value"] == 6
    assert len({str(rows) for _data, rows in answers}) == 1
    # The dashboard's period is chosen in months, and a day in the address is read as its month.
    body = client.get(reverse("evaluation:dashboard"), {"start": "2025-06-02", "end": "2025-06-19"}).content.decode()
    assert 'type="month"' in body and 'value="2025-06"' in body
    assert ">6<" in _row(body, "Modtagne henvisninger")


def test_excel_pdf_and_api_show_the_figures_of_the_screen(client_for, evaluator, partnership_a, monkeypatch):
    """One set of figures after the rule, whichever way it leaves the system."""
    import weasyprint
    from openpyxl import load_workbook

    from brobyg.bridging.models import Citizen, Journey

    day = timezone.localdate().replace(day=1)
    _referrals(partnership_a, 5, day, status="consented")
    _referrals(partnership_a, 2, day)
    for i in range(7):
        Journey.objects.create(partnership=partnership_a,
                               citizen=Citizen.objects.create(partnership=partnership_a, first_name=f"J{i}"))
    client = client_for(evaluator)
    _data, rows = _api(client, partnership_a)
    body = client.get(reverse("evaluation:dashboard")).content.decode()
    xlsx = load_workbook(BytesIO(client.get(reverse("evaluation:export_xlsx")).content))
    # The workbook: level, indicator, the number (empty when hidden), the text as shown, the source.
    sheet = {r[1]: (r[2], r[3]) for r in xlsx.worksheets[0].iter_rows(values_only=True) if len(r) > 3 and r[1]}
    seen = []
    real = weasyprint.HTML
    monkeypatch.setattr(weasyprint, "HTML", lambda *a, string=None, **k: seen.append(string) or real(*a, string=string,
                                                                                                     **k))
    assert client.get(reverse("evaluation:export_pdf")).content.startswith(b"%PDF")
    report = seen[0]
    for key, row in rows.items():
        label = row["label"]
        assert f">{row['shown']}<" in _row(body, f">{label}<"), key
        assert f">{row['shown']}<" in _row(report, f">{label}<"), key
        number = row["value"] if isinstance(row["value"], (int, float)) else None
        assert sheet[label] == (number, row["shown"]), key
    assert rows["referrals_consented"]["shown"] == _hidden() and sheet["Henvisninger med samtykke"] == (None, _hidden())
    # The stage bars: all seven paths are in the first stage, the rest are 0, nothing to hide; in every output alike.
    stage_bars = body.split("Borgerforløb pr. fase")[1].split("</ul>")[0]
    assert stage_bars.count('class="bar-value">7<') == 1
    charts = [r for r in xlsx.worksheets[1].iter_rows(values_only=True)]
    assert any(r[1] == 7 for r in charts if len(r) > 1)


def test_channel_table_does_not_give_a_small_channel_back(client_for, evaluator, make_user, partnership_a):
    """Volunteers per recruitment channel: six, six and one; all thirteen are known, so a second channel is hidden."""
    from brobyg.volunteers.models import VolunteerProfile

    for channel, n in (("personal", 6), ("volunteer", 6), ("posting", 1)):
        for _i in range(n):
            VolunteerProfile.objects.create(partnership=partnership_a, user=make_user(), channel=channel)
    body = client_for(evaluator).get(reverse("volunteers:channels")).content.decode()
    table = body.split("<tbody>")[1].split("</tbody>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    numbers = [int(c) for c in cells if c.isdigit()]
    assert 1 not in numbers and sum(n == 6 for n in numbers) == 2  # one channel's volunteers and its active ones
    assert table.count(_hidden()) == 2


def test_shares_need_k_people_on_each_side(client_for, evaluator, make_user, partnership_a):
    """Volunteers retained after six months: 6 of 7 would tell that one stopped, so no share is shown."""
    from brobyg.volunteers.models import VolunteerProfile

    old = timezone.now() - dt.timedelta(days=400)
    for i in range(7):
        p = VolunteerProfile.objects.create(partnership=partnership_a, user=make_user(),
                                            status="active" if i < 6 else "stopped")
        VolunteerProfile.objects.filter(pk=p.pk).update(created=old)
    client = client_for(evaluator)
    assert _api(client, partnership_a)[1]["volunteers_retained"]["value"] is None
    for _i in range(4):
        p = VolunteerProfile.objects.create(partnership=partnership_a, user=make_user(), status="stopped")
        VolunteerProfile.objects.filter(pk=p.pk).update(created=old)
    retained = _api(client, partnership_a)[1]["volunteers_retained"]
    assert retained["value"] == pytest.approx(round(6 / 11, 2)) and math.isclose(retained["value"] * 100 % 1, 0,
                                                                                abs_tol=1e-6)


def test_initiatives_overview_protects_statuses_and_quarters(client_for, evaluator, partnership_a):
    """Ideas: five new and one parked (the parked one must not be 6 − 5); three ideas at the end of last quarter
    next to six this quarter, so this quarter's six cannot be read as a period of its own."""
    from brobyg.initiatives.models import Idea

    today = timezone.localdate()
    quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    end_of_last = quarter - dt.timedelta(days=1)

    def ideas(n, day, status="new"):
        for i in range(n):
            idea = Idea.objects.create(partnership=partnership_a, title=f"Idé {i}", description="x",
                                       initiator_name="Borger", status=status)
            Idea.objects.filter(pk=idea.pk).update(received=_at(day))

    ideas(5, today)
    ideas(1, today, status="parked")
    ideas(3, end_of_last, status="dialogue")
    ideas(5, today - dt.timedelta(days=800), status="declined")
    body = client_for(evaluator).get(reverse("initiatives:overview")).content.decode()
    statuses = body.split('class="inline-list"')[1].split("</ul>")[0]
    # Parked (1) and in dialogue (3) are small; together 4, which 14 − the shown statuses would give back, so one of
    # the statuses with five is hidden as well.
    assert statuses.count(_hidden()) == 3
    trend = body.split('id="trend"')[1].split("</table>")[0].split("<tr>")
    this_quarter, last_quarter = trend[-1], trend[-2]
    assert "<td>6</td>" not in this_quarter and _hidden() in this_quarter
    assert _hidden() in last_quarter
