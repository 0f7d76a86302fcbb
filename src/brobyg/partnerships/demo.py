"""Demo partnerships: the 15 projects of 'Flere med i lokale fællesskaber' (000 §4.1).

Organisations and municipalities are the real ones named in the report; every person is fictional.
"""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model

from brobyg.core.demo import DEMO_PASSWORD, batched

from .models import Membership, Organisation, Partnership, PartnershipOrganisation, Role, Sector

A, P, V, H = Sector.ASSOCIATION, Sector.PUBLIC, Sector.VOLUNTEER_CENTRE, Sector.HOUSING

# key, partnership name, project name, municipality, [(organisation, sector)], purpose (own words, 000 §4.1)
PARTNERSHIPS = [
    ("venskaberne", "Venner af Captum og Frivilligcenter Vesterbro/Kgs. Enghave/Valby", "VENskaberne", "København",
     [("Venner af Captum", A), ("Frivilligcenter Vesterbro/Kgs. Enghave/Valby", V), ("Københavns Kommune", P)],
     "People with physical and mental disabilities become volunteers in local associations."),
    ("stemmer", "Turning Tables og Roskilde og Brøndby Kommune", "Stemmer fra blokken", "Roskilde",
     [("Turning Tables Danmark", A), ("Roskilde Kommune", P), ("Brøndby Kommune", P)],
     "Young people 10–25 in deprived housing areas become volunteers in local culture labs."),
    ("oplevelsesklubber", "Red Barnet Hovedstaden, Borgercenter Børn og Unge Amager og KAB Urbanplanen",
     "Etablering af oplevelsesklubber", "København",
     [("Red Barnet Hovedstaden", A), ("Borgercenter Børn og Unge Amager", P), ("Helhedsplanen Urbanplanen (KAB)", H)],
     "Shared experiences for children 6–12 and their families, and bridges to other local offers."),
    ("idraet-voldparten", "Idrætsfællesskabet og Frivilligcenter Energicenter Voldparten",
     "Multikulturelt idrætsfællesskab", "København",
     [("Idrætsfællesskabet", A), ("Frivilligcenter Energicenter Voldparten", V)],
     "A sports community against isolation among older and inactive residents."),
    ("rebild", "Røde Kors Rebild, Frivilligcenter Rebild og Rebild Kommune", "Flere med…", "Rebild",
     [("Røde Kors Rebild", A), ("Frivilligcenter Rebild", V), ("Rebild Kommune", P)],
     "More people take part as volunteers in local communities."),
    ("guldborgsund", "DGI Storstrømmen, BROEN Guldborgsund og Guldborgsund Kommune",
     "Udsatte børn og unges inklusion i foreningsfællesskaber", "Guldborgsund",
     [("DGI Storstrømmen", A), ("BROEN Guldborgsund", A), ("Guldborgsund Kommune", P)],
     "Every child 7–14 gets support and access to local sports and association life."),
    ("aarhus-medicin", "Hjernerystelsesforeningen og Frivilligcenter Aarhus", "Mennesker er også medicin", "Aarhus",
     [("Hjernerystelsesforeningen", A), ("Frivilligcenter Aarhus", V), ("Aarhus Kommune", P)],
     "People outside the labour market after a concussion take part in voluntary work."),
    ("siammartoq", "Foreningen Grønlandske Børn og Aalborg, Vejle og Esbjerg Kommune", "Siammartoq 2.0", "Aalborg",
     [("Foreningen Grønlandske Børn", A), ("Aalborg Kommune", P), ("Vejle Kommune", P), ("Esbjerg Kommune", P)],
     "Young Greenlanders 18–25 join local communities as active volunteers."),
    ("besoegskorps", "Hjerneskadeforeningen og Odense Kommune", "Besøgskorps får flere med", "Odense",
     [("Hjerneskadeforeningen", A), ("Odense Kommune", P)],
     "People with acquired brain injury volunteer in a visiting corps."),
    ("assens", "ADHD-foreningen og Assens Kommune", "Børn og unges lige adgang til foreningslivet", "Assens",
     [("ADHD-foreningen", A), ("Assens Kommune", P)],
     "Children with cognitive difficulties included in leisure and association life."),
    ("toender", "Selvhjælp Sydvest, Tønder Kommune og RessourceDetektiven", "Når børn blomstrer", "Tønder",
     [("Selvhjælp Sydvest", A), ("Tønder Kommune", P), ("RessourceDetektiven", Sector.PRIVATE)],
     "Well-being groups for children 10–15 who experience bullying."),
    ("q-vaerk", "Projekt Q-værk og Københavns Kommune", "Fra deltager til frivillig", "København",
     [("Projekt Q-værk", A), ("Københavns Kommune", P)],
     "Women who have experienced violence take part in a volunteer community."),
    ("purhus", "Purhus Idrætsforening og Randers Kommune", "Trivsel, bevægelse og sundhed i Purhus IF", "Randers",
     [("Purhus Idrætsforening", A), ("Randers Kommune", P)],
     "Early, preventive work on health and well-being for children 0–12 and their families."),
    ("ombold", "OMBOLD og Københavns Kommune", "Fælles om fodbold", "København",
     [("OMBOLD", A), ("Københavns Kommune", P)],
     "Socially vulnerable young people and adults 18–30 included in football clubs."),
    ("kfum", "KFUM's Sociale Arbejde og syv kommuner", "Social Drive Out", "Aarhus",
     [("KFUM's Sociale Arbejde", A), ("Aarhus Kommune", P), ("Haderslev Kommune", P), ("Morsø Kommune", P),
      ("Norddjurs Kommune", P), ("Odense Kommune", P), ("Ringkøbing-Skjern Kommune", P), ("Esbjerg Kommune", P)],
     "Small communities and entrances to counselling and bridges into association, church and cultural life."),
]

