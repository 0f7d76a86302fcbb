"""The bridge after the conversation: proposals and the citizen's choice (000 §7.1.3), the companion (følgeskab,
§7.2), the arrival notice and the host's record of the first visits (værtsskab, §7.3), and light participation
recording (fællesskab, §7.4). Views and the API call these; every change is atomic and audit-logged.

What companions and association contacts may see is assembled here, from the consented fields only — never the
record itself: first name, what helps them feel welcome, and the practical meeting information.
"""
from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobyg.audit.services import record

from . import matching
from .models import (
    Arrival, Citizen, Companionship, Journey, Participation, Proposal, Stage, Visit,
)
from .services import BridgeError, change_roles, move, sharing, touch

log = logging.getLogger(__name__)


# --- Proposals and choice -------------------------------------------------------------------------------------

@transaction.atomic
def propose(who, journey: Journey, activity_ids: list[int]) -> list[Proposal]:
    """Keep the chosen suggestions as proposals, with the rank, score and reasons shown right now."""
    citizen = journey.citizen
    matches = {m.activity_id: (i, m) for i, m in enumerate(matching.suggest(citizen, limit=30), start=1)}
    user = getattr(who, "user", who)
    made = []
    have = set(journey.proposals.values_list("activity_id", flat=True))
    for aid in activity_ids:
        if aid in have or aid not in matches:
            continue
        rank, m = matches[aid]
        made.append(Proposal.objects.create(journey=journey, activity_id=aid, rank=rank, score=m.score,
                                            reasons=m.reasons, proposed_by=user))
    if not made:
        raise BridgeError(_("Choose one or more of the suggestions."))
    record(who, "proposal.create", journey, partnership=journey.partnership, detail=str(len(made)))
    touch(citizen)
    return made


class PlaceTaken(BridgeError):
    """The chosen activity has no open place left; carries the next suggestion to offer instead (or None)."""

    def __init__(self, message: str, next_activity=None):
        super().__init__(message)
        self.next_activity = next_activity


# Stages that give a held place back: a pause, the end, or starting over (the citizen looks again).
RELEASE_STAGES = (Stage.PAUSED, Stage.ENDED, Stage.KENDSKAB)


def next_suggestion(journey: Journey, exclude_id: int):
    """What to offer when an activity is full: the journey's next open proposal that still has room, else the best
    suggestion matching finds now (full and at-balance activities are already left out there)."""
    from brobyg.directory.models import Activity

    open_ids = set(matching.open_activities().filter(
        pk__in=journey.proposals.filter(status=Proposal.Status.PROPOSED).values("activity_id"))
        .values_list("pk", flat=True))
    for p in journey.proposals.filter(status=Proposal.Status.PROPOSED).exclude(activity_id=exclude_id) \
            .select_related("activity").order_by("rank", "pk"):
        if p.activity_id in open_ids:
            return p.activity
    for m in matching.suggest(journey.citizen, limit=5, companion_available=False):
        if m.activity_id != exclude_id:
            return m.activity or Activity.objects.filter(pk=m.activity_id).first()
    return None


def release_held_place(who, journey: Journey) -> bool:
    """Give the place the journey's arrival holds back to its activity (once: the flag is cleared with a
    conditional UPDATE before the place is released, so two parallel releases give back one place)."""
    from brobyg.directory.services import release_place

    arrival = Arrival.objects.filter(journey=journey, holds_place=True).first()
    if arrival is None or not Arrival.objects.filter(pk=arrival.pk, holds_place=True).update(holds_place=False):
        return False
    release_place(arrival.activity_id)
    record(who, "arrival.release_place", arrival, partnership=journey.partnership)
    return True


