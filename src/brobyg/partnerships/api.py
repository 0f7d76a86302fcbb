"""Partnership workspace API (read only): the actors by sector and who is missing, the phase tracker's progress and
the open follow-up actions of the meetings. Every member of the partnership may read, as on the screens; another
partnership's id answers 404, anonymous callers 401. The figures come from the services the screens use."""
from __future__ import annotations

import datetime as dt

from ninja import Field, Path, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from brobyg.core import permissions

from . import services
from .models import Partnership

router = Router(tags=["partnerships"], auth=django_auth)


class PartnershipsErrorOut(Schema):
    detail: str


class PartnershipsValidationErrorOut(Schema):
    detail: list[dict]


class PartnershipsIdPath(Schema):
    partnership_id: int = Field(..., ge=1, le=2**62)


ERRORS = {401: PartnershipsErrorOut, 403: PartnershipsErrorOut, 404: PartnershipsErrorOut,
          422: PartnershipsValidationErrorOut}


def check_member(request, partnership_id: int, roles,
                 refusal: str = "Your role in this partnership does not give access to this") -> None:
    """The API's rule for a partnership named in a request: 404 unless the caller is a member (as if it did not
    exist), then 403 with ``refusal`` unless they hold one of ``roles`` there. Site administrators pass. Shared by
    the bridging, volunteers and evaluation APIs."""
    user = request.user
    if not (permissions.is_site_admin(user) or partnership_id in permissions.partnership_ids(user)):
        raise HttpError(404, "Not found")
    if not permissions.has_role(user, partnership_id, roles):
        raise HttpError(403, refusal)


def partnership_for(request, partnership_id: int, roles) -> Partnership:
    """The partnership after :func:`check_member` (404 also when it does not exist)."""
    check_member(request, partnership_id, roles)
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None:
        raise HttpError(404, "Not found")
    return partnership


# --- actors ----------------------------------------------------------------------------------------------------------

class PartnershipsContactOut(Schema):
    id: int
    name: str
    title: str
    email: str
    phone: str
    is_ally: bool
    in_steering_group: bool


class PartnershipsActorOut(Schema):
    id: int
    organisation_id: int
    name: str
    sector: str
    actor_role: str
    partner_type: str = Field(..., description="as set, or as the organisation's sector suggests")
    joined: dt.date | None
    contribution: str
    contacts: list[PartnershipsContactOut]


class PartnershipsSectorOut(Schema):
    sector: str
    label: str
    count: int
    actors: list[PartnershipsActorOut]


class PartnershipsKeyLabelOut(Schema):
    key: str
    label: str


class PartnershipsActorsOut(Schema):
    partnership_id: int
    actor_count: int
    sectors: list[PartnershipsSectorOut] = Field(..., description="sectors with at least one actor")
    missing_sectors: list[PartnershipsKeyLabelOut] = Field(..., description="sectors no actor belongs to")
    missing_partner_types: list[PartnershipsKeyLabelOut] = Field(
        ..., description="typical local partner types (000 §6.1.1) no actor represents")


def _actor_out(actor) -> dict:
    return {"id": actor.pk, "organisation_id": actor.organisation_id, "name": actor.organisation.name,
            "sector": actor.organisation.sector, "actor_role": actor.actor_role,
            "partner_type": actor.effective_type(), "joined": actor.joined, "contribution": actor.contribution,
            "contacts": [{"id": c.pk, "name": c.name, "title": c.title, "email": c.email, "phone": c.phone,
                          "is_ally": c.is_ally, "in_steering_group": c.in_steering_group}
                         for c in actor.contacts.all()]}


@router.get("/{partnership_id}/actors", response={200: PartnershipsActorsOut, **ERRORS},
            summary="The partnership's actors by sector, and the sectors and partner types that are missing")
def actors(request, path: Path[PartnershipsIdPath]):
    partnership = partnership_for(request, path.partnership_id, services.READ_ROLES)
    actor_list = list(services.actors(partnership))
    return {"partnership_id": partnership.pk, "actor_count": len(actor_list),
            "sectors": [{"sector": g["sector"], "label": str(g["label"]), "count": len(g["actors"]),
                         "actors": [_actor_out(a) for a in g["actors"]]}
                        for g in services.actors_by_sector(actor_list)],
            "missing_sectors": [{"key": bar.key, "label": str(bar.label)}
                                for bar in services.sector_mix(actor_list) if not bar.count],
            "missing_partner_types": [{"key": key, "label": str(label)}
                                      for key, label in services.missing_partner_types(actor_list)]}


# --- phases ----------------------------------------------------------------------------------------------------------

class PartnershipsPhaseItemOut(Schema):
    id: int
    key: str = Field(..., description="set for the advice items of 000 §6, empty for the partnership's own")
    title: str
    source: str
    status: str
    owner: str | None
    date: dt.date | None


class PartnershipsPhaseOut(Schema):
    phase: str
    label: str
    source: str
    done: int
    doing: int
    total: int = Field(..., description="items that are relevant (not marked 'not relevant')")
    percent: int
    items: list[PartnershipsPhaseItemOut]


class PartnershipsPhasesOut(Schema):
    partnership_id: int
    current_phase: str | None = Field(..., description="the first phase that is not finished")
    phases: list[PartnershipsPhaseOut]


def _name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


@router.get("/{partnership_id}/phases", response={200: PartnershipsPhasesOut, **ERRORS},
            summary="Progress through the five phases of the collaboration model (000 §6)")
def phases(request, path: Path[PartnershipsIdPath]):
    partnership = partnership_for(request, path.partnership_id, services.READ_ROLES)
    services.ensure_phase_items(partnership)  # the advice checklist, as the phase page creates it
    overview = services.phase_overview(partnership)
    current = services.current_phase(overview)
    return {"partnership_id": partnership.pk, "current_phase": current["phase"] if current else None,
            "phases": [{"phase": row["phase"], "label": str(row["label"]), "source": row["source"],
                        "done": row["done"], "doing": row["doing"], "total": row["total"],
                        "percent": row["percent"],
                        "items": [{"id": i.pk, "key": i.key, "title": str(i.display_title), "source": i.source,
                                   "status": i.status, "owner": _name(i.owner), "date": i.date}
                                  for i in row["items"]]}
                       for row in overview]}


# --- meetings --------------------------------------------------------------------------------------------------------

class PartnershipsActionOut(Schema):
    id: int
    text: str
    due: dt.date | None
    overdue: bool
    owner: str | None
    owner_actor: str | None
    meeting_id: int
    meeting_title: str
    meeting_date: dt.date


@router.get("/{partnership_id}/meetings/open-actions", response={200: list[PartnershipsActionOut], **ERRORS},
            summary="Follow-up actions from the meetings that are not done, earliest due first")
def open_actions(request, path: Path[PartnershipsIdPath]):
    from django.utils import timezone

    partnership = partnership_for(request, path.partnership_id, services.READ_ROLES)
    today = timezone.localdate()
    return [{"id": a.pk, "text": a.text, "due": a.due, "overdue": bool(a.due and a.due < today),
             "owner": _name(a.owner), "owner_actor": a.owner_actor.organisation.name if a.owner_actor else None,
             "meeting_id": a.meeting_id, "meeting_title": a.meeting.title, "meeting_date": a.meeting.date}
            for a in services.open_actions(partnership)]


