"""Explainable matching of directory activities to a citizen's wishes (000 §7.1.3: local, room for them, something
they want to do; §7.2–7.4 support; §7.6 barriers).

The score is a plain sum of named components, so a bridge-builder can read *why* an activity is suggested:

=============  ===  ====================================================================================
component      max  rule
=============  ===  ====================================================================================
interest        25  share of the citizen's interest words found in the activity (title, text, categories)
distance        20  inside the travel radius: 20 at the door, falling to 8 at the radius; beyond it 0
schedule        15  meets on a day that suits (10) at a time of day that suits (+5); unknown times 5
places          10  open places stated 10; not stated 5 (full = excluded)
price           10  free or within what they can pay 10; a fee with money as a barrier 3; above their limit 0
access           5  step-free / quiet setting when needed; no needs 5 (step-free needed but absent = excluded)
host             5  a host receives newcomers 5; none: 0 if the citizen asked for one, else 3
companion        5  companions welcome and one is free nearby 5; welcome but none free 2; not welcome 0 if
                    the citizen asked for a companion, else 3
community        5  ordinary / target-group as wished (or either) 5; the other kind 1
=============  ===  ====================================================================================

Hard constraints exclude: not published (draft, paused, ended), full (0 open places), at its balance (no room for
another newcomer who needs support, 002 — see directory.balance), step-free access needed but
not available, outside the age limits. Everything else only lowers the score.

Scale: candidates are pre-filtered in the database — published, not full, accessibility, age, and a bounding box
around the citizen of 1.5 × the travel radius — and at most ``MAX_CANDIDATES`` nearest are scored in Python. The
fast path computes the numbers only; reasons are written for the top few (``explain=True``).
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Abs
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobyg.directory import geo
from brobyg.directory.balance import room_from_slack
from brobyg.directory.models import Activity

from brobyg.directory.textsearch import stem, words

from .models import Barrier, CommunityKind, Support

MAX_CANDIDATES = 1500
FEE = Activity.PriceType.FEE
BOX_FACTOR = 1.5
WEIGHTS = {"interest": 25, "distance": 20, "schedule": 15, "places": 10, "price": 10, "access": 5, "host": 5,
           "companion": 5, "community": 5}
BEYOND_MAX = 100 - WEIGHTS["distance"]  # the most an activity beyond the travel radius can score
PARTS = {"morning": 1, "afternoon": 2, "evening": 4}
FIELDS = ("id", "title", "latitude", "longitude", "search_text", "weekday_mask", "daypart_mask", "open_places",
          "price_type", "price_amount", "payment_method", "wheelchair", "quiet_room", "low_stimulus",
          "accessible_toilet", "has_host", "companion_welcome", "inclusion", "financial_support", "min_age",
          "max_age", "balance_slack")


@dataclass
class Wishes:
    """What matching reads from the citizen (built by :func:`wishes_for`, or by hand in tests)."""

    lat: float | None = None
    lon: float | None = None
    travel_km: int = 5
    terms: list[str] = field(default_factory=list)  # stemmed interest words
    words: dict = field(default_factory=dict)  # stem -> the citizen's own word (for the reasons)
    day_mask: int = 0  # bit d = weekday d suits; 0 = any day
    part_mask: int = 0  # 1 morning, 2 afternoon, 4 evening; 0 = any time
    community_kind: str = CommunityKind.EITHER
    max_price: int | None = None
    economy: bool = False
    step_free: bool = False
    quiet: bool = False  # feeling unsafe among new people: a quiet, low-stimulus setting helps
    wants_host: bool = False
    wants_companion: bool = False
    companion_available: bool = False
    age: int | None = None
    partnership_id: int | None = None


@dataclass
class Component:
    key: str
    points: int
    max: int
    reason: str


@dataclass
class Match:
    activity_id: int
    title: str
    score: int
    distance_km: float | None
    components: list[Component] = field(default_factory=list)
    activity: object = None

    @property
    def reasons(self) -> list[str]:
        return [c.reason for c in self.components if c.reason]


def interest_terms(text: str) -> dict[str, str]:
    """Stemmed interest words → the word the citizen used ("gåture" → "gåtur": "gåture")."""
    out: dict[str, str] = {}
    for word in words(text):
        if len(word) >= 3 and len(out) < 12:
            out.setdefault(stem(word), word)
    return out


def wishes_for(citizen, companion_available: bool | None = None) -> Wishes:
    place = geo.lookup_postcode(citizen.postcode) if citizen.postcode else None
    barriers = set(citizen.barrier_list())
    support = set(citizen.support_list())
    days = citizen.day_list()
    part = PARTS.get(citizen.time_of_day, 0)
    terms = interest_terms(citizen.interests)
    w = Wishes(
        lat=place.latitude if place else None, lon=place.longitude if place else None,
        travel_km=max(1, citizen.travel_km or 1), terms=list(terms), words=terms,
        day_mask=sum(1 << d for d in set(days)), part_mask=part, community_kind=citizen.community_kind,
        max_price=citizen.max_price, economy=Barrier.ECONOMY in barriers, step_free=citizen.needs_step_free,
        quiet=Barrier.MENTAL in barriers, wants_host=Support.HOST in support,
        wants_companion=Support.COMPANION in support, age=citizen.age, partnership_id=citizen.partnership_id,
    )
    if companion_available is None:
        companion_available = w.wants_companion and companion_free(citizen, w)
    w.companion_available = bool(companion_available)
    return w


def companion_free(citizen, w: Wishes) -> bool:
    from brobyg.volunteers.services import suggest_companions

    return bool(suggest_companions(citizen.partnership, w.lat, w.lon, citizen.language_list(), limit=1))


# --- The database pre-filter -----------------------------------------------------------------------------------

def open_activities():
    """The hard constraints every citizen shares: published, not full, and not at its balance — an activity where
    newcomers who need support already make up about a fifth of the participants is left alone so the community
    holds (002; the rule lives with the activity, directory.balance, and counts the journeys holding a place)."""
    from brobyg.directory.balance import at_balance, with_balance

    return with_balance(Activity.objects.filter(status=Activity.Status.PUBLISHED).filter(
        Q(open_places__isnull=True) | Q(open_places__gt=0)).exclude(at_balance()))


def candidates(w: Wishes, exclude_ids=(), factor: float = BOX_FACTOR):
    """Activities that pass the hard constraints near the citizen, nearest first, at most MAX_CANDIDATES."""
    qs = open_activities()
    if w.step_free:
        qs = qs.filter(wheelchair=True)
    if w.age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=w.age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=w.age))
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    if w.lat is None or w.lon is None:
        # No location: only the partnership's own activities, without a distance (the reason says so).
        return qs.filter(partnership_id=w.partnership_id).order_by("pk").values(*FIELDS)[:MAX_CANDIDATES]
    qs = qs.within_box(w.lat, w.lon, w.travel_km * factor)
    # Nearest first by a cheap planar distance (exact distance is computed in Python for the few kept).
    k = math.cos(math.radians(w.lat))
    qs = qs.annotate(near=Abs(F("latitude") - w.lat) + Abs(F("longitude") - w.lon) * k)
    qs = qs.order_by("near")
    return qs.values(*FIELDS)[:MAX_CANDIDATES]


# --- The score ------------------------------------------------------------------------------------------------

def _day_names(mask: int) -> str:
    names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    return ", ".join(n for d, n in enumerate(names) if mask & (1 << d))


def _part_names(mask: int) -> str:
    names = [(1, _("morning")), (2, _("afternoon")), (4, _("evening"))]
    return ", ".join(n for bit, n in names if mask & bit)


def _km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") if _decimal_comma() else f"{value:.1f}"


def _decimal_comma() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "da").startswith("da")


def score_row(w: Wishes, r: dict, reasons: list | None = None) -> int:
    """The score of one candidate row (a dict of FIELDS). With ``reasons`` (a list), one Component per part is
    appended. One function for the fast path and the explanation, so the reasons always add up to the score;
    the reason texts are only written when asked for."""
    ex = reasons is not None

    # interest
    terms = w.terms
    if terms:
        text = r["search_text"] or ""
        hits = [t for t in terms if t in text]
        interest = _interest_points(w, len(hits))
        if ex:
            reasons.append(Component("interest", interest, 25, (_("matches %(words)s") % {
                "words": ", ".join(w.words.get(t, t) for t in hits)}) if hits else _("none of their interests")))
    else:
        interest = 8
        if ex:
            reasons.append(Component("interest", 8, 25, _("no interests noted yet")))

    # distance
    lat = r["latitude"]
    if w.lat is not None and lat is not None:
        dist = geo.haversine_km(w.lat, w.lon, lat, r["longitude"])
        inside = dist <= w.travel_km
        distance = _distance_points(w, dist)
        if ex:
            reasons.append(Component("distance", distance, 20, (
                _("%(km)s km, inside %(r)d km") if inside else _("%(km)s km, beyond %(r)d km"))
                % {"km": _km(dist), "r": w.travel_km}))
    else:
        dist, distance = None, 7
        if ex:
            reasons.append(Component("distance", 7, 20, _("distance unknown")))
    r["_dist"] = dist

    # schedule
    days, parts = r["weekday_mask"] or 0, r["daypart_mask"] or 0
    if not days:
        schedule = 5
        if ex:
            reasons.append(Component("schedule", 5, 15, _("times not known")))
    else:
        day_ok = not w.day_mask or bool(days & w.day_mask)
        part_ok = not w.part_mask or not parts or bool(parts & w.part_mask)
        schedule = 15 if day_ok and part_ok else 10 if day_ok else 0
        if ex:
            if schedule == 15:
                text = _("%(days)s %(parts)s suits") % {
                    "days": _day_names(days & w.day_mask if w.day_mask else days),
                    "parts": _part_names(parts & w.part_mask if w.part_mask else parts)}
            elif schedule == 10:
                text = _("a day that suits, but in the %(parts)s") % {"parts": _part_names(parts)}
            else:
                text = _("meets %(days)s – not their days") % {"days": _day_names(days)}
            reasons.append(Component("schedule", schedule, 15, text))

    # open places (0 open places is excluded before)
    open_places = r["open_places"]
    places = 5 if open_places is None else 10
    if ex:
        text = _("room for newcomers not stated") if open_places is None else _("%(n)d open places") % {
            "n": open_places}
        room = room_from_slack(r.get("balance_slack"))
        if room is not None:  # the balance (002): how many more who need support, counted from the journeys
            text += " · " + ngettext("room for %(n)d more who needs support",
                                     "room for %(n)d more who need support", room) % {"n": room}
        reasons.append(Component("places", places, 10, text))

    # price
    if r["price_type"] != FEE or not r["price_amount"]:
        price, text = 10, "free"
    else:
        amount = int(r["price_amount"])
        if w.max_price is not None:
            price, text = (10, "within") if amount <= w.max_price else (0, "above")
        elif w.economy:
            price, text = 3, "barrier"
        else:
            price, text = 8, "fee"
    if ex:
        args = {"p": int(r["price_amount"] or 0), "m": w.max_price}
        text = {"free": lambda: _("free"), "within": lambda: _("%(p)d kr., within %(m)d kr.") % args,
                "above": lambda: _("%(p)d kr., above %(m)d kr.") % args,
                "barrier": lambda: (_("%(p)d kr. – money is a barrier; ask about support")
                                    if r["financial_support"] else _("%(p)d kr. – money is a barrier")) % args,
                "fee": lambda: _("%(p)d kr.") % args}[text]()
        reasons.append(Component("price", price, 10, text))

    # access (step-free needed but absent is excluded before)
    if w.step_free:
        access, text = 5, "step"
    elif w.quiet:
        access, text = (5, "quiet") if (r["quiet_room"] or r["low_stimulus"]) else (1, "noisy")
    else:
        access, text = 5, ""
    if ex:
        text = {"step": _("step-free access"), "quiet": _("quiet setting"),
                "noisy": _("no quiet setting mentioned"), "": ""}[text]
        reasons.append(Component("access", access, 5, text))

    # host
    has_host = r["has_host"]
    host = 5 if has_host else 0 if w.wants_host else 3
    if ex:
        reasons.append(Component("host", host, 5, _("a host receives newcomers") if has_host else _("no host yet")))

    # companion
    if r["companion_welcome"]:
        companion = 2 if w.wants_companion and not w.companion_available else 5
        text = ("none" if companion == 2 else "free") if w.wants_companion else ""
    else:
        companion, text = (0, "not") if w.wants_companion else (3, "")
    if ex:
        text = {"none": _("companion welcome, but none free nearby"), "free": _("companion welcome and one is free"),
                "not": _("companions not mentioned"), "": ""}[text]
        reasons.append(Component("companion", companion, 5, text))

    # community kind (000 §7.4.3)
    kind = r["inclusion"]
    if w.community_kind == "either":
        community, text = 5, ""
    elif kind == w.community_kind:
        community, text = 5, "as_" + kind
    else:
        community, text = 1, "not_" + w.community_kind
    if ex:
        text = {"": "", "as_ordinary": _("open to everybody, as wished"),
                "as_target_group": _("for people in a similar situation, as wished"),
                "not_target_group": _("open to everybody – they wished a target group"),
                "not_ordinary": _("for a target group – they wished an open one")}[text]
        reasons.append(Component("community", community, 5, text))
    return interest + distance + schedule + places + price + access + host + companion + community


def _distance_points(w: Wishes, dist: float) -> int:
    return round(20 * (1 - 0.6 * dist / w.travel_km)) if dist <= w.travel_km else 0


def _interest_points(w: Wishes, hits: int) -> int:
    return round(WEIGHTS["interest"] * hits / len(w.terms)) if w.terms else 8


def rank(w: Wishes, limit: int = 10, rows=None, exclude_ids=(), explain: bool = True) -> list[Match]:
    """The ``limit`` best activities for the wishes, best first, each with its components and reasons.

    Exact top-k with pruning: rows are visited by the number of interest words they contain, most first; a
    bucket is skipped once the k-th best score beats the most any row in it could reach (its interest points plus
    every other component at full marks)."""
    rows = list(candidates(w, exclude_ids)) if rows is None else rows
    terms = w.terms
    buckets: dict[int, list[dict]] = {}
    if terms:
        for r in rows:
            text = r["search_text"] or ""
            n = 0
            for t in terms:
                if t in text:
                    n += 1
            bucket = buckets.get(n)
            if bucket is None:
                buckets[n] = bucket = []
            bucket.append(r)
    else:
        buckets[0] = rows
    rest = 100 - WEIGHTS["interest"] - WEIGHTS["distance"]
    heap: list[tuple] = []
    located = w.lat is not None
    if located:
        # Planar distance for pruning only (within 0.5 % of the great-circle distance at these ranges; the
        # bound uses 0.99 × it, so a row is never skipped that could win).
        ky, kx = 111.19, 111.19 * math.cos(math.radians(w.lat))
        lat0, lon0, radius = w.lat, w.lon, w.travel_km
    for n in sorted(buckets, reverse=True):
        ceiling = _interest_points(w, n) + rest
        if len(heap) >= limit and heap[0][0] > ceiling + WEIGHTS["distance"]:
            break
        for r in buckets[n]:
            if located and len(heap) >= limit and r["latitude"] is not None:
                dy, dx = (r["latitude"] - lat0) * ky, (r["longitude"] - lon0) * kx
                d = 0.99 * math.sqrt(dx * dx + dy * dy)
                if ceiling + (round(20 * (1 - 0.6 * d / radius)) if d <= radius else 0) < heap[0][0]:
                    continue
            item = (score_row(w, r), -r["id"], r)
            if len(heap) < limit:
                heapq.heappush(heap, item)
            elif item[:2] > heap[0][:2]:
                heapq.heapreplace(heap, item)
    out = []
    for score, _neg, r in sorted(heap, key=lambda item: item[:2], reverse=True):
        components: list[Component] = []
        if explain:
            score = score_row(w, r, components)
        out.append(Match(r["id"], r["title"], score, r.get("_dist"), components))
    return out


def rank_near(w: Wishes, limit: int = 10, exclude_ids=(), explain: bool = True) -> list[Match]:
    """The single-citizen ranking: first the box of the travel radius itself; an activity beyond the radius
    scores at most ``BEYOND_MAX`` (no distance points), so the wider box is fetched only when the tenth best is
    not above that. The same result as ranking the wide box at once (up to the nearest-``MAX_CANDIDATES`` cap
    in very dense areas), with less to fetch in the common case."""
    if w.lat is None:
        return rank(w, limit, exclude_ids=exclude_ids, explain=explain)
    found = rank(w, limit, rows=list(candidates(w, exclude_ids, factor=1.0)), explain=explain)
    if len(found) >= limit and found[-1].score > BEYOND_MAX:
        return found
    return rank(w, limit, rows=list(candidates(w, exclude_ids)), explain=explain)


def suggest(citizen, limit: int = 10, companion_available: bool | None = None) -> list[Match]:
    """Ranked suggestions for a citizen, with the Activity objects attached for display."""
    w = wishes_for(citizen, companion_available)
    matches = rank_near(w, limit)
    activities = Activity.objects.in_bulk([m.activity_id for m in matches])
    for m in matches:
        m.activity = activities.get(m.activity_id)
    return matches


def _allowed(w: Wishes, r: dict) -> bool:
    """The per-citizen hard constraints (for pooled candidates; the single-citizen query applies them in SQL)."""
    if w.step_free and not r["wheelchair"]:
        return False
    if w.age is not None and ((r["min_age"] is not None and w.age < r["min_age"])
                              or (r["max_age"] is not None and w.age > r["max_age"])):
        return False
    return True


CELL = 0.05  # degrees; the batch's grid index


def rank_many(citizens, limit: int = 10, companion_available: bool = False,
              explain: bool = False) -> dict[int, list[Match]]:
    """Batch matching (benchmarks, evaluation): one query loads every activity that passes the shared hard
    constraints into a grid index; each citizen then takes the cells around them. Unlike the single-citizen
    path there is no nearest-``MAX_CANDIDATES`` cap, so in very dense areas the batch may find a better match.
    Reasons are written only with ``explain=True`` (the ranking is the same)."""
    grid: dict[tuple[int, int], list[dict]] = {}
    no_place: dict[int, list[dict]] = {}
    qs = open_activities().values(*FIELDS, "partnership_id")
    for r in qs.iterator(chunk_size=5000):
        if r["latitude"] is None:
            no_place.setdefault(r["partnership_id"], []).append(r)
        else:
            grid.setdefault((int(r["latitude"] // CELL), int(r["longitude"] // CELL)), []).append(r)
    limited = any(r["min_age"] is not None or r["max_age"] is not None
                  for cell in (*grid.values(), *no_place.values()) for r in cell)
    out = {}
    for citizen in citizens:
        w = wishes_for(citizen, companion_available=companion_available)
        if w.lat is None:
            rows = no_place.get(w.partnership_id, []) + [r for cell in grid.values() for r in cell
                                                           if r["partnership_id"] == w.partnership_id]
            if w.step_free or limited:
                rows = [r for r in rows if _allowed(w, r)]
            out[citizen.pk] = rank(w, limit, rows=rows, explain=explain)
            continue
        # First the box of the travel radius itself. Anything beyond the radius scores at most 80 (no distance
        # points), so the wider box is only needed when the tenth best is not above that.
        found = None
        for factor in (1.0, BOX_FACTOR):
            rows = _gather(grid, *geo.bounding_box(w.lat, w.lon, w.travel_km * factor))
            if w.step_free or limited:
                rows = [r for r in rows if _allowed(w, r)]
            found = rank(w, limit, rows=rows, explain=explain)
            if len(found) >= limit and found[-1].score > BEYOND_MAX:
                break
        out[citizen.pk] = found
    return out


def _gather(grid, lat_range, lon_range) -> list[dict]:
    (la0, la1), (lo0, lo1) = lat_range, lon_range
    i0, i1, j0, j1 = int(la0 // CELL), int(la1 // CELL), int(lo0 // CELL), int(lo1 // CELL)
    rows: list[dict] = []
    for i in range(i0, i1 + 1):
        for j in range(j0, j1 + 1):
            cell = grid.get((i, j))
            if not cell:
                continue
            if i0 < i < i1 and j0 < j < j1:
                rows.extend(cell)  # wholly inside the box
            else:
                rows.extend(r for r in cell if la0 <= r["latitude"] <= la1 and lo0 <= r["longitude"] <= lo1)
    return rows
