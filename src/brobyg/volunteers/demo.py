"""Demo volunteers for 'Mennesker er også medicin' (Aarhus) and synthetic volunteers for the scale partnerships.

Every person is fictional. The demo user ``volunteer`` (Hanne Berg) is a companion (følgeven, 000 §7.2) and host
(vært, 000 §7.3).
"""
from __future__ import annotations

import time
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from brobyg.core.demo import batched

from . import services
from .models import (
    DAY_PARTS, Ask, AvailabilitySlot, Channel, Commitment, HostAssignment, Kind, OnboardingItem, OnboardingRecord,
    Recognition, SelfAssessment, SelfAssessmentAnswer, SkillDomain, Source, Status, StatusReason, SupportNote, Task,
    TaskAssignment, VolunteerProfile, slots_mask,
)

# Approximate centres of Aarhus postcodes, used when the directory's postcode table is not available.
AARHUS = {
    "8000": ("Aarhus C", 56.1572, 10.2107), "8200": ("Aarhus N", 56.1844, 10.1847),
    "8210": ("Aarhus V", 56.1618, 10.1556), "8220": ("Brabrand", 56.1525, 10.1010),
    "8230": ("Åbyhøj", 56.1540, 10.1530), "8240": ("Risskov", 56.1930, 10.2330),
    "8260": ("Viby J", 56.1230, 10.1620), "8270": ("Højbjerg", 56.1100, 10.2050),
    "8250": ("Egå", 56.2130, 10.2710), "8310": ("Tranbjerg J", 56.0920, 10.1330),
}

M, A, E = "morning", "afternoon", "evening"

# first, last, postcode, radius, languages, interests, skills, professional, domain, slots, uneven, roles,
# kind, commitment, channel, status, reason
VOLUNTEERS = [
    ("Hanne", "Berg", "8000", 6, "dansk, engelsk", "gåture, kaffe, strik", "lytte, skabe ro", "", "",
     [(1, A), (3, A), (3, E)], False, "companion host", Kind.CORE, Commitment.LARGE, Channel.PERSONAL,
     Status.ACTIVE, ""),
    ("Karim", "Haddad", "8220", 5, "dansk, arabisk", "fodbold, madlavning", "tolkning, madlavning",
     "kok", SkillDomain.CRAFT, [(2, E), (5, M)], False, "companion activity", Kind.USER, Commitment.SMALL,
     Channel.PARTICIPANT, Status.ACTIVE, ""),
    ("Birthe", "Sørensen", "8240", 8, "dansk", "have, natur, fugle", "organisere", "sygeplejerske",
     SkillDomain.SOCIAL, [(0, M), (2, M), (4, M)], False, "companion host", Kind.CORE, Commitment.LARGE,
     Channel.SAW_IT, Status.ACTIVE, ""),
    ("Mads", "Overgaard", "8200", 4, "dansk, engelsk", "musik, guitar", "spille guitar", "musikpædagog",
     SkillDomain.CULTURAL, [(1, E), (3, E)], False, "activity host", Kind.CORE, Commitment.SMALL,
     Channel.POSTING, Status.ACTIVE, ""),
    ("Amina", "Yusuf", "8220", 3, "dansk, somali, engelsk", "madlavning, børn", "bage", "", "",
     [], True, "other activity", Kind.USER, Commitment.SMALL, Channel.VOLUNTEER, Status.ACTIVE, ""),
    ("Jens", "Mikkelsen", "8260", 10, "dansk, tysk", "cykling, værksted", "reparere cykler", "mekaniker",
     SkillDomain.CRAFT, [(5, M), (6, M)], False, "other companion", Kind.CORE, Commitment.LARGE,
     Channel.PARTNER, Status.ACTIVE, ""),
    ("Sofie", "Kristensen", "8000", 5, "dansk, engelsk, spansk", "kunst, museer, tegning", "formidling",
     "kunsthistoriker", SkillDomain.CULTURAL, [(0, E), (2, E)], False, "companion activity", Kind.UNDECIDED,
     Commitment.SMALL, Channel.EDUCATION, Status.ACTIVE, ""),
    ("Ole", "Andersen", "8270", 6, "dansk", "skak, kaffe, historie", "fortælle", "", "",
     [(1, M), (3, M)], False, "host other", Kind.CORE, Commitment.SMALL, Channel.EVENT, Status.RESTING,
     StatusReason.HEALTH),
    ("Fatma", "Demir", "8210", 4, "dansk, tyrkisk, kurdisk", "syning, fællesspisning", "sy, oversætte",
     "", "", [(2, A), (4, A)], False, "companion other", Kind.USER, Commitment.SMALL, Channel.PARTICIPANT,
     Status.ACTIVE, ""),
    ("Niels", "Bach", "8250", 7, "dansk, engelsk", "løb, fodbold", "træne hold", "idrætslærer",
     SkillDomain.SOCIAL, [(1, E), (3, E), (6, M)], False, "activity companion", Kind.CORE, Commitment.LARGE,
     Channel.SAW_IT, Status.ACTIVE, ""),
    ("Lene", "Thomsen", "8230", 5, "dansk", "bøger, litteratur", "læse højt", "bibliotekar",
     SkillDomain.CULTURAL, [(0, A), (2, A)], False, "activity", Kind.UNDECIDED, Commitment.SMALL,
     Channel.PERSONAL, Status.STOPPED, StatusReason.JOB),
    ("Yasmin", "Ali", "8310", 3, "dansk, urdu, engelsk", "yoga, gåture", "", "", "",
     [], True, "companion", Kind.USER, Commitment.SMALL, Channel.PARTICIPANT, Status.ACTIVE, ""),
]

