"""Volunteers API: the coordinator's list, a volunteer, explained suggestions and (refused) assignments."""
from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status as NinjaStatus
from ninja.errors import HttpError
from ninja.security import django_auth

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.api import check_member
from brobyg.partnerships.models import Role

from . import services
from .models import Status, Task, VolunteerProfile

router = Router(tags=["volunteers"], auth=django_auth)
STAFF = (Role.FACILITATOR, Role.BRIDGE_BUILDER)


class VolunteerErrorOut(Schema):
    detail: str


class VolunteerRefusalOut(Schema):
    detail: str
    reasons: list[str]


class VolunteerOut(Schema):
    id: int
    partnership_id: int
    first_name: str
    last_name: str
    postcode: str
    city: str
    status: str
    kind: str
    commitment: str
    channel: str
    wants_companion: bool
    wants_host: bool
    wants_activity: bool
    wants_other: bool
    languages: str
    last_follow_up: date | None


class VolunteerDetailOut(VolunteerOut):
    email: str
    phone: str
    interests: str
    skills: str
    professional_skills: str
    travel_radius_km: int
    availability: list[str]
    availability_uneven: bool
    max_companion_load: int
    max_tasks: int
    consent_given: bool


class VolunteerPage(Schema):
    count: int
    page: int
    results: list[VolunteerOut]


class VolunteerSuggestionOut(Schema):
    volunteer_id: int
    name: str
    score: int
    reasons: list[str]


class VolunteerTaskSuggestionOut(Schema):
    task_id: int
    title: str
    score: int
    reasons: list[str]


class VolunteerAssignIn(Schema):
    volunteer_id: int = Field(..., ge=1, le=2**62)


class VolunteerAssignmentOut(Schema):
    id: int
    task_id: int
    volunteer_id: int
    starts: date


class VolunteerListFilters(Schema):
    partnership_id: int = Field(..., ge=1)
    q: str = Field("", max_length=100)
    status: str = Field("", max_length=10)
    role: str = Field("", max_length=10)
    page: int = Field(1, ge=1, le=100000)


def _out(p: VolunteerProfile) -> dict:
    return {f: getattr(p, f) for f in VolunteerOut.model_fields}


def _profile(request, pk) -> VolunteerProfile:
    try:
        profile = permissions.get_scoped_or_404(VolunteerProfile.objects.all(), request.user, pk=pk)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not permissions.has_role(request.user, profile.partnership_id, STAFF):
        raise HttpError(403, "Only facilitators and bridge-builders of the partnership may do this")
    return profile


def _task(request, pk) -> Task:
    try:
        task = permissions.get_scoped_or_404(Task.objects.all(), request.user, pk=pk)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not permissions.has_role(request.user, task.partnership_id, STAFF):
        raise HttpError(403, "Only facilitators and bridge-builders of the partnership may do this")
    return task


def _volunteer_page(request, filters: VolunteerListFilters) -> dict:
    from .views import filtered_volunteers

    pid = filters.partnership_id
    check_member(request, pid, STAFF, "Only facilitators and bridge-builders of the partnership may list volunteers")
    data = {k: v for k, v in {"q": filters.q, "status": filters.status, "role": filters.role}.items() if v}
    _form, qs = filtered_volunteers(pid, data)
    qs = qs.order_by("first_name", "last_name", "pk")
    start = (filters.page - 1) * 50
    record(request, "volunteer.list", None, partnership=pid, detail="api")
    return {"count": qs.count(), "page": filters.page, "results": [_out(p) for p in qs[start:start + 50]]}


@router.get("/volunteers", response={200: VolunteerPage, 400: VolunteerErrorOut, 403: VolunteerErrorOut,
                                     404: VolunteerErrorOut},
            summary="Volunteers of a partnership (filtered, 50 per page; a text search goes by POST …/search)")
def list_volunteers(request, filters: Query[VolunteerListFilters]):
    if filters.q:  # names, e-mails and phone numbers do not belong in URLs (access logs)
        return NinjaStatus(400, {"detail": "Send a text search with POST /api/v1/volunteers/volunteers/search "
                                           "(search terms must not be put in URLs)"})
    return _volunteer_page(request, filters)


