"""Directory API: public search and read of published activities; create/update for their editors."""
from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import ValidationError, create_model, field_validator
from pydantic_core import PydanticUndefined

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.models import Role

from . import geo
from .models import Activity, Category, Schedule, TargetGroup
from .schedule import next_occurrence
from .search import page_of_ids, run_search
from .services import can_edit, editable, may_own, owner_organisations, refresh_derived

router = Router(tags=["directory"])

TEXT = r"^[^\x00]*$"  # no NUL characters (PostgreSQL cannot store them)
EDIT_ROLES = (Role.FACILITATOR, Role.ASSOCIATION_CONTACT)


class DirectoryErrorOut(Schema):
    detail: str


class ScheduleOut(Schema):
    frequency: str
    weekday: int
    week_of_month: int | None
    start_time: str = Field(..., description="HH:MM, local time")
    end_time: str | None = Field(None, description="HH:MM, local time")


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    organisation: str
    organisation_id: int
    partnership_id: int | None
    categories: list[str]
    target_groups: list[str]
    inclusion: str
    min_age: int | None
    max_age: int | None
    languages: str
    address: str
    postcode: str
    city: str
    municipality: str
    latitude: float | None
    longitude: float | None
    distance_km: float | None
    next_date: str | None
    price_type: str
    price_amount: float | None
    price_note: str
    financial_support: str
    payment_method: str
    capacity: int | None
    open_places: int | None
    wheelchair: bool
    hearing_loop: bool
    quiet_room: bool
    low_stimulus: bool
    accessible_toilet: bool
    parking: bool
    public_transport: bool
    entrance: str
    meeting_place: str
    receiver: str
    what_to_bring: str
    has_host: bool
    companion_welcome: bool
    contact_name: str
    contact_email: str
    contact_phone: str
    status: str
    last_verified: str
    schedules: list[ScheduleOut]


class ActivityPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ActivityOut]


class SearchIn(Schema):
    q: str = Field("", max_length=200, pattern=TEXT)
    postcode: str = Field("", max_length=200, pattern=TEXT, description="A Danish postcode, an address with one, or a town (Viby J)")
    distance: int | None = Field(None, ge=1, le=500, description="km from the postcode")
    category: str = Field("", max_length=50, pattern=TEXT, description="category code, e.g. sport")
    day: Literal["", "weekdays", "weekend", "0", "1", "2", "3", "4", "5", "6"] = ""
    time: Literal["", "morning", "afternoon", "evening"] = ""
    free: bool = False
    wheelchair: bool = False
    host: bool = False
    companion: bool = False
    open: bool = False
    sort: Literal["", "distance", "title"] = ""
    page: int = Field(1, ge=1, le=10000)
    page_size: int = Field(20, ge=1, le=100)


class ActivityIdPath(Schema):
    activity_id: int = Field(..., ge=1, le=2**62)


class ScheduleIn(Schema):
    frequency: Literal["weekly", "biweekly", "monthly"] = "weekly"
    weekday: int = Field(..., ge=0, le=6)
    week_of_month: int | None = Field(None, ge=-1, le=4)
    start_time: time = Field(..., description="HH:MM, local time (Europe/Copenhagen), without an offset")
    end_time: time | None = Field(None, description="HH:MM, local time, after start_time")

    @field_validator("start_time", "end_time")
    @classmethod
    def local_time(cls, value):
        # A recurring time is a wall-clock time in Copenhagen; an offset would be wrong half the year (summer time).
        if value is not None and value.tzinfo is not None:
            raise ValueError("give the local time without a UTC offset, e.g. 18:00")
        return value


def _text(n: int, default: str = ""):
    return Field(default, max_length=n, pattern=TEXT)