TASKS = [
    ("Følgeven til gåfællesskab", Task.Kind.COMPANION, "gåture, natur", 1, A, "Ved hovedindgangen til Botanisk "
     "Have, Peter Holms Vej. Hanne tager imod.", "8000", Commitment.SMALL, 4, 2, False),
    ("Vært ved onsdagscaféen", Task.Kind.HOST, "kaffe, madlavning, fællesspisning", 2, A,
     "Beboerhuset, Gudrunsvej 12, indgang fra gården.", "8220", Commitment.SMALL, 6, 2, False),
    ("Hjælpetræner til familiefodbold", Task.Kind.ACTIVITY, "fodbold, børn", 5, M,
     "Kunstgræsbanen bag skolen, mødested ved klubhuset.", "8220", Commitment.LARGE, 8, 2, True),
    ("Cykelværksted lørdag", Task.Kind.OTHER, "cykling, værksted, reparere cykler", 5, M,
     "Containeren ved Viby Torv.", "8260", Commitment.SMALL, 4, 2, False),
    ("Guitar i fællessang", Task.Kind.ACTIVITY, "musik, guitar", 3, E, "Frivilligcenter Aarhus, sal 2.", "8000",
     Commitment.SMALL, 3, 1, False),
]


def _place(code):
    found = services.lookup_postcode(code)
    if found is not None:
        lat = services._field(found, "lat") or services._field(found, "latitude")
        lon = services._field(found, "lon") or services._field(found, "longitude")
        city = services._field(found, "city") or AARHUS.get(code, ("",))[0]
        if lat is not None:
            return city, lat, lon
    return AARHUS.get(code, ("", None, None))