# Demo users: one per role in 'Mennesker er også medicin' (Aarhus), plus a facilitator elsewhere.
# (username, first name, last name, role, partnership key, organisation name)
DEMO_USERS = [
    ("facilitator", "Mette", "Holm", Role.FACILITATOR, "aarhus-medicin", "Frivilligcenter Aarhus"),
    ("referrer", "Jonas", "Lund", Role.REFERRER, "aarhus-medicin", "Aarhus Kommune"),
    ("bridgebuilder", "Sara", "Nielsen", Role.BRIDGE_BUILDER, "aarhus-medicin", "Frivilligcenter Aarhus"),
    ("association", "Peter", "Kjær", Role.ASSOCIATION_CONTACT, "aarhus-medicin", "Hjernerystelsesforeningen"),
    ("volunteer", "Hanne", "Berg", Role.VOLUNTEER, "aarhus-medicin", "Frivilligcenter Aarhus"),
    ("evaluator", "Ali", "Demir", Role.EVALUATOR, "aarhus-medicin", None),
    ("facilitator-kbh", "Lars", "Friis", Role.FACILITATOR, "ombold", "OMBOLD"),
]

MUNICIPALITIES = (Path(__file__).parent / "data" / "municipalities.txt").read_text(encoding="utf-8").split()


def _org(ctx, name, sector, municipality):
    org = ctx.organisations.get(name)
    if org is None:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"sector": sector, "municipality": municipality, "email": "kontakt@example.org"}
        )
        ctx.organisations[name] = org
    return org


def load(ctx) -> None:
    for key, name, project, municipality, orgs, purpose in PARTNERSHIPS:
        partnership, _ = Partnership.objects.update_or_create(
            name=name,
            defaults={"project_name": project, "municipality": municipality, "purpose": purpose,
                      "starts": date(2021, 1, 1), "ends": date(2023, 12, 31)},
        )
        ctx.partnerships[key] = partnership
        for i, (org_name, sector) in enumerate(orgs):
            org = _org(ctx, org_name, sector, municipality)
            role = PartnershipOrganisation.ActorRole.BACKBONE if sector == V or (i == 0 and sector == A) \
                else PartnershipOrganisation.ActorRole.STEERING_GROUP
            PartnershipOrganisation.objects.get_or_create(
                partnership=partnership, organisation=org, defaults={"actor_role": role, "joined": date(2021, 1, 1)}
            )
    User = get_user_model()
    for username, first, last, role, pkey, org_name in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user, partnership=ctx.partnerships[pkey],
            organisation=ctx.organisations.get(org_name) if org_name else None, role=role,
        )
        ctx.users[username] = user
        ctx.logins.append((f"{role.label} ({ctx.partnerships[pkey].project_name})", username))
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"first_name": "Site", "last_name": "Admin", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    ctx.users["admin"] = admin
    ctx.logins.append(("Site administrator", "admin"))
    _workspace(ctx, ctx.partnerships["aarhus-medicin"])
    ctx.say(f"  partnerships: {len(PARTNERSHIPS)} partnerships, {len(ctx.organisations)} organisations, "
            f"{len(DEMO_USERS) + 1} demo users, workspace of 'Mennesker er også medicin'")