class ActivityIn(Schema):
    organisation_id: int = Field(..., ge=1, le=2**62)
    partnership_id: int | None = Field(None, ge=1, le=2**62)
    title: str = Field(..., min_length=1, max_length=200, pattern=TEXT)
    description: str = _text(5000)
    categories: list[str] = Field(default_factory=list, max_length=20)
    target_groups: list[str] = Field(default_factory=list, max_length=20)
    inclusion: Literal["ordinary", "target_group"] = "ordinary"
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    languages: str = _text(100, "da")
    address: str = _text(200)
    postcode: str = Field("", pattern=r"^(\d{4})?$")
    price_type: Literal["free", "fee"] = "free"
    price_amount: Decimal | None = Field(None, ge=0, le=99999, decimal_places=2)
    price_note: str = _text(200)
    financial_support: str = _text(2000)
    payment_method: Literal["none", "cash", "mobilepay", "invoice", "card_online", "municipality", "other"] = "none"
    capacity: int | None = Field(None, ge=0, le=100000)
    open_places: int | None = Field(None, ge=0, le=100000)
    wheelchair: bool = False
    hearing_loop: bool = False
    quiet_room: bool = False
    low_stimulus: bool = False
    accessible_toilet: bool = False
    parking: bool = False
    public_transport: bool = False
    entrance: str = _text(300)
    meeting_place: str = _text(300)
    receiver: str = _text(300)
    what_to_bring: str = _text(300)
    has_host: bool = False
    host_name: str = _text(200)
    companion_welcome: bool = False
    contact_name: str = _text(200)
    contact_email: str = Field("", max_length=254, pattern=r"^([^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+)?$")
    contact_phone: str = _text(30)
    status: Literal["draft", "published", "paused", "ended"] = "draft"
    notes_for_referrers: str = _text(2000)
    schedules: list[ScheduleIn] = Field(default_factory=list, max_length=20)


def _variant(model, name: str, required: bool):
    """``model`` with every field required (PUT: a full replacement) or every field optional (PATCH)."""
    import copy

    fields = {}
    for key, info in model.model_fields.items():
        info = copy.copy(info)
        info.default, info.default_factory = (PydanticUndefined, None) if required else (None, None)
        fields[key] = (info.annotation if required else info.annotation | None, info)
    return create_model(name, __base__=Schema, **fields)


ActivityReplaceIn = _variant(ActivityIn, "ActivityReplaceIn", required=True)
ActivityPatchIn = _variant(ActivityIn, "ActivityPatchIn", required=False)


def _current(a: Activity) -> dict:
    """The activity as an ActivityIn body (PATCH changes only the fields it names)."""
    data = {f: getattr(a, f) for f in ActivityIn.model_fields if f not in ("categories", "target_groups",
                                                                          "schedules")}
    data["categories"] = [c.slug for c in a.categories.all()]
    data["target_groups"] = [g.slug for g in a.target_groups.all()]
    data["schedules"] = [{"frequency": s.frequency, "weekday": s.weekday, "week_of_month": s.week_of_month,
                          "start_time": s.start_time, "end_time": s.end_time} for s in a.schedules.all()]
    return data


def _out(a: Activity, origin=None) -> dict:
    occ = next_occurrence(a)
    return {
        **{f: getattr(a, f) for f in (
            "title", "description", "organisation_id", "partnership_id", "inclusion", "min_age", "max_age",
            "languages", "address", "postcode", "city", "municipality", "latitude", "longitude", "price_type",
            "price_note", "financial_support", "payment_method", "capacity", "open_places", "wheelchair",
            "hearing_loop", "quiet_room", "low_stimulus", "accessible_toilet", "parking", "public_transport",
            "entrance", "meeting_place", "receiver", "what_to_bring", "has_host", "companion_welcome",
            "contact_name", "contact_email", "contact_phone", "status")},
        "id": a.pk, "organisation": a.organisation.name,
        "categories": [c.slug for c in a.categories.all()],
        "target_groups": [g.slug for g in a.target_groups.all()],
        "price_amount": float(a.price_amount) if a.price_amount is not None else None,
        "distance_km": round(a.distance_km(origin.latitude, origin.longitude), 2)
        if origin and a.latitude is not None else None,
        "next_date": f"{occ.date.isoformat()}T{occ.start:%H:%M}" if occ else None,
        "last_verified": a.last_verified.isoformat(),
        "schedules": [{"frequency": s.frequency, "weekday": s.weekday, "week_of_month": s.week_of_month,
                       "start_time": f"{s.start_time:%H:%M}",
                       "end_time": f"{s.end_time:%H:%M}" if s.end_time else None} for s in a.schedules.all()],
    }


def _with_relations(qs):
    return qs.select_related("organisation").prefetch_related("categories", "target_groups", "schedules",
                                                              "one_off_dates", "cancellations")


@router.get("/activities", auth=None, response={200: ActivityPage, 400: DirectoryErrorOut},
            summary="Search published activities (public)")