def load(ctx) -> None:
    partnership = ctx.partnerships["aarhus-medicin"]
    checklist = {i.kind: i for i in services.ensure_checklist(partnership)}
    today = timezone.localdate()
    staff = ctx.users.get("facilitator")
    profiles = []
    for i, (first, last, pc, radius, langs, interests, skills, prof, domain, slots, uneven, roles, kind,
            commitment, channel, status, reason) in enumerate(VOLUNTEERS):
        city, lat, lon = _place(pc)
        email = f"{first.lower()}.{last.lower()}@example.org".replace("ø", "oe").replace("å", "aa")
        profile, created = VolunteerProfile.objects.get_or_create(
            partnership=partnership, email=email,
            defaults=dict(
                first_name=first, last_name=last, phone=f"+45 20 {10 + i:02d} 4{i:01d} 1{i:01d}"[:30],
                postcode=pc, city=city, latitude=lat, longitude=lon, travel_radius_km=radius, languages=langs,
                interests=interests, skills=skills, professional_skills=prof, skill_domain=domain,
                availability_uneven=uneven, wants_companion="companion" in roles, wants_host="host" in roles,
                wants_activity="activity" in roles, wants_other="other" in roles, kind=kind, commitment=commitment,
                channel=channel, source=Source.PUBLIC_FORM if i % 3 == 0 else Source.STAFF, status=status,
                status_reason=reason, status_changed=today - timedelta(days=30) if status != Status.ACTIVE else None,
                max_companion_load=2 if commitment == Commitment.LARGE else 1,
                max_tasks=4 if commitment == Commitment.LARGE else 2,
                consent_given=True, consent_at=timezone.now() - timedelta(days=200 - i * 10),
                last_follow_up=today - timedelta(weeks=(i * 3) % 16) if i % 4 else None,
            ),
        )
        if created:
            services.set_availability(profile, slots)
            # onboarding: most have had the intro and signed; some lack the børneattest or have an old one
            OnboardingRecord.objects.create(profile=profile, item=checklist["intro"],
                                            completed_on=today - timedelta(days=150 - i), recorded_by=staff)
            if i % 5 != 4:
                OnboardingRecord.objects.create(profile=profile, item=checklist["confidentiality"],
                                                completed_on=today - timedelta(days=150 - i), recorded_by=staff)
            if i in (1, 2, 9):
                OnboardingRecord.objects.create(profile=profile, item=checklist["child_record"],
                                                completed_on=today - timedelta(days=100),
                                                expires_on=today + timedelta(days=630), recorded_by=staff)
            if i == 5:
                OnboardingRecord.objects.create(profile=profile, item=checklist["child_record"],
                                                completed_on=today - timedelta(days=800),
                                                expires_on=today - timedelta(days=70), recorded_by=staff)
            if i % 2 == 0:
                OnboardingRecord.objects.create(profile=profile, item=checklist["training"],
                                                completed_on=today - timedelta(days=90), recorded_by=staff)
            if i % 4:
                SupportNote.objects.create(profile=profile, date=profile.last_follow_up or today,
                                           kind=SupportNote.NoteKind.FOLLOW_UP, by=staff,
                                           note="Kort opfølgning: opgaven passer fint, ønsker samme tidspunkt.")
            if i % 3 == 0:
                Recognition.objects.create(profile=profile, date=today - timedelta(days=40), by=staff,
                                           kind=Recognition.RecognitionKind.EVENT, note="Sommerfest for frivillige")
        profiles.append(profile)

    hanne = profiles[0]
    user = ctx.users.get("volunteer")
    if user is not None and hanne.user_id is None:
        hanne.user = user
        hanne.save(update_fields=["user"])

    tasks = []
    for title, kind, keywords, weekday, part, place, pc, commitment, hours, needed, children in TASKS:
        city, lat, lon = _place(pc)
        task, created = Task.objects.get_or_create(
            partnership=partnership, title=title,
            defaults=dict(kind=kind, keywords=keywords, weekday=weekday, day_part=part, meeting_place=place,
                          postcode=pc, latitude=lat, longitude=lon, commitment=commitment, hours_per_month=hours,
                          volunteers_needed=needed, involves_children=children, created_by=staff,
                          starts_on=today - timedelta(days=60),
                          description="En konkret opgave med klart formål. Tiden er angivet, og du kan altid "
                                      "justere, hvor meget du er med."),
        )
        if created and children:
            task.requirements.add(checklist["child_record"])
        tasks.append(task)

    _link_activities(partnership, profiles, tasks, staff)

    if not TaskAssignment.objects.filter(task__partnership=partnership).exists():
        from datetime import time as t

        for task, profile in [(tasks[0], profiles[0]), (tasks[1], profiles[4]), (tasks[1], profiles[8]),
                              (tasks[2], profiles[1]), (tasks[3], profiles[5]), (tasks[4], profiles[3])]:
            try:
                services.assign_task(profile, task, user=staff)
            except services.RequirementsNotMet:
                pass
        Task.objects.filter(pk=tasks[0].pk).update(start_time=t(14, 0), end_time=t(15, 30))
        Task.objects.filter(pk=tasks[1].pk).update(start_time=t(13, 30), end_time=t(16, 0))
        Ask.objects.create(task=tasks[2], profile=profiles[9], asked_by=staff, score=70,
                           reasons="fodbold; fri lørdag formiddag", answer=Ask.Answer.PENDING)
        Ask.objects.create(task=tasks[4], profile=profiles[6], asked_by=staff, score=40,
                           reasons="musik", answer=Ask.Answer.NO, answered_at=timezone.now(),
                           note="Har ikke tid før efter sommer")
    ctx.extra["volunteer_profiles"] = profiles
    ctx.extra["volunteer_tasks"] = tasks

    if not SelfAssessment.objects.filter(partnership=partnership).exists():
        from .checklist import QUESTIONS

        assessment = SelfAssessment.objects.create(partnership=partnership, initiative="Følgevenner Aarhus",
                                                   date=today - timedelta(days=120), created_by=staff,
                                                   participants="Mette (koordinator), to følgevenner")
        for n, q in enumerate(QUESTIONS):
            SelfAssessmentAnswer.objects.create(
                assessment=assessment, question=q.key,
                status=[SelfAssessmentAnswer.AnswerStatus.IN_PLACE, SelfAssessmentAnswer.AnswerStatus.STARTED,
                        SelfAssessmentAnswer.AnswerStatus.NOT_YET][n % 3],
                answer="Drøftet på frivilligmødet." if n % 3 != 2 else "")
    ctx.say(f"  volunteers: {len(profiles)} volunteers, {len(tasks)} tasks in {partnership.project_name}")