@transaction.atomic
def choose(who, proposal: Proposal, expected=None) -> Arrival:
    """The citizen chose this proposal: it takes one of the activity's open places (a conditional UPDATE, so the
    last place goes once however many choose at the same moment), the others become 'not chosen' and an arrival
    notice is made. A full activity is refused with the next suggestion (:class:`PlaceTaken`); choosing another
    activity gives the earlier place back."""
    from brobyg.directory.services import release_place, take_place

    if proposal.activity_id is None:
        raise BridgeError(_("The activity no longer exists."))
    journey = proposal.journey
    before = Arrival.objects.select_for_update().filter(journey=journey).first()
    held_here = before is not None and before.holds_place and before.activity_id == proposal.activity_id
    if not held_here:
        if not take_place(proposal.activity_id):
            nxt = next_suggestion(journey, proposal.activity_id)
            title = proposal.activity.title
            if nxt is not None:
                msg = _("“%(activity)s” has no open place left – another citizen has just taken the last one. "
                        "Next suggestion: “%(next)s”.") % {"activity": title, "next": nxt.title}
            else:
                msg = _("“%(activity)s” has no open place left – another citizen has just taken the last one. "
                        "No other suggestion has room right now.") % {"activity": title}
            raise PlaceTaken(msg, nxt)
        if before is not None and before.holds_place:
            release_place(before.activity_id)  # moving on to another activity gives the old place back
    now = timezone.now()
    journey.proposals.exclude(pk=proposal.pk).update(status=Proposal.Status.DECLINED)
    proposal.status = Proposal.Status.CHOSEN
    proposal.chosen_at = now
    proposal.save(update_fields=["status", "chosen_at"])
    defaults = {"activity_id": proposal.activity_id, "expected": expected, "holds_place": True}
    if before is not None and (before.activity_id, before.expected) != (proposal.activity_id, expected):
        defaults["notified_at"] = None  # another activity or date: a new notice, told anew
    arrival, _created = Arrival.objects.update_or_create(journey=journey, defaults=defaults)
    record(who, "proposal.choose", proposal, partnership=journey.partnership, detail=f"rank {proposal.rank}")
    touch(journey.citizen)
    # Tell the association in the same transaction (a rolled-back choice tells nobody); the outbox sends later.
    notify_arrival(arrival.pk, who=getattr(who, "user", who))
    return arrival


def place_holders(user, activity) -> dict:
    """Who holds an activity's places (for those who run it, on the activity page): the journeys on their way
    there. First names only where the citizen agreed to share with the association and the user receives
    the newcomer (the newcomers list's own rule); the others are counted, not named."""
    held = (Arrival.objects.filter(activity=activity, holds_place=True).exclude(journey__stage=Stage.ENDED)
            .select_related("journey__citizen", "activity").order_by("expected", "pk"))
    receivable = set(arrivals_for_receiver(user).filter(activity=activity, holds_place=True)
                     .values_list("pk", flat=True))
    named, unnamed = [], 0
    for arrival in held:
        card = newcomer_card(arrival) if arrival.pk in receivable else None
        if card:
            named.append({**card, "stage": arrival.journey.get_stage_display()})
        else:
            unnamed += 1
    return {"named": named, "unnamed": unnamed, "total": len(named) + unnamed}


def left_out(citizen: Citizen, limit: int = 6) -> dict:
    """What the suggestions leave out and why (issue 14: "3 full, 1 at its balance"), so the bridge-builder knows
    that, say, the target-group team exists but is full. Counted among the activities the citizen could reach
    (inside the travel radius, or the partnership's own without a location) that share one of their interest
    words, when they named any: full (no open place), at its balance (directory.balance), paused or ended."""
    from brobyg.directory.balance import at_balance
    from brobyg.directory.models import Activity

    w = matching.wishes_for(citizen, companion_available=False)
    qs = Activity.objects.exclude(status=Activity.Status.DRAFT)
    if w.lat is None or w.lon is None:
        qs = qs.filter(partnership_id=citizen.partnership_id)
    else:
        qs = qs.within_box(w.lat, w.lon, w.travel_km)
    if w.terms:
        words_q = Q()
        for term in w.terms:
            words_q |= Q(search_text__contains=term)
        qs = qs.filter(words_q)
    published = qs.filter(status=Activity.Status.PUBLISHED)
    groups = {
        "full": published.filter(open_places=0),
        "balance": published.exclude(open_places=0).filter(at_balance()),
        "ended": qs.filter(status__in=[Activity.Status.PAUSED, Activity.Status.ENDED]),
    }
    out = {key: {"n": q.count(), "titles": list(q.order_by("title").values_list("title", flat=True)[:limit])}
           for key, q in groups.items()}
    out["total"] = sum(v["n"] for k, v in out.items() if k != "total")
    texts = {"full": lambda n: ngettext("%(n)d full", "%(n)d full", n),
             "balance": lambda n: ngettext("%(n)d at its balance", "%(n)d at their balance", n),
             "ended": lambda n: ngettext("%(n)d paused or ended", "%(n)d paused or ended", n)}
    out["parts"] = [texts[k](out[k]["n"]) % {"n": out[k]["n"]} for k in ("full", "balance", "ended") if out[k]["n"]]
    return out


