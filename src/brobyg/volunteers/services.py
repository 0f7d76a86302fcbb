"""Volunteer services: availability, status, requirement checks, assignment and explained suggestions.

For other apps:

- ``suggest_companions(partnership, lat, lon, languages, weekday_parts, limit=10)`` → list of
  ``Suggestion(profile, score, reasons)`` (unpacks as a tuple), best first. Used by bridging to pick a
  companion (følgeven, 000 §7.2) for a citizen.
- ``register_companion_load(fn)``: the bridging app registers ``fn(profile_ids) -> {profile_id: count}`` that
  counts each volunteer's *active* companion assignments. Without a registered counter the load is 0.
- ``register_companion_provider(fn)``: ``fn(profile) -> list[dict]`` with keys ``ref`` (opaque, e.g.
  "companion:12"), ``title`` (e.g. the activity), ``meeting`` (the shared meeting info only), ``when`` (text),
  ``next_date`` (date or None), ``start`` (the agreed meeting time, an aware datetime, or None); optional ``first_name`` and ``welcome`` (what helps the citizen feel welcome) when
  the citizen agreed to share them with the companion (000 §7.2). Shown on the volunteer's own page; never pass
  citizen details beyond what the citizen agreed to share.
- ``hosts_for_activity(activity)``: active host volunteers (vært, 000 §7.3) of a directory activity (queryset).
- ``hosts_for_activities(activity_ids)`` → ``{activity_id: [VolunteerProfile, …]}`` with only the activities that
  have at least one active host (one query; for "host available" on many activity proposals at once).
- ``companions_available(partnership, activity_ids)`` → ``{activity_id: n}``: how many active companions
  (følgevenner, 000 §7.2) with free capacity could go along to each activity — the activity lies within their
  travel radius and, when the activity's times are known, they are usually free on one of its weekday/part-of-day
  combinations. Activities without coordinates count every free companion. Two queries plus the registered load
  counter, whatever the number of activities.
- ``assign_host(profile, activity, user=…)`` / ``end_host(assignment)``: make a volunteer host of an activity (the
  partnership's required onboarding must be met, else ``RequirementsNotMet``). Taking a host task linked to an
  activity (``Task.activity``) does the same automatically; ending the task ends the hosting.
- ``check_requirements(profile, task)`` → list of reasons why the volunteer cannot take the task (empty = ok);
  ``assign_task`` refuses with ``RequirementsNotMet`` carrying those reasons (the UI shows them in a message and
  on the task page, the API answers 409 with ``{"detail": …, "reasons": […]}``).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import NamedTuple

from django.db import transaction
from django.db.models import (
    Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.utils.text import format_lazy

from .models import (
    DAY_PARTS, AvailabilitySlot, Commitment, DayPart, HostAssignment, OnboardingItem, OnboardingRecord,
    StatusChange, Status, Task, TaskAssignment, VolunteerProfile, Weekday, mask_slots, slot_bit, slots_mask, split_words,
)

# ---------------------------------------------------------------- geography (the directory app owns the data)


def lookup_postcode(code: str):
    """City, municipality and coordinates of a Danish postcode via ``brobyg.directory.geo`` (None if unknown)."""
    try:
        from brobyg.directory import geo
    except ImportError:  # the directory app has not landed yet
        return None
    try:
        return geo.lookup_postcode(code)
    except Exception:  # noqa: BLE001 - an unknown or malformed code simply has no coordinates
        return None


def _field(found, name):
    if found is None:
        return None
    if isinstance(found, dict):
        return found.get(name)
    return getattr(found, name, None)


def fill_location(obj) -> None:
    """Set latitude/longitude (and city on profiles) from the object's postcode."""
    found = lookup_postcode(obj.postcode) if obj.postcode else None
    lat, lon = _field(found, "lat"), _field(found, "lon")
    if lat is None:
        lat, lon = _field(found, "latitude"), _field(found, "longitude")
    obj.latitude, obj.longitude = lat, lon
    if hasattr(obj, "city"):
        obj.city = _field(found, "city") or ""


def distance_km(lat1, lon1, lat2, lon2) -> float | None:
    if None in (lat1, lon1, lat2, lon2):
        return None
    try:
        from brobyg.directory.geo import haversine_km
    except ImportError:
        haversine_km = _haversine
    return haversine_km(lat1, lon1, lat2, lon2)


def _haversine(lat1, lon1, lat2, lon2) -> float:  # used only until the directory's geo module is present
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# ---------------------------------------------------------------- extension points for the bridging app

_companion_load: list[Callable] = []
_companion_providers: list[Callable] = []
_newcomer_providers: list[Callable] = []


def register_companion_load(fn: Callable[[list[int]], dict[int, int]]) -> None:
    """Register a counter of active companion assignments per volunteer (called from bridging's ready())."""
    if fn not in _companion_load:
        _companion_load.append(fn)


def register_companion_provider(fn: Callable) -> None:
    """Register a provider of a volunteer's companion assignments for their own page (see module docstring)."""
    if fn not in _companion_providers:
        _companion_providers.append(fn)