# (task title, directory activity title) and (volunteer index, hosted activity title); 000 §7.3
TASK_ACTIVITIES = [("Vært ved onsdagscaféen", "Fællesspisning på Frivilligcentret"),
                   ("Følgeven til gåfællesskab", "Stille gåtur og kaffe for alle")]
HOSTS = [(0, "Stille gåtur og kaffe for alle"), (2, "Havefællesskab i Gellerup"), (3, "Kor for alle stemmer")]


def _link_activities(partnership, profiles, tasks, staff):
    """Tasks belong to directory activities and some volunteers host activities (only if the directory has them)."""
    from .forms import partnership_activities

    activities = {a.title: a for a in partnership_activities(partnership)}
    by_title = {t.title: t for t in tasks}
    for task_title, activity_title in TASK_ACTIVITIES:
        task, activity = by_title.get(task_title), activities.get(activity_title)
        if task is not None and activity is not None and task.activity_id is None:
            Task.objects.filter(pk=task.pk).update(activity=activity)
            task.activity = activity
    if HostAssignment.objects.filter(profile__partnership=partnership).exists():
        return
    for index, activity_title in HOSTS:
        activity = activities.get(activity_title)
        if activity is not None and index < len(profiles):
            try:
                services.assign_host(profiles[index], activity, user=staff)
            except services.RequirementsNotMet:
                pass


# ---------------------------------------------------------------- scale data

SCALE_FIRST = ["Anne", "Mette", "Kirsten", "Hanne", "Lars", "Jens", "Peter", "Michael", "Ali", "Fatima", "Sara",
               "Mohammed", "Ida", "Emma", "Noah", "Oscar", "Aya", "Leyla", "Bo", "Tove"]
SCALE_LAST = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
              "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Yilmaz", "Ahmed"]
SCALE_INTERESTS = ["fodbold", "gåture", "madlavning", "musik", "kunst", "have", "strik", "cykling", "skak",
                   "læsning", "børn", "dans", "natur", "kaffe", "it-hjælp", "lektiehjælp", "svømning", "yoga"]
SCALE_LANGS = ["dansk", "dansk, engelsk", "dansk, arabisk", "dansk, tyrkisk", "dansk, somali", "dansk, ukrainsk",
               "dansk, engelsk, tysk", "dansk, urdu"]


