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
    """Activities owned by these partnerships (the activity's own ``partnership``).

    Being an actor in a partnership grants nothing over an organisation's activities: an activity of an organisation
    that is also an actor elsewhere belongs to the partnership named on the activity, and only to it (issue 13)."""
    if not partnership_ids:
        return Q(pk__in=[])
    return Q(partnership_id__in=list(partnership_ids))


def _contact_pairs(user) -> list[tuple[int, int]]:
    """(partnership, organisation) pairs in which the user is an association contact."""
    return [(p, o) for p, o, role in permissions.memberships(user) if role == Role.ASSOCIATION_CONTACT and o]


def editable_q(user) -> Q:
    """Activities a user may change, by the partnership that owns the activity and the user's role in it:
    facilitators the activities of their partnership; association contacts their own organisation's activities in
    the partnership where they are its contact, and its activities that no partnership owns; site admins all."""
    if permissions.is_site_admin(user):
        return Q()
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    q = partnership_activities_q(permissions.partnership_ids(user, [Role.FACILITATOR]))
    pairs = _contact_pairs(user)
    for partnership_id, organisation_id in pairs:
        q |= Q(partnership_id=partnership_id, organisation_id=organisation_id)
    if pairs:
        q |= Q(partnership__isnull=True, organisation_id__in={o for _p, o in pairs})
    return q


def editable(user):
    return Activity.objects.filter(editable_q(user))


def can_edit(user, activity: Activity) -> bool:
    return editable(user).filter(pk=activity.pk).exists()


def may_own(user, organisation_id, partnership_id) -> bool:
    """May the user store an activity of this organisation in this partnership (None: no partnership)?

    The same rule as :func:`editable_q`, for the activity as it will be saved: a facilitator for an actor of their
    own partnership, an association contact for their organisation in the partnership where they are its contact
    (or without a partnership). So nobody moves an activity into, or creates one for, a partnership or an
    organisation they do not act for."""
    if permissions.is_site_admin(user):
        return True
    if organisation_id is None:
        return False
    pairs = _contact_pairs(user)
    if partnership_id is None:
        return any(o == organisation_id for _p, o in pairs)
    if (partnership_id, organisation_id) in pairs:
        return True
    return (partnership_id in permissions.partnership_ids(user, [Role.FACILITATOR]) and
            PartnershipOrganisation.objects.filter(partnership_id=partnership_id,
                                                   organisation_id=organisation_id).exists())


def home_partnership(user, organisation_id) -> int | None:
    """The partnership an activity of this organisation is kept in when the user does not choose one: where they are
    the organisation's contact, else where they facilitate and it is an actor; None if neither (see may_own)."""
    for partnership_id, org in _contact_pairs(user):
        if org == organisation_id:
            return partnership_id
    facilitated = permissions.partnership_ids(user, [Role.FACILITATOR])
    return (PartnershipOrganisation.objects.filter(partnership_id__in=facilitated, organisation_id=organisation_id)
            .order_by("partnership_id").values_list("partnership_id", flat=True).first())


def owner_organisations(user):
    """Organisations a user may create activities for: association contacts their own, facilitators the actors of
    their partnership (the activity is then owned by that partnership, see :func:`may_own`)."""
    from brobyg.partnerships.models import Organisation

    if permissions.is_site_admin(user):
        return Organisation.objects.all()
    own_orgs = {o for _p, o in _contact_pairs(user)}
    partnerships = permissions.partnership_ids(user, [Role.FACILITATOR])
    actor_orgs = PartnershipOrganisation.objects.filter(partnership_id__in=partnerships).values_list(
        "organisation_id", flat=True)
    return Organisation.objects.filter(Q(pk__in=own_orgs) | Q(pk__in=list(actor_orgs)))


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