@router.post("/volunteers/search", response={200: VolunteerPage, 403: VolunteerErrorOut, 404: VolunteerErrorOut},
             summary="Volunteers of a partnership found by name, e-mail or phone (the terms in the body)")
def search_volunteers(request, filters: VolunteerListFilters):
    return _volunteer_page(request, filters)


@router.get("/volunteers/{volunteer_id}", response={200: VolunteerDetailOut, 403: VolunteerErrorOut, 404: VolunteerErrorOut},
            summary="One volunteer")
def get_volunteer(request, volunteer_id: int):
    p = _profile(request, volunteer_id)
    record(request, "volunteer.view", p, detail="api")
    out = _out(p)
    out.update({f: getattr(p, f) for f in ("email", "phone", "interests", "skills", "professional_skills",
                                          "travel_radius_km", "availability_uneven", "max_companion_load",
                                          "max_tasks", "consent_given")})
    out["availability"] = [f"{d}-{part}" for d, part in p.slots]
    return out


@router.get("/volunteers/{volunteer_id}/task-suggestions",
            response={200: list[VolunteerTaskSuggestionOut], 403: VolunteerErrorOut, 404: VolunteerErrorOut},
            summary="Open tasks that fit a volunteer, ranked and explained")
def task_suggestions(request, volunteer_id: int):
    p = _profile(request, volunteer_id)
    return [{"task_id": s.profile.pk, "title": s.profile.title, "score": s.score, "reasons": [str(r) for r in
                                                                                              s.reasons]}
            for s in services.suggest_tasks(p)]


@router.get("/tasks/{task_id}/suggestions", response={200: list[VolunteerSuggestionOut], 403: VolunteerErrorOut, 404: VolunteerErrorOut},
            summary="Volunteers who might fit a task, ranked and explained")
def volunteer_suggestions(request, task_id: int):
    task = _task(request, task_id)
    record(request, "volunteer.task.suggest", task, detail="api")
    return [{"volunteer_id": s.profile.pk, "name": s.profile.name, "score": s.score,
             "reasons": [str(r) for r in s.reasons]} for s in services.suggest_volunteers(task)]


@router.post("/tasks/{task_id}/assignments",
             response={200: VolunteerAssignmentOut, 403: VolunteerErrorOut, 404: VolunteerErrorOut, 409: VolunteerRefusalOut},
             summary="Give a task to a volunteer (refused with reasons when requirements are not met)")
def assign(request, task_id: int, payload: Query[VolunteerAssignIn]):
    task = _task(request, task_id)
    profile = _profile(request, payload.volunteer_id)
    if profile.partnership_id != task.partnership_id:
        raise HttpError(404, "Not found")
    try:
        a = services.assign_task(profile, task, user=request.user)
    except services.RequirementsNotMet as exc:
        record(request, "volunteer.task.refused", task, detail=f"volunteer={profile.pk} api")
        return NinjaStatus(409, {"detail": "The volunteer cannot take the task yet",
                                 "reasons": [str(r) for r in exc.reasons]})
    record(request, "volunteer.task.assign", task, detail=f"volunteer={profile.pk} api")
    return {"id": a.pk, "task_id": task.pk, "volunteer_id": profile.pk, "starts": a.starts}


class VolunteerMeOut(Schema):
    id: int
    partnership_id: int
    first_name: str
    status: str
    tasks: list[str]


@router.get("/me", response=list[VolunteerMeOut], summary="My volunteer profiles and tasks")
def me(request):
    out = []
    for p in VolunteerProfile.objects.filter(user=request.user):
        out.append({"id": p.pk, "partnership_id": p.partnership_id, "first_name": p.first_name, "status": p.status,
                    "tasks": [a.task.title for a in p.task_assignments.filter(active=True).select_related("task")]})
    return out


__all__ = ["router", "Status"]
