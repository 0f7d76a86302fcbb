"""Demo bridge after the conversation: Karim has a companion (Hanne, the demo volunteer) and is on his way to the
walk; Lone has had her first visit there; Mads is in the community and would like to help. Idempotent."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Arrival, Companionship, Participation, Proposal, Visit


def load_bridge(ctx, citizens) -> None:
    from brobyg.directory.models import Activity
    from brobyg.volunteers.models import VolunteerProfile

    walk = Activity.objects.filter(title="Stille gåtur og kaffe for alle").first()
    cafe = Activity.objects.filter(title="Frivillig i caféen – små opgaver").first()
    hanne = VolunteerProfile.objects.filter(user=ctx.users.get("volunteer")).first()
    bb = ctx.users.get("bridgebuilder")
    ac = ctx.users.get("association")
    if walk is None:
        return
    now = timezone.now()
    next_tuesday = timezone.localdate() + dt.timedelta(days=(1 - timezone.localdate().weekday()) % 7 or 7)
    expected = timezone.make_aware(dt.datetime.combine(next_tuesday, dt.time(18, 0)))
    for name, chosen in (("Karim", walk), ("Lone", walk), ("Mads", cafe or walk)):
        citizen = citizens.get(name)
        if citizen is None:
            continue
        journey = citizen.current_journey()
        if journey.proposals.exists():
            continue
        others = [a for a in (walk, cafe) if a and a != chosen]
        rows = [(chosen, 1, 84, ["matcher gåture", "1,2 km, inden for 8 km", "en vært tager imod nye"])]
        rows += [(a, i, 70, ["0,9 km, inden for 8 km"]) for i, a in enumerate(others, start=2)]
        for activity, rank, score, reasons in rows:
            Proposal.objects.create(journey=journey, activity=activity, rank=rank, score=score, reasons=reasons,
                                    proposed_by=bb, proposed_at=now - dt.timedelta(days=10),
                                    status="chosen" if activity == chosen else "declined",
                                    chosen_at=now - dt.timedelta(days=9) if activity == chosen else None)
        Arrival.objects.create(journey=journey, activity=chosen, expected=expected if name == "Karim" else None)
        if name == "Karim" and hanne:
            Companionship.objects.create(journey=journey, profile=hanne, assigned_by=bb, entrance=walk.entrance,
                                         meeting_place=walk.meeting_place, receiver=walk.receiver,
                                         meeting_at=expected - dt.timedelta(minutes=15))
        if name == "Lone":
            if hanne:  # an earlier, finished companionship
                Companionship.objects.create(journey=journey, profile=hanne, assigned_by=bb, active=False,
                                             meeting_place=walk.meeting_place, started=now - dt.timedelta(days=30),
                                             ended=now - dt.timedelta(days=12))
            Visit.objects.create(journey=journey, activity=chosen, outcome="well", recorded_by=ac,
                                 date=journey.first_visit or timezone.localdate(),
                                 note="Fik en fast plads ved vinduet; kommer igen på tirsdag.")
        if name == "Mads":
            Participation.objects.create(journey=journey, recorded_by=bb, still_coming=True,
                                         wants_to_volunteer=True, note="Vil gerne stå for kaffen.")
