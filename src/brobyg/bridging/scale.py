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
    if connection.vendor == "postgresql":
        _load_server_side(ctx, partnerships, places, existing, n, started)
        return

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


def _load_server_side(ctx, partnerships, places, existing: int, n: int, started: float) -> None:
    """PostgreSQL: INSERT … SELECT over generate_series — the same kind of citizens, made by the server in seconds
    instead of minutes (``--scale 10000`` means 500,000 citizens, each with consent, journey and transition)."""
    from brobyg.core.bulk import insert_select, pick

    last_id = Citizen.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    per = -(-(n - existing) // len(partnerships))
    start = existing
    barrier_sets = ["", "", "", "economy", "transport", "physical", "mental", "language", "economy,transport",
                    "no_experience", "language,no_experience"]
    for municipality, partnership in partnerships:
        count = min(per, n - start)
        if count <= 0:
            break
        i = "g.i"
        insert_select(Citizen, {
            "partnership": str(int(partnership.pk)),
            "first_name": pick(FIRST_NAMES, i),
            "last_name": "'Syntetisk ' || g.i",
            "email": f"'borger' || g.i || '{SCALE_EMAIL}'",
            "postcode": pick([p.code for p in places[municipality]], f"{i} * 7"),
            "birth_year": f"1945 + ({i} * 13) % 60",
            "languages": pick(["dansk", "dansk", "dansk, engelsk", "arabisk, dansk"], f"{i} * 3"),
            "interests": pick(INTERESTS, f"{i} * 5"),
            "travel_km": pick([3, 5, 5, 8, 10, 15], f"{i} * 11"),
            "days": pick(["", "1,3", "0,2,4", "1,2,3,4,5", "", "5,6"], f"{i} * 17"),
            "time_of_day": pick(["morning", "afternoon", "evening", "any", "any"], f"{i} * 19"),
            "community_kind": pick(["ordinary", "target_group", "either", "either"], f"{i} * 23"),
            "barriers": pick(barrier_sets, f"{i} * 29"),
            "support": pick(["", "companion", "host", "companion,host"], f"{i} * 31"),
            "max_price": f"CASE WHEN ({i} * 29) % {len(barrier_sets)} IN (3, 8) THEN 100 "
                         f"WHEN {i} % 3 = 0 THEN 300 ELSE NULL END",
            "needs_step_free": f"({i} * 29) % {len(barrier_sets)} = 5",
            "roles": "'deltager'",
            "welcome_needs": "'Et roligt hej ved døren.'",
        }, "generate_series(%s, %s) AS g(i)", params=[start + 1, start + count])
        start += count
        ctx.progress("citizens", start, n, started)
    pattern = "%" + SCALE_EMAIL
    insert_select(Consent, {"citizen": "c.id", "share_with_association": "TRUE",
                            "share_with_companion": "(c.id % 5) <> 0"},
                  "bridging_citizen c", params=[last_id, pattern], where="c.id > %s AND c.email LIKE %s")
    ctx.progress("consents", n, n, started)
    insert_select(Journey, {"partnership": "c.partnership_id", "citizen": "c.id", "stage": pick(STAGES, "c.id"),
                            "started": "now() - make_interval(days => (c.id % 400)::int)",
                            "stage_since": "now() - make_interval(days => (c.id % 200)::int)"},
                  "bridging_citizen c", params=[last_id, pattern], where="c.id > %s AND c.email LIKE %s")
    ctx.progress("journeys", n, n, started)
    insert_select(Transition, {"journey": "j.id", "from_stage": "''", "to_stage": f"'{Stage.KENDSKAB}'",
                               "at": "j.started"},
                  "bridging_journey j", params=[last_id], where="j.citizen_id > %s")
    ctx.progress("transitions", n, n, started)
    with connection.cursor() as cursor:
        for table in ("bridging_citizen", "bridging_consent", "bridging_journey", "bridging_transition"):
            cursor.execute(f"ANALYZE {table}")