def near_balance(matches) -> tuple[list, list]:
    """The suggestions near their balance (room for at most ``NEAR`` more who need support) and, to spread
    referrals, the others that fit and are not near it."""
    from brobyg.directory.balance import NEAR, newcomer_rooms

    rooms = newcomer_rooms([m.activity_id for m in matches])
    near = [(m, rooms[m.activity_id]) for m in matches if rooms.get(m.activity_id) is not None
            and rooms[m.activity_id] <= NEAR]
    near_ids = {m.activity_id for m, _room in near}
    return near, [m for m in matches if m.activity_id not in near_ids][:3]


def matching_quality(journeys) -> dict:
    """How good the suggestions were: proposals made, choices, and how often the first suggestion was chosen.
    An aggregate over citizens: the four counts pass the disclosure rule together (core.stats; None = hidden),
    each being part of the one before."""
    from brobyg.core import stats

    proposals = Proposal.objects.filter(journey__in=journeys)
    chosen = proposals.filter(status=Proposal.Status.CHOSEN)
    figures = stats.protect({"proposals": proposals.count(), "chosen": chosen.count(),
                             "chosen_first": chosen.filter(rank=1).count(),
                             "chosen_top3": chosen.filter(rank__lte=3).count()},
                            [stats.Relation("proposals", ("chosen",), exhaustive=False),
                             stats.Relation("chosen", ("chosen_top3",), exhaustive=False),
                             stats.Relation("chosen_top3", ("chosen_first",), exhaustive=False)])
    return figures.values


# --- Companion (følgeskab) ------------------------------------------------------------------------------------

def companion_suggestions(citizen: Citizen, limit: int = 5):
    """Companions ranked by distance, availability, languages and load (the volunteers app's scoring)."""
    from brobyg.volunteers.services import suggest_companions

    w = matching.wishes_for(citizen, companion_available=False)
    parts = [p for p, bit in matching.PARTS.items() if not w.part_mask or w.part_mask & bit]
    days = citizen.day_list() or list(range(7))
    active = Companionship.objects.filter(journey__citizen=citizen, active=True).values_list("profile_id", flat=True)
    return suggest_companions(citizen.partnership, w.lat, w.lon, citizen.language_list(),
                              [(d, p) for d in days for p in parts], limit=limit, exclude_ids=list(active))


def companion_loads(profile_ids) -> dict[int, int]:
    """Active companionships per volunteer (registered with the volunteers app as the companion load)."""
    rows = (Companionship.objects.filter(profile_id__in=list(profile_ids), active=True)
            .exclude(journey__stage=Stage.ENDED).values("profile_id").annotate(n=Count("id")))
    return {r["profile_id"]: r["n"] for r in rows}


@transaction.atomic
def assign_companion(who, journey: Journey, profile, meeting: dict | None = None) -> Companionship:
    """Attach a companion. Refuses other partnerships' volunteers and volunteers at their own limit (locked)."""
    from brobyg.volunteers.models import Status, VolunteerProfile

    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.partnership_id != journey.partnership_id:
        raise BridgeError(_("The volunteer belongs to another partnership."))
    if profile.status != Status.ACTIVE or not profile.wants_companion:
        raise BridgeError(_("The volunteer is not an active companion."))
    from brobyg.volunteers.services import companion_requirements

    birth_year = journey.citizen.birth_year
    child = bool(birth_year) and timezone.localdate().year - birth_year < 18
    missing = companion_requirements(profile, child=child)
    if missing:
        raise BridgeError(_("The volunteer cannot be a companion yet: %(reasons)s.") % {"reasons": "; ".join(missing)})
    if companion_loads([profile.pk]).get(profile.pk, 0) >= profile.max_companion_load:
        raise BridgeError(_("The volunteer already accompanies as many citizens as they want to."))
    existing = journey.companionships.filter(profile=profile, active=True).first()
    if existing:
        return existing
    arrival = getattr(journey, "arrival", None) if hasattr(journey, "arrival") else None
    activity = arrival.activity if arrival else None
    meeting = dict(meeting or {})
    defaults = {"meeting_place": activity.meeting_place if activity else "",
                "entrance": activity.entrance if activity else "",
                "receiver": activity.receiver if activity else "",
                "meeting_at": arrival.expected if arrival else None}
    data = {k: (meeting.get(k) or v) for k, v in defaults.items()}
    user = getattr(who, "user", who)
    companionship = Companionship.objects.create(journey=journey, profile=profile, assigned_by=user, **data)
    record(who, "companion.assign", companionship, partnership=journey.partnership)
    if profile.user_id:
        # The companion is told: the activity and time, and the first name only where the citizen agreed.
        from brobyg.core.notify import notify

        what = _when_where(activity.title if activity else "", companionship.meeting_at)
        name = _(" You will meet %(name)s.") % {"name": journey.citizen.first_name} \
            if _shared_with(journey.citizen, "companion") else ""
        notify(profile.user, "companion", f"companion:{companionship.pk}", _("Brobyg: you are asked to be a "
                                                                             "companion (følgeven)"),
               (_("You have been attached as a companion %(what)s.") % {"what": what}).replace("  ", " ") + name
               + " " + _("See where and when to meet on your page."),
               reverse("bridging:accompany_detail", args=[companionship.pk]))
    if journey.stage == Stage.KENDSKAB:
        move(who, journey, Stage.FOLGESKAB, note="")
    touch(journey.citizen)
    return companionship


