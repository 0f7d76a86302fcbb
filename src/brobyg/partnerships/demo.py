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
    ctx.say(f"  partnerships: {len(PARTNERSHIPS)} partnerships, {len(ctx.organisations)} organisations, "
            f"{len(DEMO_USERS) + 1} demo users")


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
