"""Demo data: two answered network survey rounds and a theory of change for the Aarhus partnership
('Mennesker er også medicin'), over the actors that partnerships/demo.py gives it."""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from brobyg.partnerships.models import PartnershipOrganisation

from .models import ChangeElement, ElementKind, Intervention, Invitation, SurveyRound, Tie
from brobyg.core.capability import hash_token, new_token

ROUNDS = [("Netværksundersøgelse efterår 2025", dt.datetime(2025, 10, 1, 9, 0), 0.35),
          ("Netværksundersøgelse forår 2026", dt.datetime(2026, 4, 1, 9, 0), 0.55)]
TOC = {
    "name": "Frivilligt arbejde efter hjernerystelse",
    "description": "Mennesker uden for arbejdsmarkedet efter en hjernerystelse finder en rolle som frivillige i "
                   "lokale foreninger.",
    "elements": [
        ("a1", ElementKind.ACTIVITY, "Henvisning fra jobcenter og sundhedspersonale", "referrals", ["o1"]),
        ("a2", ElementKind.ACTIVITY, "Brobyggersamtale og følgeskab til første besøg", "matched_companion", ["o1"]),
        ("a3", ElementKind.ACTIVITY, "Introduktion og støtte til frivillige opgaver", "volunteers_new", ["o2"]),
        ("o1", ElementKind.OUTPUT, "Borgere møder op i en forening", "matched_host", ["u1"]),
        ("o2", ElementKind.OUTPUT, "Borgere har en frivillig opgave", "volunteers_active", ["u1", "u2"]),
        ("u1", ElementKind.OUTCOME, "Borgerne er blevet en del af et fællesskab", "reached_community", []),
        ("u2", ElementKind.OUTCOME, "Mindre ensomhed og bedre trivsel", "wellbeing_change", []),
        ("s1", ElementKind.ASSUMPTION, "Foreningerne har opgaver, der kan tilpasses nedsat energi", "", []),
        ("s2", ElementKind.ASSUMPTION, "Henviserne kender tilbuddet og har tid til at henvise", "", []),
    ],
}


def _actors(partnership):
    """The actors the partnership workspace knows (partnerships/demo.py adds its local partners)."""
    return list(PartnershipOrganisation.objects.filter(partnership=partnership).select_related("organisation")
                .order_by("organisation__name"))


def _answer(rng, rnd, source, targets, p_tie, backbone_ids):
    ties = []
    for target in targets:
        p = p_tie + (0.35 if source.pk in backbone_ids or target.pk in backbone_ids else 0)
        works = rng.random() < p
        tie = Tie(round=rnd, source=source, target=target, works_together=works)
        if works:
            tie.frequency = rng.choice([1, 2, 3, 3, 4])
            tie.kinds = ",".join(rng.sample(["information", "referrals", "activities", "resources"], rng.randint(1, 3)))
            base = rng.choice([2, 3, 3, 4])
            for f in ("trust_1", "trust_2", "trust_3", "value_1", "value_2", "value_3"):
                setattr(tie, f, max(1, min(4, base + rng.choice([-1, 0, 0, 1]))))
        ties.append(tie)
    return ties


def load(ctx) -> None:
    partnership = ctx.partnerships.get("aarhus-medicin")
    if partnership is None:
        return
    actors = _actors(partnership)
    backbone_ids = {a.pk for a in actors if a.actor_role == PartnershipOrganisation.ActorRole.BACKBONE}
    rng = random.Random(ctx.seed + 6)
    tz = timezone.get_current_timezone()
    made = 0
    for title, opened, p_tie in ROUNDS:
        if SurveyRound.objects.filter(partnership=partnership, title=title).exists():
            continue
        opened = timezone.make_aware(opened, tz)
        rnd = SurveyRound.objects.create(partnership=partnership, title=title, opened=opened,
                                         expires=opened + dt.timedelta(days=21), closed=True,
                                         created_by=ctx.users.get("facilitator"))
        ties = []
        for i, actor in enumerate(actors):
            answered = i % 5 != 4  # most actors answer
            Invitation.objects.create(round=rnd, actor=actor, token_hash=hash_token(new_token()),
                                      answered_at=opened + dt.timedelta(days=2 + i) if answered else None)
            if answered:
                ties += _answer(rng, rnd, actor, [a for a in actors if a.pk != actor.pk], p_tie, backbone_ids)
        Tie.objects.bulk_create(ties)
        made += 1
    if not Intervention.objects.filter(partnership=partnership, name=TOC["name"]).exists():
        intervention = Intervention.objects.create(partnership=partnership, name=TOC["name"],
                                                   description=TOC["description"])
        by_key = {}
        for order, (key, kind, text, indicator, _next) in enumerate(TOC["elements"]):
            by_key[key] = ChangeElement.objects.create(intervention=intervention, kind=kind, text=text, order=order,
                                                       indicator=indicator)
        for key, _kind, _text, _indicator, following in TOC["elements"]:
            by_key[key].leads_to.set([by_key[k] for k in following])
    ctx.say(f"  evaluation: {len(actors)} actors in Aarhus, {made} survey rounds made, theory of change")