@transaction.atomic
def end_companionship(who, companionship: Companionship, tell: bool = False) -> None:
    """End a companionship; with ``tell`` the companion gets a notice (the activity and date, nothing about the
    person) so the meeting does not silently vanish from their page."""
    if not companionship.active:
        return
    companionship.active = False
    companionship.ended = timezone.now()
    companionship.save(update_fields=["active", "ended"])
    record(who, "companion.end", companionship, partnership=companionship.journey.partnership)
    user = companionship.profile.user if companionship.profile_id else None
    if tell and user is not None:
        from brobyg.core.notify import notify

        arrival = Arrival.objects.filter(journey=companionship.journey).select_related("activity").first()
        what = _when_where(arrival.activity.title if arrival else "", companionship.meeting_at)
        notify(user, "ended", f"companion-end:{companionship.pk}",
               _("Brobyg: a companionship has ended"),
               _("The companionship %(what)s has ended. The meeting is off and you need not do anything. The "
                 "bridge-builder can tell you more if needed.") % {"what": what},
               reverse("bridging:accompany"))


def _when_where(title: str, at) -> str:
    """"for “Gåtur” on 5 March 2030 at 18:00" — an activity and a time, never a person."""
    out = _("for “%(activity)s”") % {"activity": title} if title else ""
    if at:
        local = timezone.localtime(at)
        out += " " + _("on %(date)s at %(time)s") % {"date": formats.date_format(local, "j. F Y"),
                                                      "time": formats.time_format(local, "H:i")}
    return out.strip()


@transaction.atomic
def end_arrangements(who, citizen: Citizen, told_association: bool = True) -> None:
    """After consent is withdrawn: end the companionships (the companion is told) and the arrival at an activity
    (the association contacts and hosts who were told a newcomer was coming are told it is off); the held place
    goes back. The notices say which activity and when — nothing about the person."""
    from brobyg.core.notify import notify

    for companionship in Companionship.objects.filter(journey__citizen=citizen, active=True).select_related(
            "profile__user", "journey"):
        end_companionship(who, companionship, tell=True)
    for arrival in Arrival.objects.filter(journey__citizen=citizen).select_related("activity", "journey"):
        release_held_place(who, arrival.journey)
        if told_association or arrival.notified_at:
            what = _when_where(arrival.activity.title, arrival.expected)
            for user in arrival_recipients(arrival):
                notify(user, "ended", f"arrival-end:{arrival.pk}", _("Brobyg: a newcomer is no longer coming"),
                       _("The newcomer expected %(what)s is no longer coming. You need not do anything.")
                       % {"what": what}, reverse("bridging:newcomers"))
        record(who, "arrival.end", arrival, partnership=arrival.journey.partnership)
        arrival.delete()


def _shared_with(citizen: Citizen, whom: str) -> bool:
    return sharing(citizen)[whom]


def companion_card(companionship: Companionship) -> dict | None:
    """Exactly what a companion may see — or None when consent does not allow sharing with the companion."""
    journey = companionship.journey
    citizen = journey.citizen
    if not companionship.active or journey.stage == Stage.ENDED or not _shared_with(citizen, "companion"):
        return None
    arrival = Arrival.objects.filter(journey=journey).select_related("activity").first()
    return {"id": companionship.pk, "first_name": citizen.first_name, "welcome_needs": citizen.welcome_needs,
            "activity": arrival.activity.title if arrival else "",
            "address": arrival.activity.place_line() if arrival else "",
            "meeting_place": companionship.meeting_place, "entrance": companionship.entrance,
            "receiver": companionship.receiver, "meeting_at": companionship.meeting_at}