def companion_loads(profile_ids: Iterable[int]) -> dict[int, int]:
    ids = list(profile_ids)
    total: dict[int, int] = {}
    for fn in _companion_load:
        for pid, n in (fn(ids) or {}).items():
            total[pid] = total.get(pid, 0) + int(n)
    return total


def companion_assignments(profile) -> list[dict]:
    out = []
    for fn in _companion_providers:
        out.extend(fn(profile) or [])
    return out


def register_newcomer_provider(fn: Callable) -> None:
    """Register a provider of the newcomers on their way to the activities a volunteer hosts (000 §7.3), for their
    own page: dicts with ``id``, ``activity_id``, ``first_name``, ``welcome_needs``, ``expected`` and
    ``companion`` — consented fields only (called from bridging's ready())."""
    if fn not in _newcomer_providers:
        _newcomer_providers.append(fn)


_origins: list[tuple[Callable, Callable]] = []


def register_origin(allowed: Callable, link: Callable) -> None:
    """Register where a staff registration can come from (the bridging app: the step from participant to
    volunteer, 000 §7.4.1). ``allowed(request, ref, partnership) -> bool`` says whether the form may offer the
    link; ``link(request, ref, profile) -> bool`` stores it on the other app's side. Nothing is copied into the
    volunteer profile."""
    if (allowed, link) not in _origins:
        _origins.append((allowed, link))


def origin_allowed(request, ref, partnership) -> bool:
    return bool(ref) and any(allowed(request, ref, partnership) for allowed, _link in _origins)


def link_origin(request, ref, profile) -> bool:
    return any(link(request, ref, profile) for _allowed, link in _origins)


def host_newcomers(profile) -> list[dict]:
    out = []
    for fn in _newcomer_providers:
        out.extend(fn(profile) or [])
    return out


def task_loads(profile_ids: Iterable[int]) -> dict[int, int]:
    """Active tasks plus active hosted activities per volunteer (hosting through a host task counts once)."""
    ids = list(profile_ids)
    if not ids:
        return {}
    loads = dict(TaskAssignment.objects.filter(profile_id__in=ids, active=True).values("profile_id")
                 .annotate(n=Count("id")).values_list("profile_id", "n"))
    for pid, n in (HostAssignment.objects.filter(profile_id__in=ids, active=True, task__isnull=True)
                   .values("profile_id").annotate(n=Count("id")).values_list("profile_id", "n")):
        loads[pid] = loads.get(pid, 0) + n
    return loads


def hosts_for_activity(activity):
    """Active hosts (værter) of a directory activity, for telling them a newcomer is coming (000 §7.3)."""
    activity_id = getattr(activity, "pk", activity)
    return VolunteerProfile.objects.filter(
        host_assignments__activity_id=activity_id, host_assignments__active=True, status=Status.ACTIVE).distinct()


def hosts_for_activities(activity_ids: Iterable[int]) -> dict[int, list[VolunteerProfile]]:
    """``{activity_id: [active host volunteers]}`` for the activities that have any (one query)."""
    ids = [getattr(a, "pk", a) for a in activity_ids]
    out: dict[int, list[VolunteerProfile]] = {}
    if not ids:
        return out
    rows = (HostAssignment.objects.filter(activity_id__in=ids, active=True, profile__status=Status.ACTIVE)
            .select_related("profile").order_by("activity_id", "starts", "pk"))
    for row in rows:
        out.setdefault(row.activity_id, []).append(row.profile)
    return out


def _activity_mask(weekday_mask: int, daypart_mask: int) -> int:
    """The directory's weekday (7 bits) and part-of-day (3 bits) masks as this app's 21-bit slot mask."""
    mask = 0
    for d in range(7):
        if weekday_mask & (1 << d):
            for k in range(3):
                if daypart_mask & (1 << k):
                    mask |= 1 << (d * 3 + k)
    return mask


def companions_available(partnership, activity_ids: Iterable[int]) -> dict[int, int]:
    """``{activity_id: number of companions who could go along}`` (see the module docstring)."""
    from brobyg.directory.models import Activity

    ids = [getattr(a, "pk", a) for a in activity_ids]
    if not ids:
        return {}
    activities = list(Activity.objects.filter(pk__in=ids).values("id", "latitude", "longitude", "weekday_mask",
                                                                  "daypart_mask"))
    rows = list(VolunteerProfile.objects.filter(
        partnership=partnership, status=Status.ACTIVE, wants_companion=True, consent_given=True,
        max_companion_load__gt=0).values("id", "latitude", "longitude", "travel_radius_km", "availability_mask",
                                         "availability_uneven", "max_companion_load"))
    loads = companion_loads([r["id"] for r in rows])
    free = [r for r in rows if loads.get(r["id"], 0) < r["max_companion_load"]]
    out = {}
    for a in activities:
        wanted = _activity_mask(a["weekday_mask"], a["daypart_mask"])
        n = 0
        for r in free:
            if wanted and r["availability_mask"] and not (r["availability_mask"] & wanted):
                continue
            if a["latitude"] is not None and r["latitude"] is not None:
                dist = distance_km(a["latitude"], a["longitude"], r["latitude"], r["longitude"])
                if dist is not None and dist > max(r["travel_radius_km"] or 1, 1):
                    continue
            n += 1
        out[a["id"]] = n
    for pk in ids:
        out.setdefault(pk, 0)
    return out


