"""Synthetic citizens for benchmarks: ``brobyg demo --scale N`` makes N citizens (with consent, conversation wishes,
a journey and its first transition) spread over the scale partnerships, and gives those past the conversation
1–3 proposals of nearby published activities. Fictional; e-mails end in .invalid."""
from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from brobyg.core.demo import batched

from .models import Citizen, Consent, Journey, Proposal, Stage, Transition

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
        load_proposals(ctx, started)
        return
    rng = ctx.rng
    now = timezone.now()
    places = {m: geo.places_in(m) or geo.all_places() for m, _p in partnerships}
    if connection.vendor == "postgresql":
        _load_server_side(ctx, partnerships, places, existing, n, started)
        load_proposals(ctx, started)
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
    load_proposals(ctx, started)


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


# --- Proposals ---------------------------------------------------------------------------------------------------
# Who has proposals: every journey past the conversation (følgeskab, værtsskab, fællesskab, paused) and one in five
# still getting to know each other (the bridge-builder has just proposed). 1–3 each, of published activities with
# room in the citizen's own partnership (municipality), starting in the citizen's own postcode: activities are
# ordered by postcode, so the neighbours in that order are the same or nearby postcodes. In følgeskab and later one
# of them is chosen (not always the first) and the others not; paused journeys' proposals are still open.

PROPOSAL_REASONS_NEAR = '["i dit postnummer", "der er plads til nye"]'
PROPOSAL_REASONS_AREA = '["i din kommune", "der er plads til nye"]'
CHOSEN_STAGES = (Stage.FOLGESKAB, Stage.VAERTSSKAB, Stage.FAELLESSKAB)


def _activities_by_partnership():
    from brobyg.directory.models import Activity

    rows = (Activity.objects.filter(status=Activity.Status.PUBLISHED, partnership__isnull=False)
            .exclude(open_places=0).order_by("partnership_id", "postcode", "pk")
            .values_list("partnership_id", "postcode", "pk"))
    acts, starts = defaultdict(list), {}
    for pid, postcode, pk in rows.iterator(chunk_size=10000):
        key = (pid, postcode)
        if key not in starts:
            starts[key] = [len(acts[pid]), 0]
        starts[key][1] += 1
        acts[pid].append((pk, postcode))
    return acts, starts


