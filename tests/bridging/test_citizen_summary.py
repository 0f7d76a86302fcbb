"""The citizen page opens with a summary — stage, the next step, who is involved, what is shared — and the next
step follows the journey."""
import re

import pytest
from django.urls import reverse

from brobyg.bridging import bridge, services
from brobyg.bridging.models import Conversation
from brobyg.directory import geo
from brobyg.directory.models import Activity
from brobyg.volunteers.models import Status, VolunteerProfile

from .conftest import Who

pytestmark = pytest.mark.django_db


def test_the_summary_says_what_comes_next(client_for, people, make_citizen, org_a, partnership_a):
    place = geo.lookup_postcode("8000")
    activity = Activity.objects.create(organisation=org_a, partnership=partnership_a, status="published",
                                       title="Gåtur", latitude=place.latitude, longitude=place.longitude)
    citizen = make_citizen("Rosa", share_with_companion=False)
    citizen.support = "companion"
    citizen.save()
    bb = client_for(people["bb"])

    def summary():
        html = bb.get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
        block = html[html.index('id="summary"'):html.index("</section>", html.index('id="summary"'))]
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block))

    text = summary()
    assert "Hold den første samtale" in text and "med foreningen og værten" in text
    assert "ikke med en følgeven" in text and "Brobygger:" in text
    Conversation.objects.create(citizen=citizen, guide=services.current_guide(partnership_a))
    assert "Se forslagene sammen med borgeren" in summary()
    proposal = bridge.propose(Who(people["bb"]), citizen.current_journey(), [activity.pk])[0]
    assert "Lad borgeren vælge" in summary()
    bridge.choose(Who(people["bb"]), proposal)
    text = summary()
    assert "Find en følgeven" in text and "Aktivitet: Gåtur (Forening A)" in text
    kaj = VolunteerProfile.objects.create(partnership=partnership_a, first_name="Kaj", consent_given=True,
                                          status=Status.ACTIVE, wants_companion=True)
    bridge.assign_companion(Who(people["bb"]), citizen.current_journey(), kaj)
    text = summary()
    assert "Følgeven: Kaj" in text and "Registrér det første besøg" in text
