"""The one permission layer: every app scopes querysets and checks object access through these functions.

Rules
- A user sees partnership data only for partnerships where they hold a membership with a suitable role.
- Objects of other partnerships are answered with 404 (they do not exist for this user); a missing role inside
  the user's own partnership is answered with 403.
- Site administrators (``is_superuser``) see everything.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from brobyg.partnerships.models import Membership, Role

STAFF_ROLES = (Role.FACILITATOR, Role.REFERRER, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT, Role.EVALUATOR)
CASEWORK_ROLES = (Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.REFERRER)
# Roles that read citizen records (in full or in part): their sessions time out when idle and they log in with a
# second factor (accounts.policy), as site administrators do.
CITIZEN_READER_ROLES = (Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.REFERRER, Role.ASSOCIATION_CONTACT)


def _roles(roles: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if roles is None:
        return None
    if isinstance(roles, str):
        return (roles,)
    return tuple(roles)


def is_site_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def _memberships(user) -> list[tuple[int, int | None, str]]:
    """(partnership_id, organisation_id, role) triples of a user, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return []
    cache = getattr(user, "_brobyg_memberships", None)
    if cache is None:
        cache = list(Membership.objects.filter(user=user).values_list("partnership_id", "organisation_id", "role"))
        user._brobyg_memberships = cache
    return cache


def forget(user) -> None:
    """Drop the cached memberships (after a membership changed in this request)."""
    if hasattr(user, "_brobyg_memberships"):
        del user._brobyg_memberships


def roles_of(user, partnership=None) -> set[str]:
    pid = getattr(partnership, "pk", partnership)
    return {role for p, _o, role in _memberships(user) if pid is None or p == pid}


def partnership_ids(user, roles=None) -> set[int]:
    """Ids of the partnerships in which the user holds one of ``roles`` (any role if None)."""
    roles = _roles(roles)
    return {p for p, _o, role in _memberships(user) if roles is None or role in roles}


def organisation_ids(user, roles=None, partnership=None) -> set[int]:
    """Ids of the organisations the user acts for with one of ``roles``."""
    roles = _roles(roles)
    pid = getattr(partnership, "pk", partnership)
    return {
        o for p, o, role in _memberships(user)
        if o is not None and (roles is None or role in roles) and (pid is None or p == pid)
    }


def has_role(user, partnership=None, roles=None) -> bool:
    """Does the user hold one of ``roles`` in ``partnership`` (in any partnership if None)?"""
    if is_site_admin(user):
        return True
    roles = _roles(roles)
    pid = getattr(partnership, "pk", partnership)
    return any(
        (pid is None or p == pid) and (roles is None or role in roles) for p, _o, role in _memberships(user)
    )


def require_role(user, partnership=None, roles=None) -> None:
    if not has_role(user, partnership, roles):
        raise PermissionDenied


def scope(queryset: QuerySet, user, roles=None, field: str = "partnership") -> QuerySet:
    """Limit ``queryset`` to objects whose ``field`` (a partnership FK path) is one of the user's partnerships."""
    if is_site_admin(user):
        return queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": partnership_ids(user, roles)})


def scope_q(user, roles=None, field: str = "partnership") -> Q:
    """The same rule as :func:`scope` as a Q object, to combine with other conditions."""
    if is_site_admin(user):
        return Q()
    return Q(**{f"{field}__in": partnership_ids(user, roles)})


def get_scoped_or_404(queryset: QuerySet, user, roles=None, field: str = "partnership", **lookup) -> Model:
    """Fetch one object the user may see; 404 for anything outside their partnerships."""
    try:
        return scope(queryset, user, roles, field).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


def role_required(*roles):
    """View decorator: the user must be logged in and hold one of ``roles`` somewhere (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            require_role(request.user, None, roles or None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def current_partnership(request):
    """The partnership the user is working in (chosen in the session, else their first)."""
    from brobyg.partnerships.models import Partnership

    user = request.user
    if not user.is_authenticated:
        return None
    ids = partnership_ids(user)
    qs = Partnership.objects.all() if is_site_admin(user) else Partnership.objects.filter(pk__in=ids)
    chosen = request.session.get("partnership_id")
    if chosen:
        found = qs.filter(pk=chosen).first()
        if found:
            return found
    return qs.order_by("name").first()


def partnership_for(request, roles=None):
    """The partnership the user is working in (:func:`current_partnership`), if they hold one of ``roles`` there;
    403 otherwise. The start of every partnership-wide screen."""
    partnership = current_partnership(request)
    if partnership is None:
        raise PermissionDenied
    require_role(request.user, partnership, roles)
    return partnership


def get_for_role(request, queryset: QuerySet, roles=None, field: str = "partnership", **lookup):
    """One object of the user's partnerships (404 for any other partnership's), then the role check in its own
    partnership (403). Returns ``(obj, partnership)``; ``field`` is the path from the object to its partnership."""
    obj = get_scoped_or_404(queryset, request.user, field=field, **lookup)
    partnership = obj
    for part in field.split("__"):
        partnership = getattr(partnership, part)
    require_role(request.user, partnership, roles)
    return obj, partnership
