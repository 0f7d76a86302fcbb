"""One rule for numbers and dates on screen, Danish conventions (issue 17): seen on the pages that show them."""
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from brobyg.accounts.models import User
from brobyg.partnerships.models import FollowUpAction, Meeting

pytestmark = pytest.mark.django_db


def test_dates_have_lower_case_months_and_the_year_when_it_is_not_this_year(client_for, facilitator_a,
                                                                                partnership_a):
    meeting = Meeting.objects.create(partnership=partnership_a, title="Styregruppe", date=date(2021, 5, 3))
    this_year = timezone.localdate().year
    FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting, text="Gammel opgave",
                                  due=date(2021, 5, 16))
    FollowUpAction.objects.create(partnership=partnership_a, meeting=meeting, text="Ny opgave",
                                  due=date(this_year, 11, 2))
    page = client_for(facilitator_a).get(reverse("partnerships:meeting", args=[meeting.pk])).content.decode()
    assert "16. maj 2021" in page and "16. Maj" not in page
    assert "2. november" in page and f"2. november {this_year}" not in page
    assert "3. maj 2021" in page  # the meeting's own date, the same style


def test_decimals_have_a_decimal_comma_in_danish_and_a_point_in_english():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    from django.test import Client

    from brobyg.evaluation.models import SurveyRound

    client = Client()
    client.force_login(User.objects.get(username="evaluator"), backend="django.contrib.auth.backends.ModelBackend")
    rnd = SurveyRound.objects.filter(partnership__project_name="Mennesker er også medicin").order_by("-pk").first()
    url = reverse("evaluation:network", args=[rnd.pk])
    actors = client.get(url).content.decode().split('id="actors"')[1].split("</table>")[0]
    assert re.search(r"<td>\d+,\d\d</td>", actors) and not re.search(r"<td>\d+\.\d+</td>", actors)
    client.post(reverse("set_language"), {"language": "en", "next": url})
    actors = client.get(url).content.decode().split('id="actors"')[1].split("</table>")[0]
    assert re.search(r"<td>\d+\.\d\d</td>", actors) and not re.search(r"<td>\d+,\d+</td>", actors)