def companionships_for_volunteer(user):
    from brobyg.core import permissions

    qs = Companionship.objects.all() if permissions.is_site_admin(user) else Companionship.objects.filter(
        profile__user=user)
    return (qs.filter(active=True)
            .exclude(journey__stage=Stage.ENDED)
            .select_related("journey__citizen", "profile").order_by("meeting_at", "pk"))


def companion_refs(journeys) -> list[str]:
    """The opaque references the volunteer's own page uses for these journeys' companionships ("companion:<id>")."""
    return [f"companion:{pk}" for pk in Companionship.objects.filter(journey__in=journeys).values_list("pk",
                                                                                                     flat=True)]


def companion_visit_logs(journey):
    """The companion's own notes that a meeting happened (logged on the volunteer's page), for the citizen's
    bridge-builder: the companion's "we went on Tuesday" belongs in the journey too (000 §7.2)."""
    from brobyg.volunteers.models import VisitLog

    return (VisitLog.objects.filter(ref__in=companion_refs([journey])).select_related("profile")
            .order_by("date", "pk"))


def scrub_companion_visit_logs(citizen) -> int:
    """On erasure: the companions keep that a visit happened on a date (their own volunteering), but the note —
    free text that may name the person — and the link to the erased companionship go."""
    from brobyg.volunteers.models import VisitLog

    refs = companion_refs(citizen.journeys.all())
    return VisitLog.objects.filter(ref__in=refs).update(note="", ref="companion") if refs else 0


def companion_provider(profile) -> list[dict]:
    """For the volunteer's own page (volunteers.register_companion_provider): meeting info only."""
    out = []
    for c in Companionship.objects.filter(profile=profile, active=True).select_related("journey__citizen"):
        card = companion_card(c)
        if card:
            when = timezone.localtime(card["meeting_at"]).strftime("%d.%m.%Y %H:%M") if card["meeting_at"] else ""
            out.append({"ref": f"companion:{c.pk}", "title": card["activity"],
                        "first_name": card["first_name"], "welcome": card["welcome_needs"],
                        "meeting": ", ".join(x for x in (card["meeting_place"], card["entrance"], card["address"])
                                             if x),
                        "when": when, "start": card["meeting_at"],
                        "next_date": timezone.localtime(card["meeting_at"]).date() if card["meeting_at"] else None})
    return out


# --- Arrival, host and visits (værtsskab) ---------------------------------------------------------------------

def arrivals_for_contact(user):
    """Newcomers on their way to the activities of the user's own organisations (as association contact), of the
    journeys of the partnership in which the user is that organisation's contact — a journey of another partnership
    is not theirs to see, even at their organisation's activity (issue 13) — while the citizen's consent allows
    sharing with the association."""
    from brobyg.core import permissions
    from brobyg.partnerships.models import Role

    if permissions.is_site_admin(user):
        qs = Arrival.objects.all()
    else:
        own = Q(pk__in=[])
        for partnership_id, org_id, role in permissions.memberships(user):
            if role == Role.ASSOCIATION_CONTACT and org_id:
                own |= Q(journey__partnership_id=partnership_id, activity__organisation_id=org_id)
        qs = Arrival.objects.filter(own)
    consented = Q(journey__citizen__consents__withdrawn_at__isnull=True,
                  journey__citizen__consents__share_with_association=True)
    return (qs.filter(consented).exclude(journey__stage=Stage.ENDED).distinct()
            .select_related("journey__citizen", "activity").order_by("expected", "pk"))


def _hosted_q(assignments) -> Q:
    """Arrivals at the hosted activities, of journeys of the host's own partnership (the volunteer profile's)."""
    q = Q(pk__in=[])
    for activity_id, partnership_id in assignments.values_list("activity_id", "profile__partnership_id"):
        q |= Q(activity_id=activity_id, journey__partnership_id=partnership_id)
    return q


def hosted_activity_ids(user):
    """Activities the user hosts (is vært for) through an active host assignment of their own volunteer profile."""
    from brobyg.volunteers.models import HostAssignment

    return HostAssignment.objects.filter(profile__user=user, active=True).values("activity_id")


