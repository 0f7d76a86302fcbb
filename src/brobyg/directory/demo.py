"""Demo activities for the demo partnerships, and synthetic activities for benchmarks.

The Aarhus activities let a newcomer find "a free, wheelchair-accessible activity with a host within 5 km of
postcode 8000 on a weekday evening" (owned by Hjernerystelsesforeningen, editable by the demo user `association`).
Every person named here is fictional.
"""
from __future__ import annotations

import time
from datetime import date, time as dtime, timedelta

from django.db import connection
from django.utils import timezone

from brobyg.core.demo import batched

from . import geo, schedule as sched, taxonomy
from .models import Activity, Cancellation, Category, OneOffDate, Schedule, TargetGroup
from .services import refresh_derived
from .textsearch import interest_text, search_text

FREE, FEE = Activity.PriceType.FREE, Activity.PriceType.FEE
ORD, TG = Activity.Inclusion.ORDINARY, Activity.Inclusion.TARGET_GROUP

# (partnership key, organisation, title, postcode, address, categories, target groups, weekday, start, end,
#  frequency, extra fields)
DEMO = [
    ("aarhus-medicin", "Hjernerystelsesforeningen", "Stille gåtur og kaffe for alle", "8000",
     "Mølleparken 1, 8000 Aarhus C", ["bevaegelse", "samvaer"], ["hjerneskade", "alle"], 1, "18:00", "19:30",
     "weekly",
     dict(description="En rolig gåtur på en time i Mølleparken og langs åen, bagefter kaffe på biblioteket Dokk1. "
                      "Vi går i dit tempo, og ingen skal sige noget, de ikke har lyst til. For alle – også dig med "
                      "hjernerystelse, træthed eller lydfølsomhed.",
          wheelchair=True, accessible_toilet=True, quiet_room=True, low_stimulus=True, public_transport=True,
          has_host=True, host_name="Birgitte (frivillig vært)", companion_welcome=True,
          host_note="Værten står ved indgangen fra kl. 17.45 og præsenterer dig for et par af de faste.",
          entrance="Hovedindgangen til Dokk1 ved letbanestoppestedet", meeting_place="Ved trappen i foyeren",
          receiver="Birgitte, som har en grøn halstørklæde på", what_to_bring="Tøj efter vejret",
          capacity=20, open_places=6, contact_name="Peter Kjær", contact_email="aarhus@example.org",
          contact_phone="+45 20 00 00 01", languages="da, en",
          notes_for_referrers="Mange deltagere er i sygemelding efter hjernerystelse. Ring gerne til Peter før "
                              "første gang, så værten ved, at der kommer en ny.")),
    ("aarhus-medicin", "Hjernerystelsesforeningen", "Frivillig i caféen – små opgaver", "8200",
     "Trøjborgvej 20, 8200 Aarhus N", ["frivillige-opgaver", "madlavning"], ["udenfor-arbejdsmarkedet"], 3,
     "10:00", "13:00", "weekly",
     dict(description="Hjælp med at lave kaffe, dække bord og tage imod gæster i vores café. Du vælger selv, "
                      "hvor meget du kan overskue – en halv time tæller også.",
          inclusion=TG, has_host=True, companion_welcome=True, wheelchair=True, low_stimulus=True,
          receiver="Caféansvarlig Jens", capacity=8, open_places=3, contact_name="Peter Kjær",
          contact_email="aarhus@example.org")),
    ("aarhus-medicin", "Frivilligcenter Aarhus", "Fællesspisning på Frivilligcentret", "8000",
     "Frivilligcentret, Vestergade 5, 8000 Aarhus C", ["madlavning", "samvaer"], ["alle", "ensomme-aeldre"], 3,
     "17:30", "19:30", "biweekly",
     dict(description="Vi laver mad sammen og spiser ved lange borde. Man kan hjælpe i køkkenet eller bare komme "
                      "og spise.",
          price_type=FEE, price_amount=40, price_note="pr. gang, børn gratis", payment_method="cash",
          financial_support="Spørg om fripladser – ingen skal blive hjemme på grund af prisen.",
          has_host=True, wheelchair=True, accessible_toilet=True, public_transport=True, capacity=40,
          open_places=12, receiver="En af de frivillige med navneskilt", contact_name="Mette Holm")),
    ("aarhus-medicin", "Frivilligcenter Aarhus", "Sprogcafé på biblioteket", "8210",
     "Hasle Bibliotek, 8210 Aarhus V", ["sprogcafe", "samvaer"], ["flygtninge-indvandrere", "alle"], 0,
     "16:00", "18:00", "weekly",
     dict(description="Øv dansk over en kop te med frivillige. Alle niveauer er velkomne.", languages="da, ar, en",
          wheelchair=True, has_host=True, companion_welcome=True, open_places=10)),
    ("aarhus-medicin", "Frivilligcenter Aarhus", "Kor for alle stemmer", "8240", "Risskov Kirke, 8240 Risskov",
     ["musik"], ["alle"], 2, "19:00", "21:00", "weekly",
     dict(description="Et rummeligt kor, hvor ingen skal til optagelsesprøve.", price_type=FEE, price_amount=300,
          price_note="pr. halvår", payment_method="mobilepay", financial_support="Kontingentstøtte via kommunen.",
          has_host=False, open_places=4)),
    ("aarhus-medicin", "Hjernerystelsesforeningen", "Brætspil i roligt tempo", "8260", "Viby Centret, 8260 Viby J",
     ["spil", "samvaer"], ["hjerneskade"], 5, "13:00", "15:00", "weekly",
     dict(description="Brætspil og kortspil i et lille, stille lokale.", inclusion=TG, quiet_room=True,
          low_stimulus=True, has_host=True, wheelchair=False, open_places=5)),
    ("aarhus-medicin", "Frivilligcenter Aarhus", "Havefællesskab i Gellerup", "8220",
     "Gellerupparken, 8220 Brabrand", ["natur", "frivillige-opgaver"], ["alle"], 4, "15:00", "17:00", "weekly",
     dict(description="Vi dyrker grøntsager og blomster sammen. Ingen erfaring nødvendig.", wheelchair=True,
          has_host=True, companion_welcome=True, open_places=8, parking=True)),
    ("aarhus-medicin", "Frivilligcenter Aarhus", "Aftenfodbold for voksne", "8270", "Højbjerg Stadion, 8270 Højbjerg",
     ["sport"], ["alle", "udenfor-arbejdsmarkedet"], 2, "19:30", "21:00", "weekly",
     dict(description="Uhøjtideligt fodboldhold – vi spiller for sjov, og alle får bolden.", price_type=FEE,
          price_amount=150, payment_method="card_online", has_host=True, open_places=6, min_age=18)),
    ("aarhus-medicin", "Hjernerystelsesforeningen", "Mindfulness og let yoga (kladde)", "8000", "",
     ["bevaegelse"], ["hjerneskade"], 0, "17:00", "18:00", "weekly",
     dict(status=Activity.Status.DRAFT, description="Under planlægning.")),
    ("ombold", "OMBOLD", "Fælles om fodbold – træning for alle", "2200", "Fælledparken, 2100 København Ø",
     ["sport"], ["unge", "socialt-udsatte"], 1, "17:00", "18:30", "weekly",
     dict(description="Fodboldtræning for unge og voksne 18–30. Vi låner støvler ud.", has_host=True,
          min_age=18, max_age=30,
          companion_welcome=True, open_places=10, what_to_bring="Tøj du kan bevæge dig i",
          notes_for_referrers="Træneren kender målgruppen godt; ring gerne først.")),
    ("ombold", "OMBOLD", "Street-fodbold om lørdagen", "2400", "Bispebjerg, 2400 København NV", ["sport"],
     ["unge"], 5, "11:00", "13:00", "weekly", dict(has_host=True, open_places=15)),
    ("besoegskorps", "Hjerneskadeforeningen", "Besøgskorpset – bliv besøgsven", "5000", "Odense C",
     ["frivillige-opgaver"], ["hjerneskade"], 2, "10:00", "12:00", "monthly",
     dict(inclusion=TG, description="Vi mødes en gang om måneden og planlægger besøg.", has_host=True,
          volunteer_role=True)),
    ("purhus", "Purhus Idrætsforening", "Familiegymnastik i Purhus", "8981", "Purhus Hallen, 8981 Spentrup",
     ["sport", "boern-familier"], ["familier", "boern"], 6, "09:30", "11:00", "weekly",
     dict(price_type=FEE, price_amount=200, price_note="pr. sæson", financial_support="Fritidspas kan bruges.",
          payment_method="invoice", wheelchair=True, open_places=20, audience="families")),
    ("venskaberne", "Venner af Captum", "Frivillig på museet", "1050", "Nyhavn, 1051 København K",
     ["kultur", "frivillige-opgaver"], ["fysisk-handicap", "udviklingshandicap"], 3, "12:00", "15:00", "weekly",
     dict(inclusion=TG, wheelchair=True, accessible_toilet=True, has_host=True, companion_welcome=True,
          volunteer_role=True)),
]