def host_requirements(profile: VolunteerProfile, activity) -> list[str]:
    """Why ``profile`` cannot host ``activity`` (empty = ok): status, consent and required onboarding."""
    reasons = []
    if activity.partnership_id and activity.partnership_id != profile.partnership_id:
        reasons.append(_("The activity belongs to another partnership."))
    if profile.status != Status.ACTIVE:
        reasons.append(_("The volunteer is not active."))
    if not profile.consent_given:
        reasons.append(_("The volunteer has not consented to us storing their data."))
    items = [i for i in OnboardingItem.objects.filter(partnership_id=profile.partnership_id) if i.required_for_all]
    records = {r.item_id: r for r in OnboardingRecord.objects.filter(profile=profile)}
    return reasons + _unmet(records, items, timezone.localdate())


def companion_requirements(profile: VolunteerProfile, *, child: bool = False) -> list[str]:
    """Why ``profile`` cannot accompany a citizen (empty = ok): the onboarding every volunteer needs, and a valid
    child-protection record (børneattest) when the citizen is a child. Called by the bridging app."""
    checklist = list(OnboardingItem.objects.filter(partnership_id=profile.partnership_id))
    items = [i for i in checklist if i.required_for_all or
             (child and i.kind == OnboardingItem.ItemKind.CHILD_RECORD)]
    records = {r.item_id: r for r in OnboardingRecord.objects.filter(profile=profile)}
    return _unmet(records, items, timezone.localdate())


@transaction.atomic
def assign_host(profile: VolunteerProfile, activity, *, user=None, task: Task | None = None,
                check: bool = True) -> HostAssignment:
    """Make ``profile`` a host of ``activity`` (idempotent), or raise ``RequirementsNotMet``."""
    existing = HostAssignment.objects.filter(profile=profile, activity=activity, active=True).first()
    if existing:
        return existing
    if check:
        reasons = host_requirements(profile, activity)
        if reasons:
            raise RequirementsNotMet(reasons)
    return HostAssignment.objects.create(profile=profile, activity=activity, task=task,
                                         created_by=user if user is not None and user.is_authenticated else None)


@transaction.atomic
def end_host(assignment: HostAssignment) -> None:
    assignment.active = False
    assignment.ends = timezone.localdate()
    assignment.save(update_fields=["active", "ends"])


# ---------------------------------------------------------------- availability and status


@transaction.atomic
def set_availability(profile: VolunteerProfile, slots: Iterable[tuple[int, str]], uneven: bool | None = None) -> None:
    slots = sorted({(int(d), p) for d, p in slots if 0 <= int(d) <= 6 and p in DAY_PARTS})
    AvailabilitySlot.objects.filter(profile=profile).delete()
    AvailabilitySlot.objects.bulk_create([AvailabilitySlot(profile=profile, weekday=d, part=p) for d, p in slots])
    profile.availability_mask = slots_mask(slots)
    fields = ["availability_mask", "updated"]
    if uneven is not None:
        profile.availability_uneven = uneven
        fields.append("availability_uneven")
    profile.save(update_fields=fields)


@transaction.atomic
def change_status(profile: VolunteerProfile, status: str, reason: str = "", note: str = "", *, user=None,
                  by_volunteer: bool = False, resting_until=None) -> StatusChange | None:
    if status not in Status.values:
        raise ValueError("unknown status")
    old = profile.status
    if old == status and reason == profile.status_reason and note == profile.status_note:
        return None
    profile.status = status
    profile.status_reason = reason if status != Status.ACTIVE else ""
    profile.status_note = note
    profile.status_changed = timezone.localdate()
    profile.resting_until = resting_until if status == Status.RESTING else None
    profile.save(update_fields=["status", "status_reason", "status_note", "status_changed", "resting_until",
                                "updated"])
    return StatusChange.objects.create(profile=profile, old_status=old, new_status=status, reason=reason, note=note,
                                       by_volunteer=by_volunteer,
                                       changed_by=user if user is not None and user.is_authenticated else None)


# ---------------------------------------------------------------- onboarding and requirement checks

DEFAULT_CHECKLIST = [
    (OnboardingItem.ItemKind.INTRO, gettext_noop("Intro conversation"), True, None),
    (OnboardingItem.ItemKind.CONFIDENTIALITY, gettext_noop("Confidentiality declaration signed"), True, None),
    (OnboardingItem.ItemKind.CHILD_RECORD, gettext_noop("Child-protection record (børneattest)"), False, 24),
    (OnboardingItem.ItemKind.TRAINING, gettext_noop("Introductory training"), False, None),
]


