"""Finding activities: free text (Danish), filters and distance, on PostgreSQL and SQLite alike.

``SearchForm`` validates the GET parameters (the same names in the public and the staff directory and the API):
q, postcode (a postcode or an address with one), distance (km), category, target_group, day ("weekdays",
"weekend" or 0–6 = Monday–Sunday), time (morning/afternoon/evening), free, access (wheelchair, hearing_loop,
quiet_room, low_stimulus, accessible_toilet, parking, public_transport; repeatable), host, companion, inclusion,
open (has open places), age, sort (relevance/distance/title).

``run_search(data)`` → ``SearchResult`` with the queryset (annotated ``dist2`` when a place is given, ``rank``
when a text query is given) and the origin place.

Distance: a bounding-box prefilter on the indexed latitude/longitude, then an exact-enough squared planar distance
(equirectangular, error < 0.5 % within Denmark) computed in the database for filtering and sorting; the page shows
the haversine distance of each result.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from . import geo, textsearch
from .models import Activity, Category, TargetGroup

ACCESS_FIELDS = [
    ("wheelchair", _("Wheelchair access")),
    ("hearing_loop", _("Hearing loop")),
    ("quiet_room", _("Quiet room")),
    ("low_stimulus", _("Low-stimulus setting")),
    ("accessible_toilet", _("Accessible toilet")),
    ("parking", _("Parking")),
    ("public_transport", _("Near public transport")),
]
DISTANCES = [("", _("Any distance")), ("1", "1 km"), ("2", "2 km"), ("5", "5 km"), ("10", "10 km"),
             ("25", "25 km"), ("50", "50 km")]
DAYS = [("", _("Any day")), ("weekdays", _("Weekdays (Mon–Fri)")), ("weekend", _("Weekend")),
        ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")),
        ("4", _("Friday")), ("5", _("Saturday")), ("6", _("Sunday"))]
TIMES = [("", _("Any time")), ("morning", _("Morning (before 12)")), ("afternoon", _("Afternoon (12–17)")),
         ("evening", _("Evening (from 17)"))]
SORTS = [("", _("Best match")), ("distance", _("Nearest first")), ("title", _("Title A–Å"))]
DAY_MASKS = {"weekdays": 0b0011111, "weekend": 0b1100000, **{str(d): 1 << d for d in range(7)}}
TIME_MASKS = {"morning": 1, "afternoon": 2, "evening": 4}
KM_PER_DEG_LAT = 111.195


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. football, choir, café")}))
    postcode = forms.CharField(label=_("Near postcode or address"), required=False, max_length=200,
                               widget=forms.TextInput(attrs={"placeholder": _("e.g. 8000 or Viby J"),
                                                             "autocomplete": "postal-code"}))
    distance = forms.ChoiceField(label=_("Distance"), choices=DISTANCES, required=False)
    category = forms.ModelMultipleChoiceField(label=_("Interest"), queryset=Category.objects.all(),
                                              to_field_name="slug", required=False,
                                              widget=forms.CheckboxSelectMultiple)
    target_group = forms.ModelChoiceField(label=_("Target group"), queryset=TargetGroup.objects.all(),
                                          to_field_name="slug", required=False, empty_label=_("Any"))
    day = forms.ChoiceField(label=_("Day"), choices=DAYS, required=False)
    time = forms.ChoiceField(label=_("Time of day"), choices=TIMES, required=False)
    free = forms.BooleanField(label=_("Free only"), required=False)
    access = forms.MultipleChoiceField(label=_("Accessibility"), choices=ACCESS_FIELDS, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    host = forms.BooleanField(label=_("A host receives newcomers"), required=False)
    companion = forms.BooleanField(label=_("Companion welcome"), required=False)
    inclusion = forms.ChoiceField(label=_("Kind of community"), required=False,
                                  choices=[("", _("Any"))] + list(Activity.Inclusion.choices))
    open = forms.BooleanField(label=_("Has open places"), required=False)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def clean_postcode(self):
        text = self.cleaned_data["postcode"].strip()
        if text and geo.locate(text) is None:
            raise forms.ValidationError(_("We do not know that place. Please enter a Danish postcode (e.g. 8000) "
                                          "or a town (e.g. Viby J)."))
        return text

    def active_filter_count(self) -> int:
        if not hasattr(self, "cleaned_data"):
            return 0
        return sum(1 for k, v in self.cleaned_data.items() if k not in {"q", "sort", "postcode"} and v)


@dataclass
class SearchResult:
    queryset: QuerySet
    origin: geo.Place | None
    radius_km: float | None
    sort: str


def _is_pg() -> bool:
    return connection.vendor == "postgresql"


def text_filter(qs: QuerySet, q: str) -> QuerySet:
    """Danish free text: tsvector on PostgreSQL, stemmed substring search elsewhere. Annotates ``rank``."""
    if _is_pg():
        tsq = textsearch.tsquery(q)
        if not tsq:
            return qs.annotate(rank=Value(0.0, output_field=FloatField()))
        return qs.extra(where=["directory_activity.search_vector @@ to_tsquery('danish', %s)"], params=[tsq]) \
            .annotate(rank=RawSQL("ts_rank(directory_activity.search_vector, to_tsquery('danish', %s))", [tsq],
                                  output_field=FloatField()))
    terms = textsearch.query_terms(q)
    if not terms:
        return qs.annotate(rank=Value(0.0, output_field=FloatField()))
    for group in terms:
        any_of = Q()
        for term in group:
            any_of |= Q(search_text__contains=term)
        qs = qs.filter(any_of)
    title_hits = [When(title__icontains=group[0], then=Value(1)) for group in terms]
    return qs.annotate(rank=Case(*title_hits, default=Value(0), output_field=IntegerField()) * 1.0)


def distance_filter(qs: QuerySet, place: geo.Place, km: float | None) -> QuerySet:
    """Annotate ``dist2`` (squared km) from the place; keep only those within ``km`` when given."""
    lat0, lon0 = place.latitude, place.longitude
    k_lon = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
    qs = qs.filter(latitude__isnull=False, longitude__isnull=False)
    if km:
        qs = qs.within_box(lat0, lon0, km)
    dlat = (F("latitude") - Value(lat0)) * Value(KM_PER_DEG_LAT)
    dlon = (F("longitude") - Value(lon0)) * Value(k_lon)
    qs = qs.annotate(dist2=dlat * dlat + dlon * dlon)
    if km:
        qs = qs.filter(dist2__lte=km * km)
    return qs


def apply_filters(qs: QuerySet, data: dict) -> QuerySet:
    if data.get("category"):
        through = Activity.categories.through
        qs = qs.filter(pk__in=through.objects.filter(category__in=list(data["category"])).values("activity_id"))
    if data.get("target_group"):
        through = Activity.target_groups.through
        qs = qs.filter(pk__in=through.objects.filter(targetgroup=data["target_group"]).values("activity_id"))
    if data.get("day"):
        qs = qs.annotate(_day=F("weekday_mask").bitand(DAY_MASKS[data["day"]])).filter(_day__gt=0)
    if data.get("time"):
        qs = qs.annotate(_time=F("daypart_mask").bitand(TIME_MASKS[data["time"]])).filter(_time__gt=0)
    if data.get("free"):
        qs = qs.filter(price_type=Activity.PriceType.FREE)
    for field in data.get("access") or []:
        if field in dict(ACCESS_FIELDS):
            qs = qs.filter(**{field: True})
    if data.get("host"):
        qs = qs.filter(has_host=True)
    if data.get("companion"):
        qs = qs.filter(companion_welcome=True)
    if data.get("inclusion"):
        qs = qs.filter(inclusion=data["inclusion"])
    if data.get("open"):
        qs = qs.filter(open_places__gt=0)
    if data.get("age") is not None:
        age = data["age"]
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age), Q(max_age__isnull=True) | Q(max_age__gte=age))
    return qs


def run_search(data: dict, base: QuerySet | None = None) -> SearchResult:
    """Search published activities (or ``base``) with cleaned SearchForm data."""
    qs = Activity.objects.published() if base is None else base
    q = (data.get("q") or "").strip()
    if q:
        qs = text_filter(qs, q)
    place = geo.locate(data["postcode"]) if data.get("postcode") else None
    km = float(data["distance"]) if data.get("distance") else None
    if place:
        qs = distance_filter(qs, place, km)
    qs = apply_filters(qs, data)
    sort = data.get("sort") or ""
    if sort == "distance" and not place:
        sort = ""
    if sort == "title":
        qs = qs.order_by("title", "pk")
    elif sort == "distance":
        qs = qs.order_by("dist2", "pk")
    elif q:
        qs = qs.order_by("-rank", *(["dist2"] if place else []), "pk")
        sort = "relevance"
    elif place:
        qs = qs.order_by("dist2", "pk")
        sort = "distance"
    else:
        qs = qs.order_by("title", "pk")
        sort = "title"
    return SearchResult(qs, place, km, sort)


MAX_PAGE = 100_000  # as the API's page parameter allows


def page_of_ids(result: SearchResult, number, per_page: int, clamp: bool = True) -> Page:
    """One page of result ids and the total count.

    Ranked and distance-sorted results must visit every match to sort them anyway, so the count rides along in the
    same query (``COUNT(*) OVER ()``) instead of a second pass over all matches (for a common word or a dense
    10 km circle the count was half the database time). Title order can be read from an index and stop after one
    page, so there a separate (index-only) count is cheaper. ``number`` comes from the request; a bad or too
    high number shows the last page when ``clamp`` (the screens) or an empty page (the API); numbers past
    MAX_PAGE are read as MAX_PAGE (page=99999999999999999999 made an OFFSET no database accepts: a server error)."""
    queryset = result.queryset
    try:
        number = min(max(1, int(number)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    single_pass = result.sort in {"relevance", "distance"}

    def fetch(n):
        offset = (n - 1) * per_page
        if single_pass:
            return list(queryset.annotate(_total=Window(Count("pk")))
                        .values_list("pk", "_total")[offset:offset + per_page])
        return [(pk, None) for pk in queryset.values_list("pk", flat=True)[offset:offset + per_page]]

    rows = fetch(number)
    total = rows[0][1] if rows and single_pass else queryset.count()
    if not rows and total and clamp:
        number = -(-total // per_page)
        rows = fetch(number)
    paginator = Paginator([], per_page)
    paginator.count = total  # a cached_property on Paginator: set from the window count instead of a COUNT query
    return Page([pk for pk, _ in rows], number, paginator)