def _t(text: str) -> dtime:
    h, m = text.split(":")
    return dtime(int(h), int(m))


def load(ctx) -> None:
    taxonomy.seed(Category, TargetGroup)
    cats = {c.slug: c for c in Category.objects.all()}
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    today = timezone.localdate()
    made = 0
    for pkey, org_name, title, postcode, address, cat_slugs, group_slugs, weekday, start, end, freq, extra in DEMO:
        partnership = ctx.partnerships.get(pkey)
        organisation = ctx.organisations.get(org_name)
        if partnership is None or organisation is None:
            continue
        fields = {"status": Activity.Status.PUBLISHED, "partnership": partnership, "postcode": postcode,
                  "address": address, "last_verified": today - timedelta(days=20), "contact_name": "",
                  **extra}
        activity, created = Activity.objects.get_or_create(organisation=organisation, title=title,
                                                           defaults=fields)
        if created:
            activity.fill_place()
            activity.save()
            activity.categories.set([cats[s] for s in cat_slugs])
            activity.target_groups.set([groups[s] for s in group_slugs])
            Schedule.objects.create(activity=activity, frequency=freq, weekday=weekday, start_time=_t(start),
                                    end_time=_t(end), week_of_month=2 if freq == "monthly" else None,
                                    valid_from=date(2026, 1, 5))
            made += 1
        refresh_derived(activity)
    # One stale activity so the reminder and warning have something to show, and a holiday and an excursion.
    stale = Activity.objects.filter(title="Brætspil i roligt tempo").first()
    if stale:
        Activity.objects.filter(pk=stale.pk).update(last_verified=today - timedelta(days=300))
    walk = Activity.objects.filter(title="Stille gåtur og kaffe for alle").first()
    if walk and not walk.cancellations.exists():
        Cancellation.objects.create(activity=walk, starts=date(today.year, 12, 22), ends=date(today.year + 1, 1, 4),
                                    reason="Juleferie")
        OneOffDate.objects.create(activity=walk, date=today + timedelta(days=40), start_time=dtime(10, 0),
                                  end_time=dtime(14, 0), note="Tur til Marselisborgskovene")
        refresh_derived(walk)
    ctx.extra["directory_demo_activity"] = walk
    _inclusion_checks(ctx, today)
    ctx.say(f"  directory: {Activity.objects.count()} activities ({made} new)")


