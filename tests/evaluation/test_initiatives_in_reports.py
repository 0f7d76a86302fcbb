"""Issue 8 in the evaluation: citizens' initiatives per quarter on the dashboard and in its exports (small counts
suppressed), and success stories shared with consent in the PDF report for staff only, without names."""
import datetime as dt
import io
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from brobyg.audit.models import AuditEntry
from brobyg.initiatives.models import Idea, Story
from brobyg.partnerships.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report_html(monkeypatch):
    """The HTML the PDF report is rendered from (WeasyPrint's text streams are compressed)."""
    import weasyprint

    seen = []
    real = weasyprint.HTML

    def capture(*args, string=None, **kwargs):
        seen.append(string)
        return real(*args, string=string, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    return seen


def _fewer_than():
    from django.utils import translation

    from brobyg.core.stats import fewer_than

    with translation.override("da"):  # the product's default language
        return fewer_than()


def _ideas(partnership, n):
    for i in range(n):
        Idea.objects.create(partnership=partnership, title=f"Idé {i}", description="x", initiator_name="Borger")


def _jpeg():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(buf, "JPEG")
    buf.seek(0)
    buf.name = "IMG_Birgitte.jpg"
    return buf


def test_dashboard_shows_initiatives_per_quarter_with_small_counts_suppressed(client_for, facilitator_a,
                                                                             partnership_a):
    _ideas(partnership_a, 6)
    for title in ("A", "B"):
        Story.objects.create(partnership=partnership_a, title=title, text="x", author=facilitator_a)
    body = client_for(facilitator_a).get(reverse("evaluation:dashboard")).content.decode()
    table = body.split('id="initiatives-trend"')[1].split("</table>")[0]
    this_quarter = table.split("<tr>")[-1]
    assert "<td>6</td>" in this_quarter  # six ideas received this quarter
    assert _fewer_than() in this_quarter and "<td>2</td>" not in this_quarter  # two stories are hidden

    xlsx = client_for(facilitator_a).get(reverse("evaluation:export_xlsx"))
    from openpyxl import load_workbook

    rows = [[c.value for c in row] for row in load_workbook(BytesIO(xlsx.content)).worksheets[1].iter_rows()]
    last = rows[-1]
    assert last[1] == 6 and last[4] == _fewer_than() and 2 not in last


def test_trend_follows_the_period_end(client_for, facilitator_a, partnership_a):
    _ideas(partnership_a, 5)
    body = client_for(facilitator_a).get(reverse("evaluation:dashboard"),
                                         {"end": (timezone.localdate() - dt.timedelta(days=400)).isoformat()})
    table = body.content.decode().split('id="initiatives-trend"')[1].split("</table>")[0]
    assert "<td>5</td>" not in table  # a year back, this quarter's ideas are not yet there


def test_shared_stories_reach_the_staff_report_without_names(client_for, facilitator_a, partnership_a, make_user,
                                                              report_html):
    c = client_for(facilitator_a)
    c.post(reverse("initiatives:story_new"), {
        "title": "Kaffeholdet", "date": timezone.localdate().isoformat(), "text": "Han laver nu kaffen hver tirsdag",
        "change": "Han kommer hver uge", "people": "Birgitte Hansen", "people_consent": "on", "sharing": "reports",
        "share_consent": "on", "photo": _jpeg(), "photo_consent": "on"})
    shared = Story.objects.get(title="Kaffeholdet")
    Story.objects.create(partnership=partnership_a, title="Kun for personalet", text="x", author=facilitator_a)
    Story.objects.create(partnership=partnership_a, title="Gammel historie", text="x", sharing=Story.Sharing.REPORTS,
                         share_consent=True, date=timezone.localdate() - dt.timedelta(days=800))

    body = c.get(reverse("evaluation:dashboard")).content.decode()
    assert "Kaffeholdet" in body and reverse("initiatives:story", args=[shared.pk]) in body
    assert "Kun for personalet" not in body and "Birgitte" not in body

    start = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    pdf = c.get(reverse("evaluation:export_pdf"), {"start": start})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = report_html[-1]
    assert "Kaffeholdet" in html and "Han kommer hver uge" in html and "data:image/jpeg;base64," in html
    assert "Birgitte" not in html and "Kun for personalet" not in html
    assert "Gammel historie" not in html  # outside the period
    entry = AuditEntry.objects.filter(action="dashboard.export", detail="pdf, 1 stories").get()
    assert "Kaffeholdet" not in str(entry.__dict__)

    # Without consent to the photo, the story is still told but the photo stays out.
    Story.objects.filter(pk=shared.pk).update(photo_consent=False)
    c.get(reverse("evaluation:export_pdf"))
    assert "Kaffeholdet" in report_html[-1] and "data:image/jpeg" not in report_html[-1]

    # Consent withdrawn: the story leaves the report at once.
    c.post(reverse("initiatives:story_withdraw", args=[shared.pk]))
    c.get(reverse("evaluation:export_pdf"))
    assert "Kaffeholdet" not in report_html[-1]


def test_evaluators_get_figures_but_no_stories(client_for, partnership_a, make_user, report_html):
    Story.objects.create(partnership=partnership_a, title="Kaffeholdet", text="x", sharing=Story.Sharing.REPORTS,
                         share_consent=True)
    _ideas(partnership_a, 5)
    evaluator = make_user(Role.EVALUATOR, partnership_a)
    c = client_for(evaluator)
    body = c.get(reverse("evaluation:dashboard")).content.decode()
    assert "initiatives-trend" in body and "Kaffeholdet" not in body
    assert c.get(reverse("evaluation:export_pdf")).status_code == 200
    assert "Kaffeholdet" not in report_html[-1] and "initiatives-trend" in report_html[-1]
    assert AuditEntry.objects.filter(action="dashboard.export", detail="pdf, 0 stories").exists()
