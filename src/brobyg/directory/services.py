"""Writing activities: keep derived fields in step, verification, and the edit permission rule."""
from __future__ import annotations

from django.db.models import F, Q
from django.utils import timezone

from brobyg.core import permissions
from brobyg.partnerships.models import PartnershipOrganisation, Role

from . import schedule as sched
from . import taxonomy
from .models import Activity
from .textsearch import interest_text, search_text


def refresh_derived(activity: Activity, save: bool = True) -> Activity:
    """Recompute search_text and the weekday/daypart masks after the activity, its categories or times changed."""
    cats = list(activity.categories.all()) if activity.pk else []
    groups = list(activity.target_groups.all()) if activity.pk else []
    activity.search_text = search_text(
        activity.title, activity.description,
        " ".join(f"{c.label} {c.name} {c.keywords}" for c in cats),
        " ".join(f"{g.label} {g.name}" for g in groups),
        activity.city, activity.municipality, activity.organisation.name if activity.organisation_id else "",
    )
    activity.target_group_mask = taxonomy.group_mask(groups)
    activity.interest_text = interest_text(activity.title, activity.description,
                                           " ".join(f"{c.label} {c.name}" for c in cats))
    if activity.pk:
        activity.weekday_mask, activity.daypart_mask = sched.masks(
            list(activity.schedules.all()), list(activity.one_off_dates.all()))
    if save and activity.pk:
        Activity.objects.filter(pk=activity.pk).update(
            search_text=activity.search_text, weekday_mask=activity.weekday_mask,
            daypart_mask=activity.daypart_mask, target_group_mask=activity.target_group_mask,
            interest_text=activity.interest_text)
    return activity


def mark_verified(activity: Activity) -> None:
    activity.last_verified = timezone.localdate()
    activity.verify_reminded_at = None
    Activity.objects.filter(pk=activity.pk).update(last_verified=activity.last_verified, verify_reminded_at=None)


EDIT_ROLES = (Role.FACILITATOR, Role.ASSOCIATION_CONTACT)


def partnership_activities_q(partnership_ids) -> Q:
    """Activities of these partnerships: the activity's own partnership, or an organisation that is an actor in one.

    The actors are read into a list, not a subquery: "partnership IN (…) OR organisation IN (SELECT …)" makes
    PostgreSQL scan every activity (68 ms at 100,000), while two lists let it combine the two indexes (under 1 ms)."""
    if not partnership_ids:
        return Q(pk__in=[])
    actor_orgs = list(PartnershipOrganisation.objects.filter(partnership_id__in=partnership_ids)
                      .values_list("organisation_id", flat=True))
    return Q(partnership_id__in=partnership_ids) | Q(organisation_id__in=actor_orgs)


def editable_q(user) -> Q:
    """Activities a user may change: association contacts their own organisation's; facilitators all in their
    partnership (the activity's partnership, or an organisation that is an actor in it); site admins all."""
    if permissions.is_site_admin(user):
        return Q()
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    own_orgs = permissions.organisation_ids(user, [Role.ASSOCIATION_CONTACT])
    partnerships = permissions.partnership_ids(user, [Role.FACILITATOR])
    q = Q(organisation_id__in=own_orgs)
    if partnerships:
        q |= partnership_activities_q(partnerships)
    return q


def editable(user):
    return Activity.objects.filter(editable_q(user))


def can_edit(user, activity: Activity) -> bool:
    return editable(user).filter(pk=activity.pk).exists()


def owner_organisations(user):
    """Organisations a user may create activities for."""
    from brobyg.partnerships.models import Organisation

    if permissions.is_site_admin(user):
        return Organisation.objects.all()
    own_orgs = permissions.organisation_ids(user, [Role.ASSOCIATION_CONTACT])
    partnerships = permissions.partnership_ids(user, [Role.FACILITATOR])
    return Organisation.objects.filter(
        Q(pk__in=own_orgs) | Q(actor_in__partnership_id__in=partnerships)).distinct()


def is_staff_user(user) -> bool:
    """Staff of any partnership (sees notes for referrers in the internal directory)."""
    return permissions.is_site_admin(user) or bool(permissions.partnership_ids(user, permissions.STAFF_ROLES))


def take_place(activity_id: int) -> bool:
    """Book one of an activity's open places for a newcomer; False when none is left.

    One conditional UPDATE (no read-then-write), so parallel requests can never take more places than there are; the
    column is also unsigned in the database. An activity that does not say how many places it has always succeeds.
    """
    if Activity.objects.filter(pk=activity_id, open_places__gt=0).update(open_places=F("open_places") - 1):
        return True
    return Activity.objects.filter(pk=activity_id, open_places__isnull=True).exists()


def release_place(activity_id: int) -> None:
    """Give a booked place back (the newcomer did not start or stopped), never above the activity's capacity."""
    qs = Activity.objects.filter(pk=activity_id, open_places__isnull=False)
    qs.filter(Q(capacity__isnull=True) | Q(open_places__lt=F("capacity"))).update(open_places=F("open_places") + 1)
