"""Demo data for initiatives in the Aarhus partnership ('Mennesker er også medicin'): ideas from people after a
concussion, a cause, success stories, logbook notes and two self-assessment rounds. All people are fictional."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from . import elements
from .models import (AssessmentResponse, AssessmentRound, AssessmentScore, Cause, CauseMeeting, Idea, IdeaNote,
                     IdeaStatus, LogEntry, PlanLink, Story)

PLAN = [
    (PlanLink.Kind.TARGET_GROUP, "Mennesker uden for arbejdsmarkedet efter en hjernerystelse"),
    (PlanLink.Kind.FOCUS_AREA, "Frivilligt arbejde som vej tilbage til hverdagen"),
    (PlanLink.Kind.CRITERION, "Deltagere der selv bliver frivillige"),
]

# title, description, initiator, support (staff, premises, money), status, days ago, explanation, plan indexes
IDEAS = [
    ("Stille gåtur i Riis Skov", "En rolig gåtur hver tirsdag formiddag for folk, der ikke kan tåle larm og mange "
     "mennesker. Vi går i vores eget tempo og slutter med kaffe på en bænk.", "Birgitte S.", (True, False, False),
     IdeaStatus.RUNNING, 150, "", [0, 1]),
    ("Stillecafé på biblioteket", "En café uden musik og med dæmpet lys, hvor man kan komme en time og være "
     "sammen med andre uden at skulle forklare sig.", "Karim A. og Lone P.", (True, True, False),
     IdeaStatus.DIALOGUE, 40, "", [0]),
    ("Reparationsaften", "Jeg er god til at reparere cykler og lamper og vil gerne lære andre det. Måske en aften "
     "om måneden i beboerhuset.", "Henrik M.", (False, True, True), IdeaStatus.NEW, 6, "", []),
    ("Fællesspisning for hele opgangen", "Vi vil gerne lave mad sammen én gang om måneden og invitere naboerne.",
     "Fatima K.", (False, False, True), IdeaStatus.PARKED, 95, "", [1]),
    ("Stort musikarrangement i parken", "En koncert med lokale bands for hele bydelen.", "Nikolaj T.",
     (True, True, True), IdeaStatus.DECLINED, 120,
     "Tak for en flot idé! En stor koncert passer desværre ikke til vores målgruppe, som ofte er følsom over for "
     "lyd. Vi har givet din idé videre til beboerhuset, som gerne vil tale med dig om den.", []),
]

STORIES = [
    ("Fra deltager til turleder", 120, "Birgitte kom med på gåturen første gang sammen med sin følgeven. Efter "
     "tre måneder foreslog hun selv en ny rute og leder nu turen hver anden uge.",
     "Hun siger, at hun igen har noget at stå op til om tirsdagen.", "Birgitte, Hanne (frivillig)",
     Story.Sharing.REPORTS),
    ("Kaffen blev en opgave", 60, "En deltager, der i starten kun ville sidde med, tilbød at stå for kaffen. "
     "Det er blevet hans faste opgave.", "Han kommer nu hver uge og har fået to nye bekendte.", "",
     Story.Sharing.STAFF),
    ("Første møde i stillecaféen", 15, "Otte mennesker mødtes til prøvecafé på biblioteket. Vi slukkede musikken og "
     "skruede ned for lyset. Flere blev en time længere end planlagt.", "Bibliotekets personale vil gerne gøre det "
     "fast.", "", Story.Sharing.STAFF),
]

# Two rounds; each partner's base score, and how much the second round moves it.
ROUNDS = [("Selvevaluering forår", 200), ("Selvevaluering efterår", 20)]
PARTNER_BIAS = {"Frivilligcenter Aarhus": 4, "Aarhus Kommune": 3, "Hjernerystelsesforeningen": 4}
DISAGREE = {"str_resources": {"Aarhus Kommune": 1, "Hjernerystelsesforeningen": 5},
            "org_mandate": {"Aarhus Kommune": 2}}


def _illustration():
    """A drawn picture (a path through trees) instead of a photo of a real person."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 400), (214, 232, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 260, 640, 400], fill=(120, 170, 110))
    draw.polygon([(300, 400), (340, 400), (330, 260), (322, 260)], fill=(200, 180, 140))
    for x in (80, 180, 460, 560):
        draw.rectangle([x - 6, 200, x + 6, 270], fill=(110, 80, 50))
        draw.ellipse([x - 45, 120, x + 45, 220], fill=(60, 120, 70))
    draw.ellipse([500, 30, 570, 100], fill=(250, 210, 90))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name="walk.jpg")


