"""Who am I, and who is in my partnership (facilitators only)."""
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.models import Membership, Partnership, Role

router = Router(tags=["accounts"], auth=django_auth)


class MembershipOut(Schema):
    partnership_id: int
    partnership: str
    organisation: str | None
    role: str


class MeOut(Schema):
    username: str
    name: str
    is_site_admin: bool
    memberships: list[MembershipOut]


class MemberOut(Schema):
    username: str
    name: str
    role: str
    organisation: str | None


def _membership_out(m: Membership) -> dict:
    return {"partnership_id": m.partnership_id, "partnership": m.partnership.name,
            "organisation": m.organisation.name if m.organisation else None, "role": m.role}


@router.get("/me", response=MeOut, summary="The logged-in user and their roles")
def me(request):
    user = request.user
    rows = Membership.objects.filter(user=user).select_related("partnership", "organisation")
    return {"username": user.username, "name": user.display_name(), "is_site_admin": user.is_superuser,
            "memberships": [_membership_out(m) for m in rows]}


@router.get("/partnerships/{partnership_id}/members", response=list[MemberOut],
            summary="Members of a partnership (facilitators of that partnership)")
def members(request, partnership_id: int):
    try:
        partnership = permissions.get_scoped_or_404(Partnership.objects.all(), request.user, field="pk",
                                                    pk=partnership_id)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not permissions.has_role(request.user, partnership, [Role.FACILITATOR]):
        raise HttpError(403, "Only the partnership's facilitators may list its members")
    record(request, "partnership.members.list", partnership, partnership=partnership, detail="api")
    rows = Membership.objects.filter(partnership=partnership).select_related("user", "organisation")
    return [{"username": m.user.username, "name": m.user.display_name(), "role": m.role,
                  "organisation": m.organisation.name if m.organisation else None} for m in rows]