# --- The workspace of 'Mennesker er også medicin' (issue 6). Fictional people; real kinds of local partners. ---------

ACTOR = PartnershipOrganisation.ActorRole
# organisation, sector, partner type, role, what it brings, [(contact, title, ally, steering group)]
WORKSPACE_ACTORS = [
    ("Frivilligcenter Aarhus", V, "volunteer_centre", ACTOR.BACKBONE,
     "Facilitering, rekruttering af frivillige og lokaler til torsdagsgruppen.",
     [("Mette Holm", "Koordinator", True, True), ("Sara Nielsen", "Brobygger", False, False)]),
    ("Hjernerystelsesforeningen", A, "association", ACTOR.STEERING_GROUP,
     "Viden om livet efter en hjernerystelse; frivillige ligepersoner og projektlederen.",
     [("Peter Kjær", "Projektleder", True, True)]),
    ("Aarhus Kommune", P, "municipality", ACTOR.STEERING_GROUP,
     "Medarbejdere i jobcenter og rehabilitering, der henviser borgere; en frikøbt jobkonsulent fire timer om ugen.",
     [("Jonas Lund", "Jobkonsulent", True, True), ("Birthe Vinther", "Afdelingsleder, Rehabilitering", False, True)]),
    ("Sundhedshus Aarhus Midt", Sector.HEALTH, "health_centre", ACTOR.WORKING_GROUP,
     "Fysioterapeuter, der fortæller patienter om projektet; et lokale til informationsmøder.",
     [("Anne Mølgaard", "Fysioterapeut", False, False)]),
    ("Brabrand Boligforening", H, "housing", ACTOR.ALLY,
     "Kontakt til beboere gennem helhedsplanen; fælleshuset til sommeraktiviteter.",
     [("Kasper Thomsen", "Boligsocial medarbejder", True, False)]),
    ("Aarhus 1900 Motion", A, "sports_club", ACTOR.MEMBER,
     "Rolige gå- og løbehold, der tager godt imod nye.",
     [("Lene Bech", "Formand", False, False)]),
]

# key -> (status, days from the partnership's start, notes)
WORKSPACE_PHASES = {
    "bs_needs": ("done", 0, "Vi manglede adgang til borgere via jobcentret."),
    "bs_reasons": ("done", 0, ""), "bs_values": ("done", 10, ""), "bs_entrance": ("done", 5, ""),
    "bs_ally": ("done", 20, "Jonas i jobcentret er vores allierede."), "bs_strengths": ("done", 20, ""),
    "su_involve": ("done", 40, ""), "su_learn": ("done", 60, ""), "su_idea": ("done", 45, ""),
    "su_staff": ("doing", 90, "Frikøb af jobkonsulent 4 t/uge er aftalt, mangler formel godkendelse."),
    "su_local": ("done", 60, "Torsdagsgruppen mødes i Frivilligcentret i midtbyen."),
    "fo_roles": ("done", 75, ""), "fo_agreement": ("done", 80, "Version 2 efter ny leder i kommunen."),
    "fo_revisit": ("doing", 400, ""), "fo_management": ("doing", 120, "Afventer underskrift fra kommunen."),
    "fo_steering": ("done", 90, ""),
    "ru_relation": ("doing", 200, ""), "ru_rhythm": ("done", 100, "Styregruppe hver 2. måned, fysisk."),
    "ru_share": ("todo", 300, ""), "ru_physical": ("doing", 200, ""), "ru_expectations": ("todo", 365, ""),
    "an_start": ("doing", 120, "Undersøg kommunale midler fra 2024."), "an_partners": ("todo", 500, ""),
    "an_evaluation": ("todo", 500, ""), "an_options": ("not_relevant", 700, "Tages op i 2023."),
}