def _proposal_rows(journey_id, partnership_id, postcode, stage, started, acts, starts, now):
    """The same rule as the SQL of _proposals_server_side, for one journey (SQLite and other databases)."""
    pool = acts.get(partnership_id) or []
    if not pool or (stage == Stage.KENDSKAB and journey_id % 5):
        return []
    first, size = starts.get((partnership_id, postcode), (journey_id % len(pool), 1))
    count = min(1 + journey_id % 3, len(pool))
    chosen = 1 + (journey_id // 7) % count
    proposed_at = min(now, started + dt.timedelta(days=7 + journey_id % 14))
    rows = []
    for k in range(1, count + 1):
        activity_id, activity_postcode = pool[(first + journey_id % size + k - 1) % len(pool)]
        status = Proposal.Status.PROPOSED
        if stage in CHOSEN_STAGES:
            status = Proposal.Status.CHOSEN if k == chosen else Proposal.Status.DECLINED
        rows.append(Proposal(
            journey_id=journey_id, activity_id=activity_id, rank=k, score=max(0, 90 - 12 * (k - 1) - journey_id % 9),
            reasons=["i dit postnummer" if activity_postcode == postcode else "i din kommune", "der er plads til nye"],
            status=status, proposed_at=proposed_at,
            chosen_at=min(now, proposed_at + dt.timedelta(days=2)) if status == Proposal.Status.CHOSEN else None))
    return rows


def load_proposals(ctx, started: float) -> None:
    """Proposals for the synthetic journeys that have none yet (idempotent: a second run adds nothing)."""
    if connection.vendor == "postgresql":
        made = _proposals_server_side()
        ctx.progress("proposals", made, made, started)
        with connection.cursor() as cursor:
            for table in ("bridging_citizen", "bridging_journey", "bridging_proposal"):
                cursor.execute(f"ANALYZE {table}")
        return
    acts, starts = _activities_by_partnership()
    now = timezone.now()
    journeys = (Journey.objects.filter(citizen__email__endswith=SCALE_EMAIL, proposals__isnull=True)
                .values_list("pk", "partnership_id", "citizen__postcode", "stage", "started").order_by("pk"))
    made = 0
    rows = (row for j in journeys.iterator(chunk_size=5000) for row in _proposal_rows(*j, acts, starts, now))
    for batch in batched(rows, 5000):
        Proposal.objects.bulk_create(batch, batch_size=5000)
        made += len(batch)
    ctx.progress("proposals", made, made, started)


def _proposals_server_side() -> int:
    """PostgreSQL: the proposals in one INSERT … SELECT. The published activities are numbered per partnership in
    postcode order in a temporary table; each journey takes 1–3 consecutive ones from its postcode's block."""
    from brobyg.core.bulk import insert_select

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS scale_acts")
        cursor.execute("""
            CREATE TEMP TABLE scale_acts AS
            SELECT id, partnership_id, postcode,
                   (row_number() OVER (PARTITION BY partnership_id ORDER BY postcode, id) - 1)::int AS rn,
                   (count(*) OVER (PARTITION BY partnership_id))::int AS cnt
            FROM directory_activity
            WHERE status = 'published' AND partnership_id IS NOT NULL AND (open_places IS NULL OR open_places > 0)""")
        cursor.execute("CREATE INDEX ON scale_acts (partnership_id, rn)")
        cursor.execute("DROP TABLE IF EXISTS scale_starts")
        cursor.execute("""
            CREATE TEMP TABLE scale_starts AS
            SELECT partnership_id, postcode, min(rn) AS first, count(*)::int AS size, max(cnt) AS cnt
            FROM scale_acts GROUP BY partnership_id, postcode""")
        cursor.execute("DROP TABLE IF EXISTS scale_totals")
        cursor.execute("CREATE TEMP TABLE scale_totals AS "
                       "SELECT partnership_id, max(cnt) AS cnt FROM scale_acts GROUP BY partnership_id")
        cursor.execute("ANALYZE scale_acts; ANALYZE scale_starts; ANALYZE scale_totals")
    # One row per journey and k (1..count); the activity at (first + j.id % size + k - 1) % cnt in its partnership.
    count = "LEAST(1 + j.id % 3, t.cnt)"
    proposed = "LEAST(now(), j.started + make_interval(days => (7 + j.id % 14)::int))"
    chosen_stages = ", ".join(f"'{s}'" for s in CHOSEN_STAGES)
    is_chosen = f"j.stage IN ({chosen_stages}) AND k.k = 1 + (j.id / 7) % {count}"
    source = f"""bridging_journey j
        JOIN bridging_citizen c ON c.id = j.citizen_id
        JOIN scale_totals t ON t.partnership_id = j.partnership_id
        LEFT JOIN scale_starts s ON s.partnership_id = j.partnership_id AND s.postcode = c.postcode
        CROSS JOIN generate_series(1, 3) AS k(k)
        JOIN scale_acts a ON a.partnership_id = j.partnership_id
         AND a.rn = (COALESCE(s.first, j.id %% t.cnt) + j.id %% COALESCE(s.size, 1) + k.k - 1) %% t.cnt"""
    where = (f"c.email LIKE %s AND (j.stage <> '{Stage.KENDSKAB}' OR j.id %% 5 = 0) "
             f"AND k.k <= {count.replace('%', '%%')} "
             "AND NOT EXISTS (SELECT 1 FROM bridging_proposal p WHERE p.journey_id = j.id)")
    made = insert_select(Proposal, {
        "journey": "j.id", "activity": "a.id", "rank": "k.k",
        "score": "GREATEST(0, 90 - 12 * (k.k - 1) - j.id % 9)",
        "reasons": f"CASE WHEN a.postcode = c.postcode THEN '{PROPOSAL_REASONS_NEAR}'::jsonb "
                   f"ELSE '{PROPOSAL_REASONS_AREA}'::jsonb END",
        "status": f"CASE WHEN j.stage IN ({chosen_stages}) THEN CASE WHEN {is_chosen} THEN 'chosen' "
                  f"ELSE 'declined' END ELSE 'proposed' END",
        "proposed_at": proposed,
        "chosen_at": f"CASE WHEN {is_chosen} THEN LEAST(now(), {proposed} + interval '2 days') ELSE NULL END",
    }, source, params=["%" + SCALE_EMAIL], where=where)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE scale_acts; DROP TABLE scale_starts; DROP TABLE scale_totals")
    return made
