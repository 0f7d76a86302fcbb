"""Synthetic citizens for benchmarks: ``brobyg demo --scale N`` makes N citizens (with consent, conversation wishes,
a journey and its first transition) spread over the scale partnerships. Fictional; e-mails end in .invalid."""
from __future__ import annotations

import time

from django.db import connection
from django.utils import timezone

from brobyg.core.demo import batched

from .models import Citizen, Consent, Journey, Stage, Transition

SCALE_EMAIL = "@syntetisk.invalid"
FIRST_NAMES = ["Anne", "Bent", "Camilla", "Dorthe", "Erik", "Fatima", "Gitte", "Hans", "Ibrahim", "Jette", "Kirsten",
               "Lars", "Maja", "Niels", "Ole", "Pia", "Rasmus", "Sofie", "Tove", "Yasmin"]
INTERESTS = ["fodbold", "gåtur, natur", "strik, kaffe", "kor, musik", "madlavning, fællesspisning", "brætspil",
             "yoga", "læseklub, litteratur", "have, natur", "skak", "sprogcafé", "film", "træværksted", "badminton",
             "it-hjælp", "samvær, hygge", "frivillig, hjælpe"]
STAGES = [Stage.KENDSKAB] * 5 + [Stage.FOLGESKAB, Stage.VAERTSSKAB, Stage.FAELLESSKAB, Stage.PAUSED]


def load_scale(ctx, n: int) -> None:
    from brobyg.directory import geo

    partnerships = list((ctx.extra.get("scale_partnerships") or {}).items())
    if not partnerships:
        ctx.say("  bridging: no scale partnerships, skipped")
        return
    started = time.monotonic()
    existing = Citizen.objects.filter(email__endswith=SCALE_EMAIL).count()
    if existing >= n:
        ctx.progress("citizens", existing, n, started)
        return
    rng = ctx.rng
    now = timezone.now()
    places = {m: geo.places_in(m) or geo.all_places() for m, _p in partnerships}

    def make(i):
        municipality, partnership = partnerships[i % len(partnerships)]
        place = rng.choice(places[municipality])
        barriers = rng.sample(["transport", "economy", "physical", "mental", "language", "no_experience"],
                              rng.choice([0, 0, 1, 2]))
        return Citizen(
            partnership_id=partnership.pk, first_name=rng.choice(FIRST_NAMES), last_name=f"Syntetisk {i + 1}",
            email=f"borger{i + 1}{SCALE_EMAIL}", postcode=place.code, birth_year=rng.randint(1945, 2005),
            languages=rng.choice(["dansk", "dansk", "dansk, engelsk", "arabisk, dansk"]),
            interests=rng.choice(INTERESTS), travel_km=rng.choice([3, 5, 5, 8, 10, 15]),
            days=",".join(str(d) for d in sorted(rng.sample(range(7), rng.choice([0, 2, 3, 5])))),
            time_of_day=rng.choice(["morning", "afternoon", "evening", "any", "any"]),
            community_kind=rng.choice(["ordinary", "target_group", "either", "either"]),
            barriers=",".join(barriers), support=rng.choice(["", "companion", "host", "companion,host"]),
            max_price=100 if "economy" in barriers else rng.choice([None, None, 300]),
            needs_step_free="physical" in barriers, roles="deltager", welcome_needs="Et roligt hej ved døren.",
        )

    done = existing
    for batch in batched((make(i) for i in range(existing, n)), 2000):
        citizens = Citizen.objects.bulk_create(batch, batch_size=2000)
        Consent.objects.bulk_create([Consent(citizen_id=c.pk, given_at=now, share_with_association=True,
                                             share_with_companion=rng.random() < 0.8) for c in citizens],
                                    batch_size=2000)
        journeys = Journey.objects.bulk_create([
            Journey(partnership_id=c.partnership_id, citizen_id=c.pk, stage=rng.choice(STAGES), started=now,
                    stage_since=now) for c in citizens], batch_size=2000)
        Transition.objects.bulk_create([Transition(journey_id=j.pk, from_stage="", to_stage=Stage.KENDSKAB, at=now)
                                        for j in journeys], batch_size=2000)
        done += len(batch)
        ctx.progress("citizens", done, n, started)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE bridging_citizen")
            cursor.execute("ANALYZE bridging_journey")
