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


def test_scale_journeys_past_the_conversation_have_nearby_proposals_of_published_activities():
    """Issue: the synthetic citizens had no proposals. Those past the conversation (and one in five still getting to
    know each other) get 1–3 proposals of published activities with room in their own partnership, starting in
    their own postcode; in følgeskab and later one is chosen. A second run adds nothing."""
    from collections import Counter

    from brobyg.bridging.models import Proposal, Stage
    from brobyg.directory import geo
    from brobyg.directory.models import Activity

    ctx = DemoContext(out=io.StringIO())
    partnerships_demo.load_scale(ctx, 2)
    from brobyg.partnerships.models import Organisation

    org = Organisation.objects.create(name="Syntetisk testforening")
    rows = []
    for municipality, partnership in ctx.extra["scale_partnerships"].items():
        places = geo.places_in(municipality) or geo.all_places()
        for i, (status, open_places) in enumerate([("published", None), ("published", 3), ("published", 0),
                                                   ("draft", 5), ("published", 2)]):
            place = places[i % len(places)]
            rows.append(Activity(title=f"Aktivitet {i}", organisation=org, partnership=partnership, status=status,
                                 open_places=open_places, postcode=place.code, municipality=municipality,
                                 latitude=place.latitude, longitude=place.longitude))
    Activity.objects.bulk_create(rows)
    demo.load_scale(ctx, 2)

    journeys = Journey.objects.filter(citizen__email__endswith="@syntetisk.invalid")
    proposals = Proposal.objects.filter(journey__in=journeys).select_related("activity", "journey__citizen")
    assert proposals.exists()
    per_journey = Counter(p.journey_id for p in proposals)
    assert set(per_journey.values()) <= {1, 2, 3} and len(set(per_journey.values())) > 1
    past = journeys.exclude(stage=Stage.KENDSKAB)
    assert past.exists() and not past.filter(proposals__isnull=True).exists()  # everyone past the conversation
    share = len(per_journey) / journeys.count()
    assert 0.3 < share < 0.8, share  # a realistic share, not everyone
    for p in proposals:
        assert p.activity.status == "published" and p.activity.open_places != 0
        assert p.activity.partnership_id == p.journey.partnership_id  # local: the citizen's own municipality
        assert 1 <= p.rank <= 3 and p.reasons and p.score > 0
        chosen = [q for q in proposals if q.journey_id == p.journey_id and q.status == "chosen"]
        if p.journey.stage in (Stage.FOLGESKAB, Stage.VAERTSSKAB, Stage.FAELLESSKAB):
            assert len(chosen) == 1 and chosen[0].chosen_at
        else:
            assert p.status == "proposed" and not chosen
    assert any(p.activity.postcode == p.journey.citizen.postcode for p in proposals)  # nearby first
    assert Counter(p.status for p in proposals)["chosen"] and {p.rank for p in proposals if p.status == "chosen"} != {1}

    count = proposals.count()
    demo.load_scale(ctx, 2)
    assert Proposal.objects.filter(journey__in=journeys).count() == count