def _activity(ctx, partnership, idea, facilitator):
    """The walking group became an activity in the directory, started by its initiator as core volunteer, and
    climbed the ladder from 3 to 5 (004 Table 1); it rotates its host (002) and records its balance (002)."""
    from types import SimpleNamespace

    from brobyg.directory.models import Activity

    from .activities import idea_to_activity
    from .models import ActivityInvolvement, HostShift, Level, Steering

    if idea.activity_id:
        return
    org = ctx.organisations.get("Hjernerystelsesforeningen")
    if org is None:
        return
    request = SimpleNamespace(user=facilitator)
    activity = idea_to_activity(request, idea, {
        "organisation": org, "title": "Stille gåtur i Riis Skov", "postcode": "8000",
        "description": "En rolig gåtur hver tirsdag kl. 10 i eget tempo, for dig der ikke kan tåle larm og mange "
                       "mennesker. Vi slutter med kaffe på en bænk.", "address": "Riis Skov, indgangen ved "
                       "Grenåvej", "level": Level.CO_DEVELOPED, "publish": True})
    Activity.objects.filter(pk=activity.pk).update(has_host=True, low_stimulus=True, companion_welcome=True)
    first = activity.involvement.get()
    first.set_on = _at(130).date()
    first.save(update_fields=["set_on"])
    ActivityInvolvement.objects.create(activity=activity, level=Level.HANDING_OVER, steering=Steering.SOME,
                                       set_on=_at(80).date(), set_by=facilitator,
                                       note="Birgitte planlægger ruterne; vi koordinerer stadig.")
    ActivityInvolvement.objects.create(activity=activity, level=Level.SUPPORTED, steering=Steering.LITTLE,
                                       set_on=_at(20).date(), set_by=facilitator,
                                       note="Gruppen styrer selv; vi hjælper med kaffe og nye deltagere.")
    Activity.objects.filter(pk=activity.pk).update(usual_participants=12, need_support=1)
    profile = activity.initiators.first().profile
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    HostShift.objects.create(activity=activity, week=monday - timedelta(days=7), host=profile,
                             connected="Præsenterede Ole for to andre fra Trøjborg.",
                             invited="Ringede til Lise, der ikke havde været med i tre uger.",
                             facilitated="Foreslog, at Ole står for kaffen næste gang.")
    HostShift.objects.create(activity=activity, week=monday, host_name="Ole")
    LogEntry.objects.create(partnership=partnership, activity=activity, date=_at(10).date(),
                            happened="Tolv med i dag, heraf to nye via kommunen.",
                            learned="Værten ved indgangen gør en forskel for de nye.", author=facilitator)


# The directory's demo activities on the ladder: (title, [(level, days ago)], (participants, need support))
LADDER = [
    ("Stille gåtur og kaffe for alle", [(2, 300), (3, 180), (4, 40)], (14, 2)),
    ("Frivillig i caféen – små opgaver", [(3, 200), (4, 60)], (10, 3)),
    ("Fællesspisning på Frivilligcentret", [(1, 280), (2, 150), (3, 30)], (30, 4)),
    ("Sprogcafé på biblioteket", [(4, 250), (5, 90)], (16, 2)),
    ("Kor for alle stemmer", [(6, 320)], (25, 1)),
    ("Brætspil i roligt tempo", [(5, 120)], None),
    ("Havefællesskab i Gellerup", [(3, 260), (5, 70)], (12, 2)),
    ("Aftenfodbold for voksne", [(1, 100)], None),
]


def _ladder(partnership, facilitator):
    from brobyg.directory.models import Activity

    from .models import ActivityInvolvement, Steering

    steering = {1: Steering.HIGH, 2: Steering.HIGH, 3: Steering.SOME, 4: Steering.SOME, 5: Steering.LITTLE,
                6: Steering.LITTLE}
    for title, history, balance in LADDER:
        activity = Activity.objects.filter(partnership=partnership, title=title).first()
        if activity is None or activity.involvement.exists():
            continue
        ActivityInvolvement.objects.bulk_create([
            ActivityInvolvement(activity=activity, level=level, steering=steering[level], set_on=_at(ago).date(),
                                set_by=facilitator) for level, ago in history])
        if balance and activity.usual_participants is None:
            Activity.objects.filter(pk=activity.pk).update(usual_participants=balance[0], need_support=balance[1])