def ensure_checklist(partnership) -> list[OnboardingItem]:
    """The partnership's onboarding checklist, created with sensible defaults the first time."""
    items = list(OnboardingItem.objects.filter(partnership=partnership))
    if items:
        return items
    from django.utils.translation import gettext

    created = [OnboardingItem(partnership=partnership, kind=kind, name=gettext(name), required_for_all=required,
                              valid_months=months, order=i)
               for i, (kind, name, required, months) in enumerate(DEFAULT_CHECKLIST)]
    OnboardingItem.objects.bulk_create(created)
    return list(OnboardingItem.objects.filter(partnership=partnership))


def required_items(task: Task, checklist: list[OnboardingItem] | None = None) -> list[OnboardingItem]:
    checklist = checklist if checklist is not None else list(OnboardingItem.objects.filter(
        partnership_id=task.partnership_id))
    wanted = {i.pk: i for i in checklist if i.required_for_all}
    if task.pk:
        for item in task.requirements.all():
            wanted[item.pk] = item
    if task.involves_children:
        for item in checklist:
            if item.kind == OnboardingItem.ItemKind.CHILD_RECORD:
                wanted[item.pk] = item
    return sorted(wanted.values(), key=lambda i: (i.order, i.pk))


def _unmet(records: dict[int, OnboardingRecord], items: list[OnboardingItem], day: date) -> list[str]:
    reasons = []
    for item in items:
        rec = records.get(item.pk)
        if rec is None:
            reasons.append(_("%(item)s is missing") % {"item": item.name})
        elif rec.expires_on is not None and rec.expires_on < day:
            reasons.append(_("%(item)s expired on %(date)s") % {"item": item.name,
                                                                 "date": rec.expires_on.strftime("%d.%m.%Y")})
    return reasons


def check_requirements(profile: VolunteerProfile, task: Task, day: date | None = None) -> list[str]:
    """Why ``profile`` cannot take ``task`` (empty list = it can). Clear sentences for the UI and the API."""
    day = day or max(timezone.localdate(), task.starts_on or date.min)
    reasons = []
    if profile.partnership_id != task.partnership_id:
        reasons.append(_("The volunteer belongs to another partnership."))
    if profile.status == Status.RESTING:
        reasons.append(_("The volunteer is resting (taking a break)."))
    elif profile.status == Status.STOPPED:
        reasons.append(_("The volunteer has stopped."))
    if not profile.consent_given:
        reasons.append(_("The volunteer has not consented to us storing their data."))
    if task.status == Task.TaskStatus.CLOSED:
        reasons.append(_("The task is closed."))
    checklist = list(OnboardingItem.objects.filter(partnership_id=task.partnership_id))
    items = required_items(task, checklist)
    if task.involves_children and not any(i.kind == OnboardingItem.ItemKind.CHILD_RECORD for i in items):
        reasons.append(_("The task involves children, but the partnership's checklist has no børneattest item."))
    records = {r.item_id: r for r in OnboardingRecord.objects.filter(profile=profile)}
    reasons += _unmet(records, items, day)
    return reasons