def arrivals_for_host(user):
    """Newcomers on their way to the activities the user hosts (000 §7.3: the host is told a newcomer is coming and
    what helps them feel welcome), of their own partnership's journeys, while the citizen's consent allows sharing
    with the association and host."""
    from brobyg.volunteers.models import HostAssignment

    consented = Q(journey__citizen__consents__withdrawn_at__isnull=True,
                  journey__citizen__consents__share_with_association=True)
    hosted = _hosted_q(HostAssignment.objects.filter(profile__user=user, active=True))
    return (Arrival.objects.filter(hosted).filter(consented)
            .exclude(journey__stage=Stage.ENDED).distinct()
            .select_related("journey__citizen", "activity").order_by("expected", "pk"))


def arrivals_for_receiver(user):
    """Newcomers the user receives: as association contact of the activity's organisation, or as its host."""
    from brobyg.core import permissions

    if permissions.is_site_admin(user):
        return arrivals_for_contact(user)
    ids = set(arrivals_for_contact(user).values_list("pk", flat=True))
    ids |= set(arrivals_for_host(user).values_list("pk", flat=True))
    return (Arrival.objects.filter(pk__in=ids).select_related("journey__citizen", "activity")
            .order_by("expected", "pk"))


def host_newcomers(profile) -> list[dict]:
    """For the volunteer's own page (volunteers.register_newcomer_provider): the consented newcomer cards of the
    activities this profile hosts."""
    from brobyg.volunteers.models import HostAssignment

    activity_ids = HostAssignment.objects.filter(profile=profile, active=True).values("activity_id")
    arrivals = (Arrival.objects.filter(activity_id__in=activity_ids, journey__partnership_id=profile.partnership_id)
                .exclude(journey__stage=Stage.ENDED)
                .select_related("journey__citizen", "activity").order_by("expected", "pk"))
    return [{**card, "activity_id": a.activity_id} for a in arrivals[:50] if (card := newcomer_card(a))]


def newcomer_card(arrival: Arrival) -> dict | None:
    citizen = arrival.journey.citizen
    if arrival.journey.stage == Stage.ENDED or not _shared_with(citizen, "association"):
        return None
    return {"id": arrival.pk, "first_name": citizen.first_name, "welcome_needs": citizen.welcome_needs,
            "activity": arrival.activity.title, "expected": arrival.expected,
            "companion": arrival.journey.companionships.filter(active=True).exists()}


def arrival_recipients(arrival: Arrival) -> list:
    """Active association contacts of the activity's organisation and the activity's hosts (000 §7.3) who are not
    taking a break, with an e-mail address — people who see the newcomer in their list (arrivals_for_receiver)."""
    from django.contrib.auth import get_user_model

    from brobyg.partnerships.models import Role

    from brobyg.volunteers.models import HostAssignment

    from brobyg.volunteers.models import Status

    # A host who is taking a break is not e-mailed (nobody asks them for anything meanwhile); the newcomer still
    # shows on their own page.
    # Only people of the journey's own partnership (see arrivals_for_contact / arrivals_for_host).
    partnership_id = arrival.journey.partnership_id
    hosts = HostAssignment.objects.filter(activity_id=arrival.activity_id, active=True, profile__status=Status.ACTIVE,
                                          profile__partnership_id=partnership_id).values("profile__user_id")
    return list(get_user_model().objects.filter(
        Q(memberships__role=Role.ASSOCIATION_CONTACT, memberships__organisation_id=arrival.activity.organisation_id,
          memberships__partnership_id=partnership_id)
        | Q(pk__in=hosts), is_active=True).exclude(email="").distinct().order_by("pk"))


