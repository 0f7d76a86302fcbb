"""Bridging API: ranked activity suggestions for a citizen (with the reasons), the journeys of a partnership and a
journey's proposals. Case roles only (facilitator, bridge-builder); another partnership's objects are 404.
Every read of citizen data is audit-logged, as in the HTML views."""
from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.api import check_member

from . import matching
from .access import CASE_ROLES, get_citizen
from .models import Journey, Stage

router = Router(tags=["bridging"], auth=django_auth)


class BridgingErrorOut(Schema):
    detail: str


class BridgingComponentOut(Schema):
    key: str
    points: int
    max: int
    reason: str


class BridgingMatchOut(Schema):
    activity_id: int
    title: str
    score: int
    distance_km: float | None
    reasons: list[str]
    components: list[BridgingComponentOut]


class BridgingJourneyOut(Schema):
    id: int
    partnership_id: int
    citizen_id: int
    first_name: str
    stage: str
    stage_since: datetime
    days_in_stage: int
    bridge_builder_id: int | None


class BridgingJourneyPage(Schema):
    count: int
    page: int
    results: list[BridgingJourneyOut]


class BridgingJourneyFilters(Schema):
    partnership_id: int = Field(..., ge=1, le=2**62)
    stage: str = Field("", max_length=12)
    mine: bool = False
    page: int = Field(1, ge=1, le=100000)


class BridgingProposalOut(Schema):
    id: int
    activity_id: int | None
    rank: int
    score: int
    reasons: list[str]
    status: str
    proposed_at: datetime
    chosen_at: datetime | None


ERRORS = {403: BridgingErrorOut, 404: BridgingErrorOut}


def _citizen(request, pk):
    try:
        return get_citizen(request.user, pk)
    except Http404:
        raise HttpError(404, "Not found") from None
    except PermissionDenied:
        raise HttpError(403, "Only facilitators and bridge-builders of the partnership may do this") from None


@router.get("/citizens/{citizen_id}/matches", response={200: list[BridgingMatchOut], **ERRORS},
            summary="Ranked activities for a citizen, each with its score components and reasons")
def citizen_matches(request, citizen_id: int, limit: int = Query(10, ge=1, le=50)):
    citizen = _citizen(request, citizen_id)
    record(request, "citizen.view", citizen, detail="api matches")
    return [{"activity_id": m.activity_id, "title": m.title, "score": m.score,
             "distance_km": round(m.distance_km, 2) if m.distance_km is not None else None,
             "reasons": m.reasons, "components": [c.__dict__ for c in m.components]}
            for m in matching.rank_near(matching.wishes_for(citizen), limit)]


@router.get("/journeys", response={200: BridgingJourneyPage, **ERRORS},
            summary="Journeys of a partnership (50 per page, longest waiting first)")
def list_journeys(request, filters: Query[BridgingJourneyFilters]):
    pid = filters.partnership_id
    check_member(request, pid, CASE_ROLES, "Only facilitators and bridge-builders of the partnership may list journeys")
    qs = Journey.objects.filter(partnership_id=pid).select_related("citizen")
    if filters.stage in Stage.values:
        qs = qs.filter(stage=filters.stage)
    if filters.mine:
        qs = qs.filter(bridge_builder=request.user)
    qs = qs.order_by("stage_since", "pk")
    start = (filters.page - 1) * 50
    rows = list(qs[start:start + 50])
    record(request, "journey.list", None, partnership=pid, detail="api")
    return {"count": qs.count(), "page": filters.page, "results": [
        {"id": j.pk, "partnership_id": j.partnership_id, "citizen_id": j.citizen_id,
         "first_name": j.citizen.first_name, "stage": j.stage, "stage_since": j.stage_since,
         "days_in_stage": j.days_in_stage(), "bridge_builder_id": j.bridge_builder_id} for j in rows]}


@router.get("/journeys/{journey_id}/proposals", response={200: list[BridgingProposalOut], **ERRORS},
            summary="What was proposed to the citizen and what they chose")
def journey_proposals(request, journey_id: int):
    try:
        journey = permissions.get_scoped_or_404(Journey.objects.all(), request.user, pk=journey_id)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not permissions.has_role(request.user, journey.partnership_id, CASE_ROLES):
        raise HttpError(403, "Only facilitators and bridge-builders of the partnership may do this")
    record(request, "journey.view", journey, detail="api proposals")
    return [{"id": p.pk, "activity_id": p.activity_id, "rank": p.rank, "score": p.score,
             "reasons": list(p.reasons or []), "status": p.status, "proposed_at": p.proposed_at,
             "chosen_at": p.chosen_at} for p in journey.proposals.all()]
