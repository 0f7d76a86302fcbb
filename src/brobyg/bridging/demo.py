"""Demo citizens on the bridge in 'Mennesker er også medicin' (Aarhus). Every person is fictional."""
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .guide import ensure_default_guide
from .models import (
    Answer, Citizen, Consent, Conversation, FollowUp, Journey, Referral, RoleChange, Stage, Transition,
)

# first, last, postcode, birth year, stage, days in stage, interests, welcome needs, support, barriers, roles
DEMO_CITIZENS = [
    ("Birgitte", "Sand", "8000", 1968, Stage.KENDSKAB, 12, "gåture, natur, fotografering",
     "Et roligt hej ved døren; jeg bliver hurtigt træt i store grupper.", "companion,host", "mental,transport",
     "deltager"),
    ("Karim", "Haddad", "8200", 1990, Stage.FOLGESKAB, 5, "madlavning, fællesspisning",
     "At nogen præsenterer mig for et par stykker.", "companion", "no_experience", "deltager"),
    ("Lone", "Vestergaard", "8210", 1975, Stage.VAERTSSKAB, 9, "strik, kaffe, snak",
     "Jeg vil gerne have en fast plads at sidde.", "host,call_before", "physical", "deltager"),
    ("Mads", "Krog", "8000", 1983, Stage.FAELLESSKAB, 40, "havearbejde, cykling",
     "Gerne en opgave, så jeg ved hvad jeg skal.", "host", "economy", "deltager,frivillig"),
    ("Ida", "Bech", "8220", 1999, Stage.PAUSED, 20, "musik, kor", "", "", "motivation", "bruger"),
]


def load(ctx) -> None:
    partnership = ctx.partnerships["aarhus-medicin"]
    bridgebuilder = ctx.users["bridgebuilder"]
    referrer = ctx.users["referrer"]
    guide = ensure_default_guide()
    municipality = ctx.organisations.get("Aarhus Kommune")
    now = timezone.now()
    if not Referral.objects.filter(partnership=partnership, citizen__isnull=True, source="self").exists():
        Referral.objects.create(partnership=partnership, source="self", contact_name="Jens",
                                contact_phone="20 00 00 01", postcode="8000", recruitment_owner="shared",
                                wants_help_with="Jeg vil gerne være med i noget, men ved ikke hvad.")
        Referral.objects.create(partnership=partnership, source="municipality", referred_by=referrer,
                                organisation=municipality, department="Jobcenter Aarhus",
                                contact_name="Susanne", contact_phone="20 00 00 02", postcode="8200",
                                reasons="health,work", recruitment_owner="municipality",
                                wants_help_with="Komme ud blandt andre efter sin hjernerystelse.")
    citizens = {}
    for (first, last, postcode, year, stage, days, interests, welcome, support, barriers,
         roles) in DEMO_CITIZENS:
        citizen = Citizen.objects.filter(partnership=partnership, first_name=first, last_name=last).first()
        if citizen is None:
            started = now - dt.timedelta(days=days + 30)
            citizen = Citizen.objects.create(
                partnership=partnership, first_name=first, last_name=last, postcode=postcode, birth_year=year,
                phone="20 00 00 00", languages="dansk", interests=interests, welcome_needs=welcome,
                support=support, barriers=barriers, roles=roles, bridge_builder=bridgebuilder,
                created_by=bridgebuilder, travel_km=8, days="0,1,2,3", time_of_day="any",
            )
            Referral.objects.create(partnership=partnership, citizen=citizen, source="municipality",
                                    referred_by=referrer, organisation=municipality, department="Sundhed og Omsorg",
                                    contact_name=first, reasons="health,loneliness", status="consented",
                                    recruitment_owner="shared")
            Consent.objects.create(citizen=citizen, given_at=started, method="in_person", recorded_by=bridgebuilder,
                                   share_with_association=True, share_with_companion=True,
                                   outcome_measures=first in {"Birgitte", "Mads"},
                                   text="Aftalt ved første samtale.")
            journey = Journey.objects.create(partnership=partnership, citizen=citizen, stage=stage,
                                             stage_since=now - dt.timedelta(days=days), started=started,
                                             bridge_builder=bridgebuilder)
            path = [Stage.KENDSKAB, Stage.FOLGESKAB, Stage.VAERTSSKAB, Stage.FAELLESSKAB]
            target = path.index(stage) if stage in path else 1
            previous, at = "", started
            for step in path[:target + 1]:
                Transition.objects.create(journey=journey, from_stage=previous, to_stage=step, at=at,
                                          by=bridgebuilder)
                previous, at = step, at + dt.timedelta(days=5)
            if stage == Stage.PAUSED:
                Transition.objects.create(journey=journey, from_stage=previous, to_stage=Stage.PAUSED,
                                          at=now - dt.timedelta(days=days), by=bridgebuilder,
                                          note="Har brug for en pause; vender tilbage efter sommer.")
            conversation = Conversation.objects.create(citizen=citizen, guide=guide, held_at=started,
                                                       held_by=bridgebuilder)
            Answer.objects.bulk_create([
                Answer(conversation=conversation, question=q, value=interests if q.key == "interests"
                       else welcome if q.key == "welcome_needs" else "")
                for q in guide.questions.all() if q.key in {"interests", "welcome_needs"}])
            if stage in (Stage.VAERTSSKAB, Stage.FAELLESSKAB):
                first_visit = (now - dt.timedelta(days=days + 3)).date()
                journey.first_visit = first_visit
                journey.save(update_fields=["first_visit"])
                for offset, label in ((2, "Efter første besøg"), (14, "2 uger efter første besøg"),
                                      (90, "3 måneder efter første besøg")):
                    due = first_visit + dt.timedelta(days=offset)
                    FollowUp.objects.create(journey=journey, label=label, due=due, assigned_to=bridgebuilder,
                                            done_at=now if offset == 2 and stage == Stage.FAELLESSKAB else None)
            if "frivillig" in roles:
                RoleChange.objects.create(citizen=citizen, from_roles="deltager", to_roles=roles,
                                          by=bridgebuilder, note="Vil gerne stå for kaffen om torsdagen.")
        citizens[first] = citizen
    ctx.extra["demo_citizens"] = citizens
    _load_bridge(ctx, citizens)
    ctx.say(f"  bridging: {len(citizens)} demo citizens on the bridge, 2 open referrals")


def _load_bridge(ctx, citizens) -> None:
    """Companion, proposals and visits (needs the directory and volunteers apps)."""
    try:
        from .demo_bridge import load_bridge
    except ImportError:
        return
    load_bridge(ctx, citizens)


# --- Scale ---------------------------------------------------------------------------------------------------

CITIZENS_PER_UNIT = 50  # `--scale N`: 50·N citizens with journeys (the foundation issue's benchmark data)


def load_scale(ctx, n: int) -> None:
    """50·n synthetic citizens with consent, a journey and its transition, spread over the scale partnerships."""
    from .scale import load_scale as run

    run(ctx, CITIZENS_PER_UNIT * n)