def search_activities(request, filters: Query[SearchIn]):
    data = filters.dict()
    if data["postcode"] and geo.locate(data["postcode"]) is None:
        raise HttpError(400, "Unknown Danish postcode or town")
    category = None
    if data["category"]:
        category = Category.objects.filter(slug=data["category"]).first()
        if category is None:
            raise HttpError(400, "Unknown category")
    search = {"q": data["q"], "postcode": data["postcode"], "distance": str(data["distance"] or ""),
              "category": [category] if category else [], "day": data["day"], "time": data["time"],
              "free": data["free"], "access": ["wheelchair"] if data["wheelchair"] else [], "host": data["host"],
              "companion": data["companion"], "open": data["open"], "sort": data["sort"]}
    result = run_search(search)
    size, page = data["page_size"], data["page"]
    found = page_of_ids(result, page, size, clamp=False)
    count, ids = found.paginator.count, list(found.object_list)
    by_id = {a.pk: a for a in _with_relations(Activity.objects.filter(pk__in=ids))}
    return {"count": count, "page": page, "pages": max(1, -(-count // size)),
            "results": [_out(by_id[i], result.origin) for i in ids]}


@router.get("/activities/{activity_id}", auth=None, response={200: ActivityOut, 404: DirectoryErrorOut},
            summary="One activity (published ones are public; drafts only for their editors)")
def get_activity(request, path: Path[ActivityIdPath]):
    activity = _with_relations(Activity.objects).filter(pk=path.activity_id).first()
    if activity is None or not (activity.is_public() or can_edit(request.user, activity)):
        raise HttpError(404, "Not found")
    return _out(activity)


def _apply(activity: Activity, payload: ActivityIn, user) -> Activity:
    data = payload.dict()
    if not owner_organisations(user).filter(pk=data["organisation_id"]).exists():
        raise HttpError(403, "You may not publish activities for that organisation")
    if data["partnership_id"] and not (permissions.is_site_admin(user) or data["partnership_id"] in
                                       permissions.partnership_ids(user, EDIT_ROLES)):
        raise HttpError(403, "You are not a member of that partnership")
    # The activity as it will be saved must be one the user may edit: nobody moves an activity into a partnership
    # (or gives it to an organisation) they do not act for (issue 13).
    if not may_own(user, data["organisation_id"], data["partnership_id"]):
        raise HttpError(403, "You may not keep activities of that organisation in that partnership")
    if data["min_age"] is not None and data["max_age"] is not None and data["min_age"] > data["max_age"]:
        raise HttpError(400, "max_age is lower than min_age")
    if data["postcode"] and geo.lookup_postcode(data["postcode"]) is None:
        raise HttpError(400, "Unknown Danish postcode")
    # The same rules as the activity form (forms.ActivityForm.clean), so the API cannot store what the screen refuses.
    if data["capacity"] is not None and data["open_places"] is not None and data["open_places"] > data["capacity"]:
        raise HttpError(400, "open_places is higher than capacity")
    if data["price_type"] == "fee" and data["price_amount"] is None:
        raise HttpError(400, "price_amount is needed when price_type is fee")
    if any(s["end_time"] is not None and s["end_time"] <= s["start_time"] for s in data["schedules"]):
        raise HttpError(400, "A schedule's end_time must be after its start_time")
    if data["status"] == "published" and not data["postcode"] and not geo.from_address(data["address"]):
        raise HttpError(400, "A published activity needs a postcode")
    cats = list(Category.objects.filter(slug__in=data["categories"]))
    groups = list(TargetGroup.objects.filter(slug__in=data["target_groups"]))
    if len(cats) != len(set(data["categories"])) or len(groups) != len(set(data["target_groups"])):
        raise HttpError(400, "Unknown category or target group")
    schedules = data.pop("schedules")
    for key in ("categories", "target_groups"):
        data.pop(key)
    for key, value in data.items():
        setattr(activity, key, value)
    activity.latitude = activity.longitude = None
    activity.city = activity.municipality = ""
    activity.fill_place()
    activity.last_verified = timezone.localdate()
    activity.verify_reminded_at = None
    with transaction.atomic():
        activity.save()
        activity.categories.set(cats)
        activity.target_groups.set(groups)
        activity.schedules.all().delete()
        Schedule.objects.bulk_create([Schedule(activity=activity, **s) for s in schedules])
        refresh_derived(activity)
    return activity


@router.post("/activities", auth=django_auth,
             response={200: ActivityOut, 400: DirectoryErrorOut, 403: DirectoryErrorOut},
             summary="Create an activity (association contacts for their organisation, facilitators)")
def create_activity(request, payload: ActivityIn):
    if not permissions.has_role(request.user, None, EDIT_ROLES):
        raise HttpError(403, "Only association contacts and facilitators may create activities")
    activity = _apply(Activity(), payload, request.user)
    record(request, "activity.create", activity, partnership=activity.partnership, detail="api")
    return _out(_with_relations(Activity.objects).get(pk=activity.pk))


@router.put("/activities/{activity_id}", auth=django_auth,
            response={200: ActivityOut, 400: DirectoryErrorOut, 403: DirectoryErrorOut, 404: DirectoryErrorOut},
            summary="Replace an activity (its editors only; every field must be given — use PATCH to change some)")
def update_activity(request, path: Path[ActivityIdPath], payload: ActivityReplaceIn):
    activity = _editable_or_404(request, path.activity_id)
    activity = _apply(activity, ActivityIn.model_validate(payload.dict()), request.user)
    record(request, "activity.update", activity, partnership=activity.partnership, detail="api")
    return _out(_with_relations(Activity.objects).get(pk=activity.pk))


@router.patch("/activities/{activity_id}", auth=django_auth,
              response={200: ActivityOut, 400: DirectoryErrorOut, 403: DirectoryErrorOut, 404: DirectoryErrorOut},
              summary="Change some fields of an activity (its editors only; fields not given stay as they are)")
def patch_activity(request, path: Path[ActivityIdPath], payload: ActivityPatchIn):
    activity = _editable_or_404(request, path.activity_id)
    current = _current(_with_relations(Activity.objects).get(pk=activity.pk))
    try:
        merged = ActivityIn.model_validate({**current, **payload.dict(exclude_unset=True)})
    except ValidationError as exc:
        raise HttpError(400, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
    activity = _apply(activity, merged, request.user)
    record(request, "activity.update", activity, partnership=activity.partnership, detail="api patch")
    return _out(_with_relations(Activity.objects).get(pk=activity.pk))


def _editable_or_404(request, activity_id: int) -> Activity:
    if not permissions.has_role(request.user, None, EDIT_ROLES):
        raise HttpError(403, "Only association contacts and facilitators may change activities")
    activity = editable(request.user).filter(pk=activity_id).first()
    if activity is None:
        raise HttpError(404, "Not found")
    return activity


class HsdsPage(Schema):
    """A page in the HSDA (HSDS API) shape, so other systems and Brobyg's own import read it as they read any HSDA."""
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict]


class HsdsPageIn(Schema):
    page: int = Field(1, ge=1, le=100000)


class HsdsImportOut(Schema):
    created: int
    updated: int
    warnings: list[str]


HSDS_PAGE_SIZE = 100


@router.get("/hsds/services", auth=None, response=HsdsPage,
            summary="Published activities as HSDS 3.0 services (public, 100 per page, HSDA page shape)")
def hsds_services(request, filters: Query[HsdsPageIn]):
    from .hsds import service, with_relations

    qs = Activity.objects.published().order_by("pk")
    count = qs.count()
    page = filters.page
    pages = max(1, -(-count // HSDS_PAGE_SIZE))
    items = with_relations(qs)[(page - 1) * HSDS_PAGE_SIZE:page * HSDS_PAGE_SIZE]
    contents = [service(a) for a in items]
    return {"total_items": count, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


@router.get("/hsds/taxonomies", auth=None, response=list[dict],
            summary="Brobyg's HSDS taxonomies (inclusion details, interests, target groups)")
def hsds_taxonomies(request):
    from .hsds import taxonomies

    return taxonomies()


@router.get("/hsds/taxonomy_terms", auth=None, response=list[dict],
            summary="Every term of Brobyg's HSDS taxonomies, with Danish names and what each value means")
def hsds_taxonomy_terms(request):
    from .hsds import taxonomy_terms

    return taxonomy_terms()


@router.post("/hsds/import", auth=django_auth,
             response={200: HsdsImportOut, 400: DirectoryErrorOut, 403: DirectoryErrorOut},
             summary="Import HSDS 3.0 services in any shape (site administrators; validated first, all or nothing)")
def hsds_import(request, payload: list[dict] | dict):
    from .hsds import ImportFailed
    from .hsds_import import run
    from .hsds_read import services_in

    if not permissions.is_site_admin(request.user):
        raise HttpError(403, "Only site administrators may import")
    found = services_in(payload)
    if payload == []:
        return {"created": 0, "updated": 0, "warnings": []}  # an empty list: nothing to do
    if not found:
        raise HttpError(400, "Nothing was imported: the data holds no HSDS services")
    try:
        result = run(found, request.user)
    except ImportFailed as failed:
        raise HttpError(400, "Nothing was imported: " + "; ".join(failed.errors[:200])) from None
    record(request, "directory.hsds_import", None,
           detail=f"{result.counts['created']} new, {result.counts['updated']} updated")
    return {**result.counts, "warnings": result.warnings}
