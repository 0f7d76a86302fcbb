"""The one permission layer: every app scopes querysets and checks object access through these functions.

Rules
- A user sees partnership data only for partnerships where they hold a membership with a suitable role.
- Objects of other partnerships are answered with 404 (they do not exist for this user); a missing role inside
  the user's own partnership is answered with 403.
- Site administrators (``is_superuser``) see everything.
- Rights follow the partnership that owns a record, never an organisation: acting for an organisation that is also
  an actor elsewhere grants nothing there (issue 13). The scope guard at the end of this module makes a forgotten
  scope raise instead of leak.
"""
from __future__ import annotations

import contextvars
from collections.abc import Iterable
from contextlib import contextmanager
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


def memberships(user) -> list[tuple[int, int | None, str]]:
    """The user's (partnership_id, organisation_id, role) triples."""
    return list(_memberships(user))


def forget(user) -> None:
    """Drop the cached memberships (after a membership changed in this request)."""
    for cached in ("_brobyg_memberships", "_brobyg_scope_ids"):
        if hasattr(user, cached):
            delattr(user, cached)


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


def may_appoint_contact(user, partnership, organisation) -> bool:
    """May the user make someone an association contact of ``organisation`` in ``partnership``?

    Who acts for an organisation is decided by that organisation's own association contacts or a site administrator,
    never by a facilitator who merely lists it as an actor (issue 13). A facilitator may appoint the first contact of
    an organisation that is their partnership's alone: an actor in no other partnership, with no contact anywhere."""
    from brobyg.partnerships.models import PartnershipOrganisation

    if is_site_admin(user):
        return True
    org_id = getattr(organisation, "pk", organisation)
    pid = getattr(partnership, "pk", partnership)
    if (pid, org_id, Role.ASSOCIATION_CONTACT) in _memberships(user):
        return True
    if not has_role(user, pid, [Role.FACILITATOR]):
        return False
    return not (Membership.objects.filter(organisation_id=org_id, role=Role.ASSOCIATION_CONTACT).exists()
                or PartnershipOrganisation.objects.filter(organisation_id=org_id).exclude(partnership_id=pid).exists())


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


# --- The scope guard: a forgotten scope fails instead of leaking ------------------------------------------------------
# Every model with a ``partnership`` foreign key belongs to that partnership. While a request is handled, loading a
# row of such a model that belongs to a partnership in which the user holds no membership raises ScopeError, so a
# view that forgets scope() (or scopes by organisation instead of partnership) answers 500 and fails its tests
# rather than showing another partnership's data. Rows are checked as they are loaded (post_init with a primary
# key; also rows joined in by select_related), without extra queries. What the guard does not see: values(),
# values_list() and aggregates (they build no objects), and the child rows of a partnership-owned record read
# without their parent (their views still scope through the parent, see get_for_role). Management commands and
# the demo run without a request and are not guarded. Site administrators are never refused.

_guarded_request = contextvars.ContextVar("brobyg_scope_request", default=None)

# Partnership-owned models that are public by design, with the reason (a new model is guarded unless listed here).
PUBLIC_MODELS = {
    "directory.activity": "the directory of offers is public; drafts are limited by directory.services.editable",
}
_SCOPED: dict[type, str] = {}


class ScopeError(RuntimeError):
    """A request loaded a record of a partnership the user is not a member of (a missing scope)."""


def _request_user(request):
    user = getattr(request, "user", None)
    auth = getattr(request, "auth", None)  # django-ninja: the authenticated principal of an API call
    if (user is None or not user.is_authenticated) and getattr(auth, "is_authenticated", False):
        return auth
    return user


def _check_loaded(sender, instance, **kwargs):
    request = _guarded_request.get()
    if request is None or instance.pk is None:  # no request, or a new object being built
        return
    partnership_id = instance.__dict__.get(_SCOPED[sender])
    if partnership_id is None:  # deferred, or a record no partnership owns (a shared guide, say)
        return
    user = _request_user(request)
    if is_site_admin(user):
        return
    allowed = getattr(user, "_brobyg_scope_ids", None)  # once per request: rows are checked one by one
    if allowed is None:
        allowed = frozenset(partnership_ids(user))
        if user is not None:
            user._brobyg_scope_ids = allowed
    if partnership_id in allowed:
        return
    raise ScopeError(f"{sender._meta.label} {instance.pk} belongs to partnership {partnership_id}, which the user of "
                     f"this request is not a member of: scope the query (brobyg.core.permissions.scope)")


def install_scope_guard() -> None:
    """Connect the guard to every partnership-owned model (CoreConfig.ready)."""
    from django.apps import apps
    from django.db.models.signals import post_init

    from brobyg.partnerships.models import Partnership

    for model in apps.get_models():
        if model._meta.label_lower in PUBLIC_MODELS or model in _SCOPED:
            continue
        field = next((f for f in model._meta.concrete_fields
                      if f.name == "partnership" and f.is_relation and f.related_model is Partnership), None)
        if field is not None:
            _SCOPED[model] = field.attname
            post_init.connect(_check_loaded, sender=model, weak=False,
                              dispatch_uid=f"brobyg-scope-guard-{model._meta.label_lower}")


@contextmanager
def guarding(request):
    """Guard the handling of one request (ScopeGuardMiddleware)."""
    token = _guarded_request.set(request)
    try:
        yield
    finally:
        _guarded_request.reset(token)


@contextmanager
def unscoped():
    """Lift the guard for code that reaches a record by a capability, not by membership (a personal link's token):
    it must then check that capability itself. Keep the block small and say why at the call site."""
    token = _guarded_request.set(None)
    try:
        yield
    finally:
        _guarded_request.reset(token)
