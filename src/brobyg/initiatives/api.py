"""JSON API for ideas and success stories (session auth; same permission rules as the screens)."""
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.models import Partnership

from . import services
from .models import Idea, IdeaStatus, Story

router = Router(tags=["initiatives"], auth=django_auth)


class ErrorOut(Schema):
    detail: str


class IdeaOut(Schema):
    id: int
    partnership_id: int
    title: str
    description: str
    initiator_name: str
    status: str
    source: str
    needs_staff: bool
    needs_premises: bool
    needs_money: bool
    needs_other: str
    initiator_expects: str
    partnership_expects: str
    explanation: str
    received: dt.datetime
    plan_links: list[str]


class IdeaIn(Schema):
    partnership_id: int
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=10_000)
    initiator_name: str = Field(..., min_length=1, max_length=200)
    initiator_contact: str = Field("", max_length=200)
    contact_consent: bool = False
    needs_staff: bool = False
    needs_premises: bool = False
    needs_money: bool = False
    needs_other: str = Field("", max_length=300)
    initiator_expects: str = Field("", max_length=10_000)
    partnership_expects: str = Field("", max_length=10_000)


class StatusIn(Schema):
    status: IdeaStatus
    explanation: str = Field("", max_length=10_000)


class IdeaFilter(Schema):
    partnership_id: int | None = None
    status: IdeaStatus | None = None


class StoryOut(Schema):
    id: int
    partnership_id: int
    title: str
    date: dt.date
    text: str
    change: str
    people: str
    sharing: str
    has_photo: bool


class StoryIn(Schema):
    partnership_id: int
    title: str = Field(..., min_length=1, max_length=200)
    date: dt.date | None = None
    text: str = Field(..., min_length=1, max_length=10_000)
    change: str = Field("", max_length=10_000)
    people: str = Field("", max_length=300)
    people_consent: bool = False
    sharing: Story.Sharing = Story.Sharing.STAFF
    share_consent: bool = False


class StoryFilter(Schema):
    partnership_id: int | None = None
    q: str = Field("", max_length=100)


def _idea_out(idea: Idea) -> dict:
    return {**{f: getattr(idea, f) for f in IdeaOut.model_fields if f != "plan_links"},
            "plan_links": [link.name for link in idea.plan_links.all()]}


def _story_out(story: Story) -> dict:
    return {**{f: getattr(story, f) for f in StoryOut.model_fields if f != "has_photo"},
            "has_photo": bool(story.photo)}


def _partnership(request, partnership_id, roles):
    try:
        partnership = permissions.get_scoped_or_404(Partnership.objects.all(), request.user, field="pk",
                                                    pk=partnership_id)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not permissions.has_role(request.user, partnership, roles):
        raise HttpError(403, "Your role does not allow this")
    return partnership


def _idea(request, idea_id):
    try:
        idea = permissions.get_scoped_or_404(Idea.objects.select_related("partnership"), request.user, pk=idea_id)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not permissions.has_role(request.user, idea.partnership, services.IDEA_ROLES):
        raise HttpError(403, "Your role does not allow this")
    return idea


@router.get("/ideas", response={200: list[IdeaOut], 403: ErrorOut, 404: ErrorOut},
            summary="Ideas of the partnerships where you work with ideas")
def list_ideas(request, filters: Query[IdeaFilter]):
    if filters.partnership_id is not None:
        _partnership(request, filters.partnership_id, services.IDEA_ROLES)
        qs = Idea.objects.filter(partnership_id=filters.partnership_id)
    else:
        if not permissions.has_role(request.user, None, services.IDEA_ROLES):
            raise HttpError(403, "Your role does not allow this")
        qs = permissions.scope(Idea.objects.all(), request.user, services.IDEA_ROLES)
    if filters.status:
        qs = qs.filter(status=filters.status)
    record(request, "idea.list", None, partnership=filters.partnership_id, detail="api")
    return [_idea_out(i) for i in qs.prefetch_related("plan_links")[:500]]