def _at(days_ago: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def load(ctx) -> None:
    partnership = ctx.partnerships.get("aarhus-medicin")
    if partnership is None:
        return
    facilitator = ctx.users.get("facilitator")
    links = [PlanLink.objects.get_or_create(partnership=partnership, kind=k, name=n)[0] for k, n in PLAN]
    ideas = {}
    for title, text, who, (staff, premises, money), status, ago, explanation, plan in IDEAS:
        idea, created = Idea.objects.get_or_create(
            partnership=partnership, title=title,
            defaults={"description": text, "initiator_name": who, "initiator_contact": "20 30 40 50",
                      "contact_consent": True, "needs_staff": staff, "needs_premises": premises,
                      "needs_money": money, "status": status, "explanation": explanation,
                      "source": Idea.Source.PUBLIC if ago < 50 else Idea.Source.STAFF, "received": _at(ago),
                      "status_changed": _at(max(ago - 10, 0)),
                      "started": _at(ago - 20) if status == IdeaStatus.RUNNING else None,
                      "initiator_expects": "At I hjælper os med at komme i gang og finde et sted at være.",
                      "partnership_expects": "At I selv driver det og fortæller os, hvordan det går." if
                      status in (IdeaStatus.RUNNING, IdeaStatus.DIALOGUE) else "",
                      "responsible": facilitator, "created_by": facilitator})
        if created:
            idea.plan_links.set([links[i] for i in plan])
            if status != IdeaStatus.NEW:
                IdeaNote.objects.create(idea=idea, date=(_at(ago - 5)).date(), author=facilitator,
                                        text="Ringede og aftalte et møde på frivilligcentret.")
        ideas[title] = idea
    ctx.extra["initiatives_ideas"] = ideas

    source = ideas["Stillecafé på biblioteket"]
    cause, created = Cause.objects.get_or_create(
        partnership=partnership, title="Et stillerum på Dokk1",
        defaults={"idea": source, "purpose": "Et fast, roligt rum på hovedbiblioteket for mennesker, der har svært "
                  "ved lyd og lys efter en hjernerystelse.", "started_by": "Karim A. og Lone P.",
                  "action_plan": "1. Tale med bibliotekets ledelse\n2. Prøvecafé i et mødelokale\n"
                  "3. Finde fem faste værter", "call_for_helpers": "Vi søger tre-fire, der vil være vært en time "
                  "om ugen – det kræver ingen erfaring.", "created_by": facilitator, "created": _at(30)})
    if created:
        CauseMeeting.objects.create(cause=cause, date=_at(28).date(), participants=4,
                                    notes="Den lille kreds: hvad vil vi?", next_steps="Karim kontakter biblioteket.")
        CauseMeeting.objects.create(cause=cause, date=_at(14).date(), participants=11,
                                    notes="Møde med biblioteket og to fra foreningen.",
                                    next_steps="Prøvecafé om to uger.")

    for title, ago, text, change, people, sharing in STORIES:
        story, created = Story.objects.get_or_create(
            partnership=partnership, title=title,
            defaults={"date": _at(ago).date(), "text": text, "change": change, "people": people,
                      "people_consent": bool(people) or sharing == Story.Sharing.REPORTS, "sharing": sharing,
                      "share_consent": sharing == Story.Sharing.REPORTS, "author": facilitator,
                      "idea": ideas["Stille gåtur i Riis Skov"] if ago > 50 else None})
        if created and sharing == Story.Sharing.REPORTS:
            story.photo.save("walk.jpg", _illustration(), save=False)
            story.photo_consent = True
            story.save(update_fields=["photo", "photo_consent"])

    if not LogEntry.objects.filter(partnership=partnership).exists():
        LogEntry.objects.create(partnership=partnership, activity_name="Stille gåtur i Riis Skov", date=_at(50).date(),
                                happened="Seks med på turen trods regn. To nye kom via kommunen.",
                                learned="Et fast mødested ved indgangen gør det lettere at komme første gang.",
                                author=ctx.users.get("volunteer"))
        LogEntry.objects.create(partnership=partnership, cause=cause, date=_at(14).date(),
                                happened="Biblioteket siger ja til en prøveperiode.",
                                learned="Det hjalp, at initiativtagerne selv fortalte, hvorfor det betyder noget.",
                                author=facilitator)

    orgs = {a.organisation.name: a.organisation for a in partnership.actors.select_related("organisation")}
    users = {"Frivilligcenter Aarhus": facilitator, "Aarhus Kommune": ctx.users.get("referrer"),
             "Hjernerystelsesforeningen": ctx.users.get("association")}
    for index, (title, ago) in enumerate(ROUNDS):
        rnd, created = AssessmentRound.objects.get_or_create(
            partnership=partnership, title=title,
            defaults={"opens": _at(ago).date(), "created_by": facilitator, "closed": index == 0})
        if not created:
            continue
        for name, base in PARTNER_BIAS.items():
            org = orgs.get(name)
            if org is None:
                continue
            response = AssessmentResponse.objects.create(round=rnd, organisation=org, answered_by=users.get(name),
                                                         answered=_at(ago))
            scores = []
            for i, element in enumerate(elements.ELEMENTS):
                score = DISAGREE.get(element.key, {}).get(name, base - (i % 3 == 0))
                if index == 1 and element.group in ("relational", "capacity"):
                    score = min(5, score + (i % 2))  # relations and capacity grew between the rounds
                scores.append(AssessmentScore(response=response, element=element.key, score=max(1, min(5, score))))
            AssessmentScore.objects.bulk_create(scores)
    _activity(ctx, partnership, ideas["Stille gåtur i Riis Skov"], facilitator)
    _ladder(partnership, facilitator)
    ctx.say(f"  initiatives: {len(IDEAS)} ideas, 1 cause, {len(STORIES)} stories, {len(ROUNDS)} self-assessment "
            "rounds")


SCALE_TITLE = "Syntetisk idé"


def load_scale(ctx, n: int) -> None:
    """Synthetic data for benchmarks: n ideas and n stories spread over the synthetic partnerships, and an
    involvement level (a third with an earlier level too) for every synthetic activity. Skips work already done."""
    import time as _time

    from brobyg.core.demo import batched
    from brobyg.directory.models import Activity

    from .models import ActivityInvolvement, Steering

    partnerships = list(ctx.extra.get("scale_partnerships", {}).values())
    if not partnerships or Idea.objects.filter(title__startswith=SCALE_TITLE).exists():
        return
    started = _time.monotonic()
    rng = ctx.rng
    statuses = [s for s, _label in IdeaStatus.choices]
    now = timezone.now()

    def ideas():
        for i in range(n):
            ago = rng.randint(0, 700)
            status = rng.choice(statuses)
            yield Idea(partnership=rng.choice(partnerships), title=f"{SCALE_TITLE} {i}", description="Syntetisk",
                       initiator_name="Syntetisk", status=status, received=now - timedelta(days=ago),
                       status_changed=now - timedelta(days=max(ago - 10, 0)),
                       started=now - timedelta(days=max(ago - 20, 0)) if status == IdeaStatus.RUNNING else None,
                       explanation="Syntetisk" if status == IdeaStatus.DECLINED else "")

    done = 0
    for batch in batched(ideas(), 5000):
        Idea.objects.bulk_create(batch)
        done += len(batch)
        ctx.progress("initiatives ideas", done, n, started)
    stories = (Story(partnership=rng.choice(partnerships), title=f"Syntetisk historie {i}", text="Syntetisk",
                     date=(now - timedelta(days=rng.randint(0, 700))).date()) for i in range(n))
    for batch in batched(stories, 5000):
        Story.objects.bulk_create(batch)
    ids = list(Activity.objects.filter(partnership__in=partnerships, involvement__isnull=True)
               .values_list("id", flat=True))
    steering = [Steering.HIGH, Steering.HIGH, Steering.SOME, Steering.SOME, Steering.LITTLE, Steering.LITTLE]

    def levels():
        for activity_id in ids:
            level = rng.randint(1, 6)
            if level > 1 and rng.random() < 0.33:
                yield ActivityInvolvement(activity_id=activity_id, level=level - 1, steering=steering[level - 2],
                                          set_on=(now - timedelta(days=rng.randint(200, 600))).date())
            yield ActivityInvolvement(activity_id=activity_id, level=level, steering=steering[level - 1],
                                      set_on=(now - timedelta(days=rng.randint(0, 199))).date())

    done = 0
    for batch in batched(levels(), 10000):
        ActivityInvolvement.objects.bulk_create(batch)
        done += len(batch)
    ctx.progress("initiatives involvement rows", done, done, started)