def _inclusion_checks(ctx, today) -> None:
    """Two rounds of the demo association's inclusion self-check (000 §7.5), half a year apart (idempotent)."""
    from .inclusion import KEYS
    from .models import InclusionCheck, InclusionScore

    partnership = ctx.partnerships.get("aarhus-medicin")
    organisation = ctx.organisations.get("Hjernerystelsesforeningen")
    user = ctx.users.get("association")
    if not (partnership and organisation) or InclusionCheck.objects.filter(organisation=organisation).exists():
        return
    for days, scores, comment in [(200, [2, 1, 3, 4, 3, 2, 2, 1], ""),
                                  (20, [3, 2, 3, 4, 4, 3, 3, 2], "Bestyrelsen har skrevet en plan for nye")]:
        check = InclusionCheck.objects.create(partnership=partnership, organisation=organisation,
                                              date=today - timedelta(days=days), created_by=user)
        InclusionScore.objects.bulk_create([
            InclusionScore(round=check, item=k, score=v, comment=comment if k == "plans" else "")
            for k, v in zip(KEYS, scores)])


# ---------------------------------------------------------------------------------------------------- scale
SCALE_ORG_PREFIX = "Syntetisk "
# (title pattern, category slugs, daypart start times, free share)
KINDS = [
    ("Fodboldhold", ["sport"], ["17:00", "18:30", "19:30"]),
    ("Badminton for voksne", ["sport"], ["18:00", "20:00"]),
    ("Gåklub", ["bevaegelse", "natur"], ["09:00", "10:00", "17:00"]),
    ("Stolegymnastik", ["bevaegelse"], ["10:00", "14:00"]),
    ("Yoga i roligt tempo", ["bevaegelse"], ["17:00", "19:00"]),
    ("Kor", ["musik"], ["19:00", "19:30"]),
    ("Musikværksted", ["musik", "kreativt"], ["16:00", "18:00"]),
    ("Strikkecafé", ["kreativt", "samvaer"], ["13:00", "19:00"]),
    ("Træværksted", ["kreativt"], ["10:00", "18:00"]),
    ("Naturvejledning", ["natur"], ["10:00", "13:00"]),
    ("Fællesspisning", ["madlavning", "samvaer"], ["17:30", "18:00"]),
    ("Madklub", ["madlavning"], ["16:30", "17:00"]),
    ("Læseklub", ["kultur", "laering"], ["14:00", "19:00"]),
    ("Filmaften", ["kultur", "samvaer"], ["19:00"]),
    ("Sprogcafé", ["sprogcafe"], ["15:00", "16:00", "18:00"]),
    ("Mødested og kaffe", ["samvaer"], ["10:00", "14:00"]),
    ("Besøgsven", ["frivillige-opgaver"], ["10:00", "15:00"]),
    ("Frivillig i genbrugsbutik", ["frivillige-opgaver"], ["09:00", "13:00"]),
    ("Brætspilsaften", ["spil"], ["18:00", "19:00"]),
    ("Skakklub", ["spil"], ["19:00"]),
    ("IT-hjælp", ["laering"], ["10:00", "16:00"]),
    ("Samtalegruppe", ["selvhjaelp"], ["17:00", "19:00"]),
    ("Familieaften", ["boern-familier", "samvaer"], ["17:00"]),
]
FOR_WHOM = ["for alle", "for voksne", "for seniorer", "for unge", "i dit tempo", "for begyndere", "for familier",
            "med vært", "i byen", "på biblioteket"]
