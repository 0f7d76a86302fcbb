"""Who may see what of a citizen (documented rules; every view and API operation goes through here).

- Bridge-builders and facilitators of a partnership see the full records of that partnership's citizens.
- Referrers see the referrals they made themselves and the stage their citizen has reached — never the record,
  the conversation or the well-being answers. (A referrer is often a municipal case worker; the bridge is a
  voluntary path and should not become part of a case file — DOMAIN.md §7.)
- Association contacts see, for newcomers coming to their own organisation's activities, only the first name,
  the consented welcome needs and the practical arrival details — and only while consent to share is active.
- Hosts (volunteers with an active host assignment for the activity, 000 §7.3) see the same for newcomers on their
  way to the activities they host, under the same consent ("association and host"), and record the first visits.
- Volunteers (companions) see, for the citizens they accompany, the same: first name, consented welcome needs
  and the meeting information — only while consent to share with the companion is active.
- Evaluators see no citizen data here (aggregates only, in the evaluation app).
- Another partnership's objects do not exist (404); a wrong role inside the partnership gets 403.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from brobyg.core import permissions
from brobyg.partnerships.models import Role

CASE_ROLES = (Role.FACILITATOR, Role.BRIDGE_BUILDER)
REFERRAL_ROLES = (Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.REFERRER)


def citizens_for(user):
    from .models import Citizen

    return permissions.scope(Citizen.objects.all(), user, CASE_ROLES)


def get_citizen(user, pk, roles=CASE_ROLES):
    """A citizen record: 404 outside the user's partnerships, 403 without a case role inside it."""
    from .models import Citizen

    citizen = permissions.get_scoped_or_404(Citizen.objects.select_related("partnership"), user, pk=pk)
    permissions.require_role(user, citizen.partnership, roles)
    return citizen


def referrals_for(user):
    """Referrals a user may see: all of their partnerships as case worker, their own as referrer."""
    from .models import Referral

    qs = Referral.objects.select_related("partnership", "organisation", "citizen")
    if permissions.is_site_admin(user):
        return qs
    case = permissions.partnership_ids(user, CASE_ROLES)
    referrer = permissions.partnership_ids(user, [Role.REFERRER])
    return qs.filter(Q(partnership__in=case) | Q(partnership__in=referrer, referred_by=user))


def get_referral(user, pk):
    from django.http import Http404

    from .models import Referral

    referral = permissions.get_scoped_or_404(Referral.objects.select_related("partnership", "citizen"), user, pk=pk)
    if referrals_for(user).filter(pk=referral.pk).exists():
        return referral
    if permissions.has_role(user, referral.partnership, REFERRAL_ROLES):
        raise Http404  # another referrer's referral: it does not exist for this user
    raise PermissionDenied


def require_case_role(user, partnership):
    permissions.require_role(user, partnership, CASE_ROLES)


def get_companion_card(user, pk) -> dict:
    """A companion's view of one companionship: their own, active, and only while the citizen's consent allows
    sharing with the companion. Anything else does not exist for them (404)."""
    from django.http import Http404

    from .bridge import companion_card, companionships_for_volunteer

    companionship = companionships_for_volunteer(user).filter(pk=pk).first()
    card = companion_card(companionship) if companionship else None
    if card is None:
        raise Http404
    return card


def get_arrival_for_contact(user, pk):
    """An association contact's or host's view of one newcomer: only for their own organisation's activities or
    the activities they host, and while the citizen's consent allows sharing with the association and host (404
    otherwise)."""
    from django.http import Http404

    from .bridge import arrivals_for_receiver

    arrival = arrivals_for_receiver(user).filter(pk=pk).first()
    if arrival is None:
        raise Http404
    return arrival