class RequirementsNotMet(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class TaskFull(RequirementsNotMet):
    """Every place on the task is taken (raised under the task's row lock, so parallel requests cannot overbook)."""

    def __init__(self):
        super().__init__([str(_("The task already has all the volunteers it needs."))])


@transaction.atomic
def assign_task(profile: VolunteerProfile, task: Task, *, user=None) -> TaskAssignment:
    """Give the task to the volunteer, or raise ``RequirementsNotMet`` with the reasons."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    existing = TaskAssignment.objects.filter(task=task, profile=profile, active=True).first()
    if existing:
        return existing
    reasons = check_requirements(profile, task)
    if reasons:
        raise RequirementsNotMet(reasons)
    if TaskAssignment.objects.filter(task=task, active=True).count() >= max(task.volunteers_needed, 1):
        raise TaskFull()
    assignment = TaskAssignment.objects.create(task=task, profile=profile, starts=timezone.localdate(),
                                               created_by=user if user and user.is_authenticated else None)
    if task.kind == Task.Kind.HOST and task.activity_id:
        assign_host(profile, task.activity, user=user, task=task, check=False)
    active = TaskAssignment.objects.filter(task=task, active=True).count()
    if active >= task.volunteers_needed and task.status == Task.TaskStatus.OPEN:
        task.status = Task.TaskStatus.FILLED
        task.save(update_fields=["status", "updated"])
    return assignment


@transaction.atomic
def end_task_assignment(assignment: TaskAssignment) -> None:
    assignment.active = False
    assignment.ends = timezone.localdate()
    assignment.save(update_fields=["active", "ends"])
    task = assignment.task
    for host in HostAssignment.objects.filter(task=task, profile_id=assignment.profile_id, active=True):
        end_host(host)
    if task.status == Task.TaskStatus.FILLED and \
            TaskAssignment.objects.filter(task=task, active=True).count() < task.volunteers_needed:
        task.status = Task.TaskStatus.OPEN
        task.save(update_fields=["status", "updated"])


# ---------------------------------------------------------------- suggestions (ranked and explained)


class Suggestion(NamedTuple):
    profile: object  # VolunteerProfile or Task
    score: int
    reasons: list


CANDIDATE_FIELDS = ("id", "partnership_id", "first_name", "last_name", "postcode", "latitude", "longitude",
                    "travel_radius_km", "languages", "interests", "skills", "professional_skills",
                    "availability_mask", "availability_uneven", "commitment", "max_companion_load", "max_tasks",
                    "wants_companion", "wants_host", "wants_activity", "wants_other", "consent_given", "status")


def _slot_names(mask: int) -> str:
    return ", ".join(str(slot_label(d, p)) for d, p in mask_slots(mask))


def _availability_points(vol_mask: int, uneven: bool, wanted_mask: int, weight: int, reasons: list | None) -> int:
    """Points for shared weekly slots; ``reasons`` None = score only (no texts, much faster on big lists)."""
    if not wanted_mask:
        return weight // 2
    overlap = vol_mask & wanted_mask
    if overlap:
        share = bin(overlap).count("1") / bin(wanted_mask).count("1")
        if reasons is not None:
            reasons.append(_("free %(slots)s") % {"slots": _slot_names(overlap)})
        return round(weight * (0.5 + 0.5 * share))
    if uneven:
        if reasons is not None:
            reasons.append(_("time varies – ask"))
        return weight // 3
    if reasons is not None:
        reasons.append(_("not usually free then"))
    return 0


def _distance_points(dist, radius, weight, reasons, exclude_far=True):
    if dist is None:
        if reasons is not None:
            reasons.append(_("distance unknown"))
        return weight // 3, False
    radius = max(radius or 1, 1)
    if dist > radius:
        if reasons is not None:
            reasons.append(_("%(km).1f km away – beyond their %(r)d km") % {"km": dist, "r": radius})
        return 0, exclude_far
    if reasons is not None:
        reasons.append(_("%(km).1f km away") % {"km": dist})
    return round(weight * (1 - 0.7 * dist / radius)), False


def suggest_companions(partnership, lat=None, lon=None, languages: Iterable[str] = (),
                       weekday_parts: Iterable[tuple[int, str]] = (), limit: int = 10,
                       exclude_ids: Iterable[int] = ()) -> list[Suggestion]:
    """Rank active companions (følgevenner, 000 §7.2) for a citizen living at ``lat``/``lon``.

    Scoring (0–100): distance within the volunteer's travel radius (35), shared availability (25), a shared
    language other than Danish or any if asked (15), free capacity (25; full volunteers are left out). Each
    suggestion carries short reasons so the bridge-builder can see *why*.
    """
    wanted_mask = slots_mask(weekday_parts)
    wanted_langs = {w.strip().lower() for w in languages if w and w.strip()}
    qs = (VolunteerProfile.objects.filter(partnership=partnership, status=Status.ACTIVE, wants_companion=True,
                                          consent_given=True)
          .exclude(pk__in=list(exclude_ids)).values(*CANDIDATE_FIELDS))
    rows = list(qs)
    loads = companion_loads([r["id"] for r in rows])
    scored = []
    for r in rows:
        reasons: list[str] = []
        load = loads.get(r["id"], 0)
        capacity = max(r["max_companion_load"], 0)
        if load >= capacity:
            continue
        dist = distance_km(lat, lon, r["latitude"], r["longitude"])
        dpts, too_far = _distance_points(dist, r["travel_radius_km"], 35, reasons)
        if too_far:
            continue
        score = dpts
        score += _availability_points(r["availability_mask"], r["availability_uneven"], wanted_mask, 25, reasons)
        if wanted_langs:
            shared = split_words(r["languages"]) & wanted_langs
            if shared:
                score += 15
                reasons.append(_("speaks %(langs)s") % {"langs": ", ".join(sorted(shared))})
        else:
            score += 8
        score += round(25 * (1 - load / capacity)) if capacity else 0
        reasons.append(_("accompanies %(n)d of %(max)d") % {"n": load, "max": capacity})
        scored.append((score, r["id"], reasons))
    scored.sort(key=lambda t: (-t[0], t[1]))
    top = scored[:limit]
    profiles = VolunteerProfile.objects.in_bulk([pid for _s, pid, _r in top])
    return [Suggestion(profiles[pid], min(score, 100), reasons) for score, pid, reasons in top]


def _role_wanted(task_kind: str, r: dict) -> bool:
    return {
        Task.Kind.ACTIVITY: r["wants_activity"],
        Task.Kind.HOST: r["wants_host"],
        Task.Kind.COMPANION: r["wants_companion"],
        Task.Kind.OTHER: r["wants_other"],
    }.get(task_kind, False)


def _interest_points(task_words: set[str], r: dict, weight: int, reasons: list) -> int:
    if not task_words:
        return weight // 3
    theirs = split_words(r["interests"]) | split_words(r["skills"]) | split_words(r["professional_skills"]) | \
        split_words(r["languages"])
    shared = {w for w in task_words if w in theirs or any(w in t or t in w for t in theirs if len(t) > 3)}
    if not shared:
        return 0
    if reasons is not None:
        reasons.append(_("interested in or good at %(words)s") % {"words": ", ".join(sorted(shared))})
    return round(weight * min(1.0, 0.5 + 0.5 * len(shared) / len(task_words)))


def _requirements_by_profile(profile_ids: list[int], items: list[OnboardingItem], day: date
                             ) -> dict[int, dict[int, date | None]]:
    """Per volunteer: ``{item_id: expires_on}`` of their records for ``items``, in one light query."""
    if not items or not profile_ids:
        return {}
    have: dict[int, dict[int, date | None]] = {}
    for pid, item_id, expires in OnboardingRecord.objects.filter(
            profile_id__in=profile_ids, item_id__in=[i.pk for i in items]).values_list(
            "profile_id", "item_id", "expires_on"):
        have.setdefault(pid, {})[item_id] = expires
    return have


def _requirements_ok(records: dict[int, date | None], items: list[OnboardingItem], day: date) -> bool:
    for item in items:
        if item.pk not in records:
            return False
        expires = records[item.pk]
        if expires is not None and expires < day:
            return False
    return True


def _unmet_light(records: dict[int, date | None], items: list[OnboardingItem], day: date) -> list[str]:
    class _Rec:  # the shape ``_unmet`` reads
        def __init__(self, expires_on):
            self.expires_on = expires_on

    return _unmet({k: _Rec(v) for k, v in records.items()}, items, day)


class _TaskContext(NamedTuple):
    task: Task
    task_mask: int
    task_words: set
    loads: dict
    items: list
    have: dict
    day: date
    declined: set
    pending: set


def _score_for_task(r: dict, c: _TaskContext, reasons: list | None) -> tuple[int, bool]:
    """(score 0–100, requirements met) of volunteer row ``r`` for the task; texts go to ``reasons`` if given."""
    task = c.task
    score = 0
    if _role_wanted(task.kind, r):
        score += 15
        if reasons is not None:
            reasons.append(_("wants this kind of task"))
    elif reasons is not None:
        reasons.append(_("has not asked for this kind of task"))
    score += _interest_points(c.task_words, r, 25, reasons)
    score += _availability_points(r["availability_mask"], r["availability_uneven"], c.task_mask, 20, reasons)
    dist = distance_km(task.latitude, task.longitude, r["latitude"], r["longitude"])
    dpts, _too_far = _distance_points(dist, r["travel_radius_km"], 15, reasons, exclude_far=False)
    score += dpts
    if r["commitment"] == task.commitment:
        score += 5
    elif task.commitment == Commitment.LARGE and reasons is not None:
        reasons.append(_("wished for a small commitment"))
    load = c.loads.get(r["id"], 0)
    cap = max(r["max_tasks"], 1)
    if load >= cap:
        if reasons is not None:
            reasons.append(_("already has %(n)d tasks (their limit is %(max)d)") % {"n": load, "max": cap})
    else:
        score += round(10 * (1 - load / cap))
        if reasons is not None:
            reasons.append(_("%(n)d of %(max)d tasks") % {"n": load, "max": cap})
    records = c.have.get(r["id"], {})
    ok = r["consent_given"] and _requirements_ok(records, c.items, c.day)
    if ok:
        score += 10
        if c.items and reasons is not None:
            reasons.append(_("requirements met"))
    elif reasons is not None:
        reasons.extend(_unmet_light(records, c.items, c.day))
        if not r["consent_given"]:
            reasons.append(_("no consent recorded"))
    if r["id"] in c.declined:
        score -= 30
        if reasons is not None:
            reasons.append(_("said no to this task recently"))
    if r["id"] in c.pending and reasons is not None:
        reasons.append(_("already asked – waiting for an answer"))
    return max(0, min(score, 100)), ok


def suggest_volunteers(task: Task, limit: int = 20, include_unwilling: bool = False) -> list[Suggestion]:
    """Volunteers for a task, ranked and explained (004: match the task to the person).

    Scoring (0–100): role wanted (15), interests/skills (25), availability (20), distance (15), commitment (5),
    free capacity (10), requirements met (10; unmet ones are shown as reasons — assignment will refuse).
    Volunteers who meet the requirements come first. Recent "no" answers push a volunteer down, so nobody is
    asked again and again.

    Speed (200,000 volunteers, issue 5): the database pre-filters on partnership, status, role wanted, a weekly
    slot overlap (bit mask) and a 60 km box; Python scores the remaining few hundred rows without texts and
    writes the explanations only for the ``limit`` shown.
    """
    day = max(timezone.localdate(), task.starts_on or date.min)
    qs = VolunteerProfile.objects.filter(partnership_id=task.partnership_id, status=Status.ACTIVE)
    role_field = {Task.Kind.ACTIVITY: "wants_activity", Task.Kind.HOST: "wants_host",
                  Task.Kind.COMPANION: "wants_companion", Task.Kind.OTHER: "wants_other"}[task.kind]
    if not include_unwilling:
        qs = qs.filter(**{role_field: True})
    task_mask = task.slot_mask
    if task_mask:
        qs = qs.annotate(_free=F("availability_mask").bitand(task_mask)).filter(
            Q(_free__gt=0) | Q(availability_uneven=True) | Q(availability_mask=0))
    if task.latitude is not None and task.longitude is not None:
        # A generous box (max 60 km) keeps the candidate list short on big data; exact distance is checked below.
        dlat = 60 / 111.0
        dlon = 60 / (111.0 * max(0.2, math.cos(math.radians(task.latitude))))
        qs = qs.filter(Q(latitude__isnull=True) | Q(latitude__range=(task.latitude - dlat, task.latitude + dlat),
                                                    longitude__range=(task.longitude - dlon,
                                                                      task.longitude + dlon)))
    holders = TaskAssignment.objects.filter(task=task, active=True).values("profile_id")
    items = required_items(task)
    # Load and requirement checks as correlated subqueries: one round trip for all candidates.
    annotations = {
        "_tasks": _count_subquery(TaskAssignment.objects.filter(profile=OuterRef("pk"), active=True)),
        "_hosts": _count_subquery(HostAssignment.objects.filter(profile=OuterRef("pk"), active=True,
                                                                task__isnull=True)),
    }
    for item in items:
        annotations[f"_req{item.pk}"] = Exists(OnboardingRecord.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day), profile=OuterRef("pk"), item_id=item.pk))
    rows = list(qs.exclude(pk__in=holders).annotate(**annotations).order_by()
                .values(*CANDIDATE_FIELDS, *annotations))
    asks = list(task.asks.filter(Q(answer="pending") | Q(answer="no", asked_at__gte=timezone.now()
                                                          - timedelta(days=180))).values_list("profile_id", "answer"))
    all_met = {item.pk: None for item in items}
    c = _TaskContext(task=task, task_mask=task_mask,
                     task_words=split_words(task.keywords) | split_words(task.languages),
                     loads={r["id"]: r["_tasks"] + r["_hosts"] for r in rows}, items=items,
                     have={r["id"]: all_met for r in rows if all(r[f"_req{i.pk}"] for i in items)}, day=day,
                     declined={pid for pid, a in asks if a == "no"}, pending={pid for pid, a in asks if a == "pending"})
    scored = []
    for r in rows:
        score, ok = _score_for_task(r, c, None)
        scored.append((not ok, -score, r["id"], r))
    scored.sort(key=lambda t: t[:3])
    top = scored[:limit]
    ids = [pid for _n, _s, pid, _r in top]
    profiles = VolunteerProfile.objects.in_bulk(ids)
    c = c._replace(have=_requirements_by_profile(ids, items, day))  # the real records, for the reasons shown
    out = []
    for _n, _s, pid, r in top:
        reasons: list[str] = []
        score, _ok = _score_for_task(r, c, reasons)
        out.append(Suggestion(profiles[pid], score, reasons))
    return out


def _count_subquery(qs):
    """COUNT(*) of a correlated queryset as an integer expression (0 when none)."""
    return Coalesce(Subquery(qs.order_by().values("profile").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


def suggest_tasks(profile: VolunteerProfile, limit: int = 20) -> list[Suggestion]:
    """Open tasks for a volunteer, ranked and explained (the same scoring as ``suggest_volunteers``)."""
    r = {f: getattr(profile, f) for f in CANDIDATE_FIELDS if f not in ("id", "partnership_id")}
    r["id"] = profile.pk
    tasks = list(Task.objects.filter(partnership_id=profile.partnership_id, status=Task.TaskStatus.OPEN)
                 .exclude(assignments__profile=profile, assignments__active=True).prefetch_related("requirements"))
    checklist = list(OnboardingItem.objects.filter(partnership_id=profile.partnership_id))
    records = {rec.item_id: rec for rec in OnboardingRecord.objects.filter(profile=profile)}
    load = task_loads([profile.pk]).get(profile.pk, 0)
    cap = max(profile.max_tasks, 1)
    declined = set(profile.asks.filter(answer="no", asked_at__gte=timezone.now() - timedelta(days=180))
                   .values_list("task_id", flat=True))
    scored = []
    for task in tasks:
        reasons: list[str] = []
        score = 0
        if _role_wanted(task.kind, r):
            score += 15
            reasons.append(_("the kind of task they want"))
        score += _interest_points(split_words(task.keywords) | split_words(task.languages), r, 25, reasons)
        score += _availability_points(profile.availability_mask, profile.availability_uneven, task.slot_mask, 20,
                                      reasons)
        dist = distance_km(task.latitude, task.longitude, profile.latitude, profile.longitude)
        dpts, _far = _distance_points(dist, profile.travel_radius_km, 15, reasons, exclude_far=False)
        score += dpts
        if profile.commitment == task.commitment:
            score += 5
        score += 0 if load >= cap else round(10 * (1 - load / cap))
        day = max(timezone.localdate(), task.starts_on or date.min)
        missing = _unmet(records, required_items(task, checklist), day)
        if missing:
            reasons.extend(missing)
        else:
            score += 10
        if task.pk in declined:
            score -= 30
            reasons.append(_("said no to this task recently"))
        scored.append((max(0, min(score, 100)), not missing, task.pk, task, reasons))
    scored.sort(key=lambda t: (-t[1], -t[0], t[2]))
    return [Suggestion(task, score, reasons) for score, _ok, _pk, task, reasons in scored[:limit]]


# ---------------------------------------------------------------- follow-up and person dependency

def due_for_follow_up(partnership, weeks: int = 8):
    """Active volunteers not followed up for ``weeks`` weeks (or never), oldest first (004 Del 4)."""
    limit = timezone.localdate() - timedelta(weeks=weeks)
    return (VolunteerProfile.objects.filter(partnership=partnership, status=Status.ACTIVE)
            .filter(Q(last_follow_up__isnull=True) | Q(last_follow_up__lt=limit))
            .order_by(F("last_follow_up").asc(nulls_first=True), "first_name"))


def single_person_tasks(partnership):
    """Open or filled tasks held by at most one volunteer (004: spread tasks so nothing depends on one person)."""
    return (Task.objects.filter(partnership=partnership).exclude(status=Task.TaskStatus.CLOSED)
            .annotate(n=Count("assignments", filter=Q(assignments__active=True)))
            .filter(n__lte=1).order_by("n", "title"))


def overloaded_volunteers(partnership):
    """Active volunteers at or over their own limit of tasks, hosted activities or companion assignments."""
    ids = list(VolunteerProfile.objects.filter(partnership=partnership, status=Status.ACTIVE)
               .values_list("pk", flat=True))
    tasks = task_loads(ids)
    comps = companion_loads(ids)
    # Only someone who holds something can be over a limit: load just those profiles, not every active volunteer.
    loaded = {pid for pid, n in tasks.items() if n} | {pid for pid, n in comps.items() if n}
    profiles = VolunteerProfile.objects.filter(pk__in=loaded).order_by("pk")
    out = []
    for p in profiles:
        t, c = tasks.get(p.pk, 0), comps.get(p.pk, 0)
        if t >= max(p.max_tasks, 1) or (c and c >= p.max_companion_load) or t + c >= 5:
            out.append({"profile": p, "tasks": t, "companions": c})
    out.sort(key=lambda d: -(d["tasks"] + d["companions"]))
    return out


PART_LOWER = {"morning": gettext_lazy("morning"), "afternoon": gettext_lazy("afternoon"),
              "evening": gettext_lazy("evening")}


def slot_label(weekday: int, part: str):
    return format_lazy("{} {}", dict(Weekday.choices)[weekday], PART_LOWER[part])


def slot_choices() -> list[tuple[str, str]]:
    """Form choices "weekday-part" for availability check boxes (lazy labels, translated when shown)."""
    return [(f"{d}-{p}", slot_label(d, p)) for d in range(7) for p in DAY_PARTS]


def parse_slots(values: Iterable[str]) -> list[tuple[int, str]]:
    out = []
    for value in values:
        day, _sep, part = str(value).partition("-")
        if day.isdigit() and 0 <= int(day) <= 6 and part in DAY_PARTS:
            out.append((int(day), part))
    return out


__all__ = ["Suggestion", "suggest_companions", "suggest_volunteers", "suggest_tasks", "register_companion_load",
           "register_companion_provider", "hosts_for_activity", "hosts_for_activities", "companions_available",
           "assign_host", "end_host", "check_requirements", "assign_task",
           "RequirementsNotMet", "set_availability", "change_status", "slot_bit"]


def single_host_activities(partnership) -> list[dict]:
    """Directory activities hosted by exactly one active volunteer (004: no activity should hang on one person)."""
    rows = (HostAssignment.objects.filter(profile__partnership=partnership, active=True).values("activity_id")
            .annotate(n=Count("id")).filter(n=1).values_list("activity_id", flat=True))
    hosts = HostAssignment.objects.filter(activity_id__in=list(rows), active=True,
                                          profile__partnership=partnership).select_related("activity", "profile")
    return [{"activity": h.activity, "host": h.profile} for h in hosts]


def _host_model():
    """Kept for callers written before ``HostAssignment`` existed."""
    return HostAssignment


def tell_about_signup(profile) -> int:
    """The partnership's facilitators are told a sign-up from the public form waits for an answer (no name in it:
    the details stay behind the login)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from brobyg.core.notify import members, notify
    from brobyg.partnerships.models import Role

    text = _("Someone has signed up as a volunteer with %(partnership)s. Please get in touch within a few days.") % {
        "partnership": profile.partnership.name}
    return sum(notify(user, "signup", f"signup:{profile.pk}", _("Brobyg: a volunteer sign-up is waiting for an "
                                                                "answer"), text, reverse("volunteers:due"))
               for user in members(profile.partnership_id, [Role.FACILITATOR]))


def signups_to_answer(user) -> int:
    """Public-form sign-ups nobody has followed up yet, in the partnerships the user leads (home page count)."""
    from brobyg.core import permissions
    from brobyg.partnerships.models import Role

    from .models import Source

    ids = permissions.partnership_ids(user, [Role.FACILITATOR])
    return VolunteerProfile.objects.filter(partnership_id__in=ids, source=Source.PUBLIC_FORM, status=Status.ACTIVE,
                                           last_follow_up__isnull=True).count()
