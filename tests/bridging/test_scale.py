"""`brobyg demo --scale N` makes 50·N citizens, each with consent, a journey and its first transition (on
PostgreSQL server-side, elsewhere through the ORM), and a second run adds nothing."""
import io

import pytest

from brobyg.bridging import demo
from brobyg.bridging.models import Citizen, Consent, Journey, Transition
from brobyg.core.demo import DemoContext
from brobyg.partnerships import demo as partnerships_demo

pytestmark = pytest.mark.django_db


def test_scale_citizens_have_consent_journey_and_transition_and_rerun_adds_nothing():
    ctx = DemoContext(out=io.StringIO())
    partnerships_demo.load_scale(ctx, 2)
    demo.load_scale(ctx, 2)
    citizens = Citizen.objects.filter(email__endswith="@syntetisk.invalid")
    assert citizens.count() == 100
    assert Consent.objects.filter(citizen__in=citizens).count() == 100
    assert Journey.objects.filter(citizen__in=citizens).count() == 100
    assert Transition.objects.filter(journey__citizen__in=citizens).count() == 100
    assert citizens.values("email").distinct().count() == 100
    assert citizens.exclude(postcode="").count() == 100 and citizens.values("first_name").distinct().count() > 5
    partnership_ids = {p.pk for p in ctx.extra["scale_partnerships"].values()}
    assert set(citizens.values_list("partnership_id", flat=True)) <= partnership_ids
    assert all(j.partnership_id == j.citizen.partnership_id for j in Journey.objects.select_related("citizen")[:20])
    demo.load_scale(ctx, 2)
    assert citizens.count() == 100 and Journey.objects.filter(citizen__in=citizens).count() == 100