@router.get("/ideas/{idea_id}", response={200: IdeaOut, 403: ErrorOut, 404: ErrorOut}, summary="One idea")
def get_idea(request, idea_id: int):
    idea = _idea(request, idea_id)
    record(request, "idea.view", idea, detail="api")
    return _idea_out(idea)


@router.post("/ideas", response={200: IdeaOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Enter an idea (the staff route)")
def create_idea(request, payload: IdeaIn):
    partnership = _partnership(request, payload.partnership_id, services.IDEA_ROLES)
    data = payload.dict(exclude={"partnership_id"})
    if data["initiator_contact"] and not data["contact_consent"]:
        raise HttpError(400, "Contact details may only be stored with the initiator's consent")
    with transaction.atomic():
        idea = Idea.objects.create(partnership=partnership, source=Idea.Source.STAFF, created_by=request.user,
                                   responsible=request.user, **data)
        record(request, "idea.create", idea, partnership=partnership, detail="api")
    return _idea_out(idea)


@router.post("/ideas/{idea_id}/status", response={200: IdeaOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Change an idea's status (declining needs a kind explanation)")
def set_idea_status(request, idea_id: int, payload: StatusIn):
    idea = _idea(request, idea_id)
    try:
        services.set_status(request, idea, payload.status, payload.explanation)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from None
    return _idea_out(idea)


@router.get("/stories", response={200: list[StoryOut], 403: ErrorOut, 404: ErrorOut},
            summary="Success stories you may read (staff: the partnership's; volunteers: their own)")
def list_stories(request, filters: Query[StoryFilter]):
    if filters.partnership_id is not None:
        partnerships = [_partnership(request, filters.partnership_id, services.STORY_WRITE_ROLES)]
    else:
        if not permissions.has_role(request.user, None, services.STORY_WRITE_ROLES):
            raise HttpError(403, "Your role does not allow this")
        ids = permissions.partnership_ids(request.user, services.STORY_WRITE_ROLES)
        partnerships = Partnership.objects.all() if permissions.is_site_admin(request.user) else \
            Partnership.objects.filter(pk__in=ids)
    out = []
    for partnership in partnerships:
        qs = services.search_stories(services.visible_stories(request.user, partnership), filters.q)
        out.extend(_story_out(s) for s in qs[:500])
    record(request, "story.list", None, partnership=filters.partnership_id, detail="api")
    return out


@router.get("/stories/{story_id}", response={200: StoryOut, 403: ErrorOut, 404: ErrorOut}, summary="One story")
def get_story(request, story_id: int):
    try:
        story = permissions.get_scoped_or_404(Story.objects.select_related("partnership"), request.user,
                                              pk=story_id)
    except Http404:
        raise HttpError(404, "Not found") from None
    if not services.visible_stories(request.user, story.partnership).filter(pk=story.pk).exists():
        raise HttpError(403, "Your role does not allow this")
    record(request, "story.view", story, detail="api")
    return _story_out(story)


@router.post("/stories", response={200: StoryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
             summary="Record a success story (without photo; use the screen to add one)")
def create_story(request, payload: StoryIn):
    partnership = _partnership(request, payload.partnership_id, services.STORY_WRITE_ROLES)
    data = payload.dict(exclude={"partnership_id"})
    if data["people"] and not data["people_consent"]:
        raise HttpError(400, "Name people only when they have agreed to be in the story")
    if data["sharing"] == Story.Sharing.REPORTS and not data["share_consent"]:
        raise HttpError(400, "The story can be shared only when the people in it have agreed")
    if data["date"] is None:
        data.pop("date")
    with transaction.atomic():
        story = Story.objects.create(partnership=partnership, author=request.user, **data)
        record(request, "story.create", story, partnership=partnership, detail="api")
    return _story_out(story)