def arrival_message(arrival: Arrival, language: str | None = None) -> tuple[str, str]:
    """Subject and body of the arrival notice e-mail, in ``language`` (default: the site language).

    Only the activity, the date and whether a companion comes along — no name, no welcome needs, nothing about
    the person (000 §7.3: the association is told so someone can receive the newcomer; the details stay behind the
    login, where consent is checked at every read)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        activity = arrival.activity.title
        if arrival.expected:
            local = timezone.localtime(arrival.expected)
            line = _("A newcomer is expected at “%(activity)s” on %(date)s at %(time)s.") % {
                "activity": activity, "date": formats.date_format(local, "j. F Y"),
                "time": formats.time_format(local, "H:i")}
        else:
            line = _("A newcomer is on the way to “%(activity)s”; the date is not agreed yet.") % {
                "activity": activity}
        companion = arrival.journey.companionships.filter(active=True).exists()
        url = settings.BROBYG_BASE_URL.rstrip("/") + reverse("bridging:newcomers")
        body = "\n".join([
            _("Hello,"), "", line,
            *([_("A companion (følgeven) comes along the first time.")] if companion else []),
            _("Please make sure someone receives the newcomer at the entrance."),
            "", _("See your newcomers and what helps them feel welcome: %(url)s") % {"url": url}, "",
            _("This message holds no information about the person; log in to see more."),
        ])
        return _("Brobyg: a newcomer is coming to %(activity)s") % {"activity": activity}, body


def notify_arrival(arrival_id: int, who=None) -> int:
    """Tell the association contacts and hosts about the arrival notice, once per notice (activity and date):
    a notice on their pages and an e-mail through the outbox (core.notify; ``brobyg send-mail`` sends and retries,
    so the choice never waits on a mail server). Returns the number of people told.

    Idempotent and safe against a parallel run: the notice is claimed with a conditional UPDATE. Nothing is sent
    while the citizen's consent does not allow sharing with the association, nor for an ended journey; then
    ``brobyg notify-arrivals`` (part of ``brobyg daily``) tries again once it does."""
    from brobyg.core.notify import notify

    arrival = Arrival.objects.select_related("activity", "journey__citizen", "journey__partnership").filter(
        pk=arrival_id, notified_at__isnull=True).first()
    if arrival is None or arrival.journey.stage == Stage.ENDED or not _shared_with(arrival.journey.citizen,
                                                                                 "association"):
        return 0
    recipients = arrival_recipients(arrival)
    if not recipients:
        return 0
    if not Arrival.objects.filter(pk=arrival.pk, notified_at__isnull=True).update(notified_at=timezone.now()):
        return 0  # somebody else told them
    subject, body = arrival_message(arrival)
    body = body.split("\n", 2)[-1].strip()  # notify() writes the greeting and the link
    key = f"arrival:{arrival.pk}:{arrival.activity_id}:{arrival.expected.isoformat() if arrival.expected else '-'}"
    told = sum(notify(user, "newcomer", key, subject, body, reverse("bridging:newcomers"), mail_link=False)
               for user in recipients)
    record(who, "arrival.notify", arrival, partnership=arrival.journey.partnership,
           detail=f"{len(recipients)} recipient(s)")
    return told


def pending_arrival_notices():
    """Arrival notices not yet e-mailed whose first time lies ahead (or is not set yet, for a recent notice)."""
    now = timezone.now()
    return (Arrival.objects.filter(notified_at__isnull=True)
            .filter(Q(expected__gte=now) | Q(expected__isnull=True, created__gte=now - dt.timedelta(days=30)))
            .exclude(journey__stage=Stage.ENDED).order_by("pk"))


@transaction.atomic
def record_visit(who, arrival: Arrival, data: dict) -> Visit:
    journey = arrival.journey
    user = getattr(who, "user", who)
    visit = Visit.objects.create(journey=journey, activity=arrival.activity, recorded_by=user, **data)
    if journey.first_visit is None and data.get("outcome") != "no_show":
        from .services import schedule_follow_ups

        schedule_follow_ups(who, journey, visit.date)
    if journey.stage in (Stage.KENDSKAB, Stage.FOLGESKAB) and data.get("outcome") != "no_show":
        move(who, journey, Stage.VAERTSSKAB)
    record(who, "visit.record", visit, partnership=journey.partnership)
    touch(journey.citizen)
    return visit


def participation_signals() -> dict[str, str]:
    """Follow-up labels for what a participation record can signal to the bridge-builder (000 §7.4: flexible
    participation, bridge on when the citizen is ready for change; 002: stepping back without penalty)."""
    return {"stopped": _("Has stopped coming – ask how it is going, without pressure"),
            "change": _("Would like a change – talk about what could come next")}


@transaction.atomic
def record_participation(who, journey: Journey, data: dict) -> Participation:
    """Keep a light participation record. When someone other than the citizen's bridge-builder (the association
    contact or the host) records that the citizen has stopped coming or would like a change, the bridge-builder
    gets a follow-up due today — once while it is open — so the news does not stay at the activity."""
    from .models import FollowUp

    user = getattr(who, "user", who)
    participation = Participation.objects.create(journey=journey, recorded_by=user, **data)
    record(who, "participation.record", participation, partnership=journey.partnership)
    labels = participation_signals()
    wanted = [labels[k] for k, on in (("stopped", not participation.still_coming),
                                      ("change", participation.wants_change)) if on]
    if wanted and journey.bridge_builder_id and journey.bridge_builder_id != getattr(user, "pk", None) \
            and journey.stage != Stage.ENDED:
        open_labels = set(journey.follow_ups.filter(done_at__isnull=True).values_list("label", flat=True))
        for label in wanted:
            if str(label) not in open_labels:
                FollowUp.objects.create(journey=journey, label=str(label)[:100], due=timezone.localdate(),
                                        assigned_to=journey.bridge_builder)
                record(who, "followup.schedule", journey, partnership=journey.partnership, detail="participation")
    touch(journey.citizen)
    return participation


# --- From participant to volunteer (000 §7.4.1) ---------------------------------------------------------------

def volunteer_wish(journey: Journey) -> Participation | None:
    """The latest participation record in which the citizen said they would like to help as a volunteer."""
    return journey.participations.filter(wants_to_volunteer=True).order_by("-date", "-pk").first()


def volunteer_step_open(journey: Journey | None) -> bool:
    """Offer the step into a volunteer role: a participation record asked for it, and it has not been taken on
    this journey (it is offered once; the role itself can still change in both directions later)."""
    return (journey is not None and journey.volunteer_step_at is None and journey.stage != Stage.ENDED
            and journey.participations.filter(wants_to_volunteer=True).exists())


@transaction.atomic
def start_volunteer_step(who, journey: Journey):
    """Take the step the participation record opened: add the volunteer role (kept with the other roles — a citizen
    may hold several) and mark the step on the journey, dated and attributed. The volunteer profile itself is made
    with the volunteers app's own registration, where the person gives their own consent as a volunteer."""
    journey = Journey.objects.select_for_update().select_related("citizen").get(pk=journey.pk)
    if journey.volunteer_step_at is not None:
        raise BridgeError(_("The step into a volunteer role has already been taken on this journey."))
    if journey.stage == Stage.ENDED:
        raise BridgeError(_("The journey has ended."))
    if volunteer_wish(journey) is None:
        raise BridgeError(_("No participation record says the citizen would like to help as a volunteer."))
    user = getattr(who, "user", who)
    journey.volunteer_step_at = timezone.now()
    journey.volunteer_step_by = user if getattr(user, "is_authenticated", False) else None
    journey.save(update_fields=["volunteer_step_at", "volunteer_step_by"])
    citizen = journey.citizen
    roles = citizen.role_list()
    change = None
    if "frivillig" not in roles:
        change = change_roles(who, citizen, [*roles, "frivillig"],
                              _("Would like to help as a volunteer (participation record)"))
    record(who, "journey.volunteer_step", journey, partnership=journey.partnership)
    touch(citizen)
    return change