def _municipality_point(name: str, rng):
    from brobyg.core.demo import DemoContext  # noqa: F401 - keep import light

    # Denmark roughly spans lat 54.6–57.7 and lon 8.1–12.6; place each municipality deterministically.
    h = sum(ord(c) * (i + 1) for i, c in enumerate(name))
    return 54.8 + (h % 280) / 100.0, 8.3 + (h // 280 % 420) / 100.0


def load_scale(ctx, n: int) -> None:
    """20·n synthetic volunteers spread over the scale partnerships; skips what an earlier run made."""
    partnerships = ctx.extra.get("scale_partnerships") or {}
    if not partnerships:
        ctx.say("  volunteers: no scale partnerships, skipped")
        return
    total = 20 * n
    started = time.monotonic()
    parts = list(partnerships.items())
    existing = VolunteerProfile.objects.filter(partnership__in=[p for _m, p in parts],
                                               email__endswith="@syntetisk.invalid").count()
    rng = ctx.rng
    now = timezone.now()
    today = timezone.localdate()
    centres = {m: _municipality_point(m, rng) for m, _p in parts}
    channels = [c for c, _l in Channel.choices]
    statuses = [Status.ACTIVE] * 8 + [Status.RESTING, Status.STOPPED]

    def rows():
        for i in range(existing, total):
            municipality, partnership = parts[i % len(parts)]
            clat, clon = centres[municipality]
            mask = 0
            for _k in range(rng.randint(0, 5)):
                mask |= 1 << rng.randrange(21)
            status = rng.choice(statuses)
            yield VolunteerProfile(
                partnership_id=partnership.pk, first_name=rng.choice(SCALE_FIRST), last_name=rng.choice(SCALE_LAST),
                email=f"frivillig{i}@syntetisk.invalid", phone="", postcode="",
                latitude=clat + rng.uniform(-0.15, 0.15), longitude=clon + rng.uniform(-0.25, 0.25),
                travel_radius_km=rng.choice([2, 3, 5, 5, 8, 10, 15]), languages=rng.choice(SCALE_LANGS),
                interests=", ".join(rng.sample(SCALE_INTERESTS, 3)), skills=rng.choice(SCALE_INTERESTS),
                availability_mask=mask, availability_uneven=mask == 0 and rng.random() < 0.5,
                wants_companion=rng.random() < 0.5, wants_host=rng.random() < 0.3,
                wants_activity=rng.random() < 0.6, wants_other=rng.random() < 0.4,
                kind=rng.choice([Kind.CORE, Kind.USER, Kind.UNDECIDED]),
                commitment=rng.choice([Commitment.SMALL, Commitment.LARGE]), channel=rng.choice(channels),
                source=Source.IMPORT, status=status,
                status_reason=StatusReason.TIME if status != Status.ACTIVE else "",
                max_companion_load=rng.choice([1, 1, 2]), max_tasks=rng.choice([2, 3, 4]),
                consent_given=True, consent_at=now,
                last_follow_up=today - timedelta(days=rng.randint(0, 200)) if rng.random() < 0.7 else None,
                created=now, updated=now,
            )

    done = existing
    batch_size = 5000
    for batch in batched(rows(), batch_size):
        VolunteerProfile.objects.bulk_create(batch, batch_size=batch_size)
        done += len(batch)
        ctx.progress("volunteers", done, total, started)
    if existing < total:
        _scale_slots(ctx, parts, started)
    for _m, partnership in parts:
        services.ensure_checklist(partnership)
    _scale_onboarding(ctx, parts, started)
    _scale_tasks(ctx, parts, n, centres)
    ctx.progress("volunteer tasks", Task.objects.filter(partnership__in=[p for _m, p in parts]).count(),
                 5 * len(parts), started)
    if connection.vendor == "postgresql":
        # VACUUM sets the visibility map so counts can use index-only scans (not possible inside a transaction).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for table in ("volunteers_volunteerprofile", "volunteers_availabilityslot", "volunteers_onboardingrecord",
                          "volunteers_task"):
                cursor.execute(f"{command} {table}")


def _scale_slots(ctx, parts, started):
    """Availability slot rows mirror the masks (one INSERT … SELECT on PostgreSQL, batches elsewhere)."""
    pids = [p.pk for _m, p in parts]
    if connection.vendor == "postgresql":
        values = ",".join(f"({d},'{p}',{1 << (d * 3 + k)})" for d in range(7) for k, p in enumerate(DAY_PARTS))
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO volunteers_availabilityslot (profile_id, weekday, part) "
                f"SELECT v.id, s.d, s.p FROM volunteers_volunteerprofile v, (VALUES {values}) AS s(d, p, b) "
                "WHERE v.partnership_id = ANY(%s) AND v.email LIKE %s AND (v.availability_mask & s.b) <> 0 "
                "ON CONFLICT DO NOTHING", [pids, "%@syntetisk.invalid"])
    else:
        qs = VolunteerProfile.objects.filter(partnership_id__in=pids, email__endswith="@syntetisk.invalid",
                                             availability__isnull=True).values_list("id", "availability_mask")
        slots = (AvailabilitySlot(profile_id=pid, weekday=d, part=p)
                 for pid, mask in qs.iterator(chunk_size=5000)
                 for d in range(7) for k, p in enumerate(DAY_PARTS) if mask & (1 << (d * 3 + k)))
        for batch in batched(slots, 10000):
            AvailabilitySlot.objects.bulk_create(batch, batch_size=10000, ignore_conflicts=True)
    ctx.progress("availability slots", 1, 1, started)