WORKSPACE_MEETINGS = [
    # title, days from start, form, place, decisions, [(action, due in days from meeting, done)]
    ("Styregruppemøde: opstart", 30, "physical", "Frivilligcenter Aarhus",
     "Vi holder styregruppemøde hver anden måned.\nJobcentret henviser de første fem borgere i marts.",
     [("Sende udkast til samarbejdsaftale til alle parter", 14, True),
      ("Aftale frikøb af jobkonsulent med afdelingslederen", 30, True)]),
    ("Styregruppemøde: samarbejdsaftalen", 90, "physical", "Aarhus Kommune, Rådhuset",
     "Samarbejdsaftalen vedtaget i version 1.\nSundhedshuset inviteres med i arbejdsgruppen.",
     [("Invitere Sundhedshus Aarhus Midt til arbejdsgruppen", 21, True),
      ("Få ledelsens underskrift på samarbejdsaftalen", 45, False)]),
    ("Arbejdsgruppe: rekruttering af deltagere", -20, "online", "Teams",
     "Vi laver en fælles folder til fysioterapeuter og jobkonsulenter.",
     [("Skrive tekst til folderen", 10, False), ("Aftale informationsmøde i Sundhedshuset", 30, False),
      ("Dele tal for henvisninger med styregruppen", -5, False)]),
]


def _workspace(ctx, partnership) -> None:
    """Actors with contacts, phase statuses, meetings with actions, two agreement versions and two self-ratings."""
    from datetime import timedelta

    from django.utils import timezone

    from . import services
    from .models import (AgreementVersion, ContactPerson, FollowUpAction, Meeting, PhaseItem, RatingRound)

    facilitator, referrer = ctx.users["facilitator"], ctx.users["referrer"]
    association = ctx.users["association"]
    start = partnership.starts or date(2021, 1, 1)
    actors = {}
    for name, sector, ptype, role, brings, contacts in WORKSPACE_ACTORS:
        org = _org(ctx, name, sector, partnership.municipality)
        actor, _ = PartnershipOrganisation.objects.get_or_create(partnership=partnership, organisation=org)
        actor.actor_role, actor.partner_type, actor.contribution = role, ptype, brings
        actor.holds_authority = sector == Sector.PUBLIC  # the municipality decides cases (003 §2.3.1)
        actor.joined = actor.joined or start
        actor.save()
        actors[name] = actor
        for person, title, ally, steering in contacts:
            ContactPerson.objects.get_or_create(actor=actor, name=person, defaults={
                "title": title, "is_ally": ally, "in_steering_group": steering,
                "email": f"{person.split()[0].lower()}@example.org"})

    services.ensure_phase_items(partnership)
    owners = {"bs": facilitator, "su": facilitator, "fo": facilitator, "ru": association, "an": facilitator}
    for item in PhaseItem.objects.filter(partnership=partnership, key__in=WORKSPACE_PHASES, notes="",
                                         status=PhaseItem.Status.TODO):
        status, days, notes = WORKSPACE_PHASES[item.key]
        item.status, item.date, item.notes = status, start + timedelta(days=days), notes
        item.owner = owners[item.key[:2]]
        item.save()

    today = timezone.localdate()
    for title, days, form, place, decisions, actions in WORKSPACE_MEETINGS:
        when = start + timedelta(days=days) if days >= 0 else today + timedelta(days=days)
        meeting, created = Meeting.objects.get_or_create(partnership=partnership, title=title, defaults={
            "date": when, "form": form, "place": place, "decisions": decisions, "created_by": facilitator,
            "attendees": "Mette Holm\nPeter Kjær\nJonas Lund"})
        if created:
            meeting.organisations.set([actors["Frivilligcenter Aarhus"], actors["Hjernerystelsesforeningen"],
                                       actors["Aarhus Kommune"]])
            for text, due, done in actions:
                FollowUpAction.objects.create(
                    partnership=partnership, meeting=meeting, text=text, due=when + timedelta(days=due), done=done,
                    done_on=when + timedelta(days=due) if done else None,
                    owner=referrer if "jobkonsulent" in text or "underskrift" in text else facilitator,
                    owner_actor=actors["Aarhus Kommune"] if "underskrift" in text else None)

    if not AgreementVersion.objects.filter(partnership=partnership).exists():
        base = {
            "purpose": "Borgere, der står uden for arbejdsmarkedet efter en hjernerystelse, finder mening, "
                       "struktur og fællesskab gennem frivilligt arbejde – i deres eget tempo.",
            "values": "Vi møder deltagerne som ligeværdige og med respekt for, at energien svinger. "
                      "Ingen skal præstere; alle bidrag tæller.",
            "resources": "Frivilligcenter Aarhus: koordinator 10 t/uge og lokaler.\nAarhus Kommune: "
                         "jobkonsulent 4 t/uge.\nHjernerystelsesforeningen: projektleder og frivillige "
                         "ligepersoner.",
            "meeting_rhythm": "Styregruppe hver 2. måned (fysisk); arbejdsgruppe hver måned.",
            "starts": start, "ends": partnership.ends,
        }
        tasks = [
            ("Hjernerystelsesforeningen", "management", "Projektledelse og kontakt til fonden."),
            ("Aarhus Kommune", "recruitment", "Jobkonsulenter og rehabilitering fortæller om projektet og "
                                              "henviser borgere med deres samtykke."),
            ("Frivilligcenter Aarhus", "activities", "Torsdagsgruppen og match med frivilligjob i foreninger."),
            ("Frivilligcenter Aarhus", "training", "Kursus for værter og følgevenner to gange om året."),
            ("Hjernerystelsesforeningen", "stakeholders", "Kontakt til praktiserende læger og fysioterapeuter."),
        ]

        class _Req:  # the audit helper takes a request or a user
            user = facilitator

        services.save_agreement_version(
            _Req, partnership, {**base, "change_note": "Første version."},
            [{"actor": actors[n], "area": a, "description": d} for n, a, d in tasks[:3]])
        services.save_agreement_version(
            _Req, partnership, {**base, "signed_off_by": "Leder, Frivilligcenter Aarhus\nForperson, "
                                                         "Hjernerystelsesforeningen",
                                "signed_off_on": start + timedelta(days=130),
                                "change_note": "Uddannelse og interessenter tilføjet efter ny leder i kommunen."},
            [{"actor": actors[n], "area": a, "description": d} for n, a, d in tasks])

    ratings = [
        # collective impact (5), anchoring (5), facilitation (14, 003 Table 2.3)
        (start + timedelta(days=180), "Styregruppen, sommer", [3, 2, 3, 2, 4, 2, 2, 3, 1, 2,
                                                               3, 2, 3, 3, 3, 4, 3, 2, 2, 3, 3, 2, 2, 5]),
        (start + timedelta(days=365), "Styregruppen, vinter", [4, 2, 4, 3, 4, 2, 3, 3, 2, 3,
                                                               4, 3, 3, 3, 4, 4, 3, 3, 3, 3, 3, 3, 2, 5]),
    ]
    for when, title, scores in ratings:
        if not RatingRound.objects.filter(partnership=partnership, date=when).exists():
            class _Req:  # noqa: N801
                user = facilitator

            services.save_rating_round(_Req, partnership, when, title, "",
                                       dict(zip(services.CONDITION_KEYS, scores)), {
                                           "shared_measurement": "Vi tæller henvisninger, men ikke meget mere."})