def _linkable_journey(request, ref):
    """The journey a volunteer registration came from (``ref`` is its id), if the user may see the citizen, the
    step into a volunteer role was taken and no profile is linked yet; else None."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from brobyg.core import permissions

    from .access import get_citizen

    if not str(ref or "").isdigit():
        return None
    journey = permissions.scope(Journey.objects.select_related("citizen"), request.user).filter(pk=int(ref)).first()
    if journey is None or journey.volunteer_step_at is None or journey.volunteer_profile_id is not None:
        return None
    try:
        get_citizen(request.user, journey.citizen_id)
    except (PermissionDenied, Http404):
        return None
    return journey


def volunteer_origin_allowed(request, ref, partnership) -> bool:
    journey = _linkable_journey(request, ref)
    return journey is not None and journey.partnership_id == partnership.pk


@transaction.atomic
def link_volunteer_profile(request, ref, profile) -> bool:
    """Link the volunteer profile registered from the step into a volunteer role to the citizen's journey, when the
    person agreed (000 §7.4.1). Same partnership only; once per journey; audit-logged without personal data."""
    journey = _linkable_journey(request, ref)
    if journey is None or journey.partnership_id != profile.partnership_id:
        return False
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if journey.volunteer_profile_id is not None:
        return False
    journey.volunteer_profile = profile
    journey.save(update_fields=["volunteer_profile"])
    record(request, "journey.volunteer_profile", journey, partnership=journey.partnership)
    touch(journey.citizen)
    return True


def register() -> None:
    """Hook the companion load and the companion cards into the volunteers app (called from ready())."""
    from brobyg.volunteers import services as volunteer_services

    volunteer_services.register_companion_load(companion_loads)
    volunteer_services.register_companion_provider(companion_provider)
    volunteer_services.register_newcomer_provider(host_newcomers)
    volunteer_services.register_origin(volunteer_origin_allowed, link_volunteer_profile)