WORDS = ("Vi mødes fast og hjælper hinanden i gang. Nye er velkomne, og der er altid en, der tager imod. "
         "Du behøver ingen erfaring. Kom og se om det er noget for dig.").split(". ")


def load_scale(ctx, n: int) -> None:
    """10·n synthetic activities over the synthetic organisations, with real postcode coordinates."""
    started = time.monotonic()
    total = 10 * n
    orgs = list(_scale_orgs())
    if not orgs:
        ctx.say("  directory: no synthetic organisations – skipped")
        return
    existing = Activity.objects.filter(organisation__name__startswith=SCALE_ORG_PREFIX).count()
    if existing >= total:
        ctx.progress("activities", existing, total, started)
        return
    taxonomy.seed(Category, TargetGroup)
    cat_ids = dict(Category.objects.values_list("slug", "pk"))
    cat_words = {c.slug: f"{c.label} {c.name} {c.keywords}" for c in Category.objects.all()}
    group_ids = list(TargetGroup.objects.exclude(slug=taxonomy.EVERYONE).values_list("pk", flat=True))
    cat_names = {c.slug: f"{c.label} {c.name}" for c in Category.objects.all()}
    partnerships = ctx.extra.get("scale_partnerships", {})
    partnership_ids = {m: p.pk for m, p in partnerships.items()}
    places_by_muni = {m: geo.places_in(m) for m in geo.municipalities()}
    all_places = geo.all_places()
    rng = ctx.rng
    today = timezone.localdate()
    Through = Activity.categories.through
    TGThrough = Activity.target_groups.through
    done = existing

    def make(i):
        org_id, org_name, muni = orgs[(i // 10) % len(orgs)]
        places = places_by_muni.get(muni) or all_places
        place = rng.choice(places)
        kind, slugs, starts = KINDS[rng.randrange(len(KINDS))]
        title = f"{kind} {rng.choice(FOR_WHOM)}"
        description = ". ".join(rng.sample(WORDS, 3)) + "."
        free = rng.random() < 0.55
        start = _t(rng.choice(starts))
        weekday = rng.randrange(7)
        a = Activity(
            organisation_id=org_id, partnership_id=partnership_ids.get(muni), title=title,
            description=description, status=Activity.Status.PUBLISHED if rng.random() < 0.9 else
            rng.choice([Activity.Status.DRAFT, Activity.Status.PAUSED, Activity.Status.ENDED]),
            inclusion=ORD if rng.random() < 0.75 else TG,
            postcode=place.code, city=place.city, municipality=place.municipality,
            address=f"{rng.choice(['Skolevej', 'Kirkevej', 'Stationsvej', 'Møllevej', 'Idrætsvej'])} "
                    f"{rng.randint(1, 80)}, {place.code} {place.city}",
            latitude=round(place.latitude + rng.uniform(-0.02, 0.02), 5),
            longitude=round(place.longitude + rng.uniform(-0.03, 0.03), 5),
            price_type=FREE if free else FEE, price_amount=None if free else rng.choice([25, 50, 150, 300, 600]),
            payment_method="none" if free else rng.choice(["cash", "mobilepay", "invoice", "card_online"]),
            capacity=rng.choice([None, 10, 15, 20, 30]), open_places=rng.choice([None, 0, 1, 2, 5, 10]),
            wheelchair=rng.random() < 0.5, hearing_loop=rng.random() < 0.15, quiet_room=rng.random() < 0.2,
            low_stimulus=rng.random() < 0.2, accessible_toilet=rng.random() < 0.4, parking=rng.random() < 0.6,
            public_transport=rng.random() < 0.6, has_host=rng.random() < 0.4,
            companion_welcome=rng.random() < 0.5, languages="da",
            last_verified=today - timedelta(days=rng.randrange(0, 400)),
            weekday_mask=1 << weekday, daypart_mask=sched.daypart_of(start),
        )
        a.search_text = search_text(title, description, " ".join(cat_words[s] for s in slugs), place.city,
                                    place.municipality, org_name)
        a.interest_text = interest_text(title, description, " ".join(cat_names[s] for s in slugs))
        group = rng.choice(group_ids) if a.inclusion == TG else None
        a.target_group_mask = taxonomy.group_bit(group) if group else 0
        end = dtime(min(start.hour + 2, 23), start.minute)
        return a, slugs, weekday, start, end, group

    for batch in batched((make(i) for i in range(existing, total)), 5000):
        created = Activity.objects.bulk_create([b[0] for b in batch], batch_size=5000)
        Schedule.objects.bulk_create(
            [Schedule(activity_id=a.pk, weekday=wd, start_time=st, end_time=en) for a, (_x, _s, wd, st, en, _g)
             in zip(created, batch)], batch_size=5000)
        Through.objects.bulk_create([Through(activity_id=a.pk, category_id=cat_ids[s])
                                     for a, (_x, slugs, *_r) in zip(created, batch) for s in slugs],
                                    batch_size=10000)
        TGThrough.objects.bulk_create([TGThrough(activity_id=a.pk, targetgroup_id=b[-1])
                                       for a, b in zip(created, batch) if b[-1]], batch_size=10000)
        done += len(batch)
        ctx.progress("activities", done, total, started)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_activity")
            cursor.execute("ANALYZE directory_activity_categories")


def _scale_orgs():
    from brobyg.partnerships.models import Organisation

    return Organisation.objects.filter(name__startswith=SCALE_ORG_PREFIX).order_by("pk").values_list(
        "pk", "name", "municipality")