SCALE_PREFIX = "Syntetisk"


def load_scale(ctx, n: int) -> None:
    """One synthetic partnership per municipality (98) and ``n`` organisations spread over them."""
    started = time.monotonic()
    partnerships = {}
    for municipality in MUNICIPALITIES:
        partnerships[municipality], _ = Partnership.objects.get_or_create(
            name=f"{SCALE_PREFIX} partnerskab {municipality}", defaults={"municipality": municipality}
        )
    existing = Organisation.objects.filter(name__startswith=f"{SCALE_PREFIX} ").count()
    sectors = [s for s, _ in Sector.choices]
    weights = [6 if s == A else 1 for s in sectors]
    rng = ctx.rng

    def new_orgs():
        for i in range(existing, n):
            municipality = MUNICIPALITIES[i % len(MUNICIPALITIES)]
            yield Organisation(name=f"{SCALE_PREFIX} {'forening' if i % 7 else 'organisation'} {i + 1}",
                               sector=rng.choices(sectors, weights)[0], municipality=municipality)

    done = existing
    for batch in batched(new_orgs(), 2000):
        Organisation.objects.bulk_create(batch, batch_size=2000)
        done += len(batch)
        ctx.progress("organisations", done, n, started)
    orgs = Organisation.objects.filter(name__startswith=f"{SCALE_PREFIX} ").values_list("pk", "municipality")
    have = set(PartnershipOrganisation.objects.filter(
        partnership__in=partnerships.values()).values_list("organisation_id", flat=True))
    links = (PartnershipOrganisation(partnership=partnerships[m], organisation_id=pk)
             for pk, m in orgs.iterator(chunk_size=5000) if pk not in have)
    for batch in batched(links, 5000):
        PartnershipOrganisation.objects.bulk_create(batch, batch_size=5000)
    ctx.extra["scale_partnerships"] = partnerships
    ctx.progress("partnership actors", n, n, started)