def _scale_onboarding(ctx, parts, started):
    """Onboarding records for the synthetic volunteers: most have had the intro and signed the confidentiality
    declaration; about one in five has a børneattest (a few of them expired), so requirement checks have work."""
    pids = [p.pk for _m, p in parts]
    synthetic = VolunteerProfile.objects.filter(partnership_id__in=pids, email__endswith="@syntetisk.invalid")
    if OnboardingRecord.objects.filter(profile__in=synthetic[:1]).exists():
        return
    today = timezone.localdate()
    kinds = [OnboardingItem.ItemKind.INTRO, OnboardingItem.ItemKind.CONFIDENTIALITY,
             OnboardingItem.ItemKind.CHILD_RECORD]
    if connection.vendor == "postgresql":
        # (kind, share of volunteers by id modulo 100, completed, expires)
        plan = [("intro", 90, today - timedelta(days=200), None),
                ("confidentiality", 85, today - timedelta(days=200), None),
                ("child_record", 17, today - timedelta(days=300), today + timedelta(days=400)),
                ("child_record_old", 3, today - timedelta(days=900), today - timedelta(days=170))]
        with connection.cursor() as cursor:
            for kind, share, completed, expires in plan:
                offset = 17 if kind == "child_record_old" else 0
                cursor.execute(
                    "INSERT INTO volunteers_onboardingrecord (profile_id, item_id, completed_on, expires_on, note, "
                    "recorded_at) SELECT v.id, i.id, %s, %s, '', now() FROM volunteers_volunteerprofile v "
                    "JOIN volunteers_onboardingitem i ON i.partnership_id = v.partnership_id AND i.kind = %s "
                    "WHERE v.partnership_id = ANY(%s) AND v.email LIKE %s AND (v.id %% 100) >= %s "
                    "AND (v.id %% 100) < %s ON CONFLICT DO NOTHING",
                    [completed, expires, kind.removesuffix("_old"), pids, "%@syntetisk.invalid", offset,
                     offset + share])
                ctx.progress(f"onboarding: {kind}", cursor.rowcount, cursor.rowcount, started)
        return
    items = {(i.partnership_id, i.kind): i.pk for i in OnboardingItem.objects.filter(partnership_id__in=pids,
                                                                                     kind__in=kinds)}

    def rows():
        for pk, partnership_id in synthetic.values_list("pk", "partnership_id").iterator(chunk_size=5000):
            m = pk % 100
            if m < 90:
                yield OnboardingRecord(profile_id=pk, item_id=items[(partnership_id, "intro")],
                                       completed_on=today - timedelta(days=200))
            if m < 85:
                yield OnboardingRecord(profile_id=pk, item_id=items[(partnership_id, "confidentiality")],
                                       completed_on=today - timedelta(days=200))
            if m < 20:
                yield OnboardingRecord(profile_id=pk, item_id=items[(partnership_id, "child_record")],
                                       completed_on=today - timedelta(days=300 if m < 17 else 900),
                                       expires_on=today + timedelta(days=400 if m < 17 else -170))

    done = 0
    for batch in batched(rows(), 10000):
        OnboardingRecord.objects.bulk_create(batch, batch_size=10000, ignore_conflicts=True)
        done += len(batch)
        ctx.progress("onboarding records", done, done, started)


def _scale_tasks(ctx, parts, n, centres):
    """A few open tasks per scale partnership (for the suggestion benchmark)."""
    pids = [p.pk for _m, p in parts]
    if Task.objects.filter(partnership_id__in=pids).exists():
        return
    rng = ctx.rng
    tasks = []
    for municipality, partnership in parts:
        clat, clon = centres[municipality]
        for k in range(5):
            tasks.append(Task(partnership_id=partnership.pk, title=f"Syntetisk opgave {k + 1}",
                              kind=rng.choice([Task.Kind.ACTIVITY, Task.Kind.HOST, Task.Kind.OTHER]),
                              keywords=", ".join(rng.sample(SCALE_INTERESTS, 2)), weekday=rng.randrange(7),
                              day_part=rng.choice(DAY_PARTS), latitude=clat, longitude=clon,
                              volunteers_needed=2, involves_children=k == 0,
                              commitment=rng.choice([Commitment.SMALL, Commitment.LARGE])))
    Task.objects.bulk_create(tasks, batch_size=1000)


__all__ = ["load", "load_scale", "slots_mask"]
