"""Explainable matching of directory activities to a citizen's wishes (000 §7.1.3: local, room for them, something
they want to do; §7.2–7.4 support; §7.6 barriers). Issue 15: eligibility as rules, Danish interests, true reasons.

**Who may join is a rule, not a score** (applied in the database query): published, not full, not at its balance
(002, directory.balance: counted from the journeys that hold a place), step-free access when needed, inside the activity's age limits, the
activity's audience (women only / men only / families), a target-group activity only for a citizen who is open to
one of its groups (their own private choice in the conversation, 002), "only these days" when the citizen said
so, and the travel radius (beyond it: the separate "a little farther" list, :func:`farther`).

**The score** is a plain sum of named components, each ``round(weight × fraction)``, so the reasons add up to it.
The weights (``WEIGHTS``, summing to 100) were chosen by the evaluation set's score (``brobyg bench match-quality
--option tune=1``, tests/bridging/matching_cases), not by hand:

===========  ===========================================================================================
component    fraction
===========  ===========================================================================================
interest     per wish of the citizen: 1 when the word (or its stem, or a part of a compound) is in the
             activity's own words, ``RELATED`` through the interest vocabulary, else 0; the mix of the best
             and the mean (``INTEREST_BEST``). Stop words never count; the categories' hidden search words never
             count; no substrings inside other words.
distance     1 at the door falling to 0.4 at the radius (to 0.1 with transport as a barrier); unknown 0.35
schedule     a day and part of the day that suit 1; a day but another part 0.4; another day 0; unknown 0.35
role         volunteer role / taking part as wished 1; the other 0.3 (as_volunteer: taking part 0.6)
places       open places stated 1; not stated 0.5
price        free or within their means 1; a fee with money as a barrier: 0.8 with support, else 0.2
access       step-free / quiet / accessible when needed 1; else 0.2–0.5; no needs 1
host         a host 1; none: 0 if asked for, else 0.6
companion    welcome and one free 1; welcome, none free 0.4; not mentioned: 0 if asked for, else 0.6
language     a shared language 1; none: 0 with language as a barrier, else 0.3; unknown 1
community    as wished (ordinary / target group / either) 1, else 0.2; its reason says why they may join
===========  ===========================================================================================

Order: score, then distance, then the soonest weekday, then title (never the database id).
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.functions import Abs
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brobyg.directory import geo, taxonomy
from brobyg.directory.balance import room_from_slack
from brobyg.directory.models import Activity, TargetGroup
from brobyg.directory.textsearch import content_words, snowball

from .models import Barrier, CommunityKind, Gender, Support, split_list

MAX_CANDIDATES = 1500
FEE = Activity.PriceType.FEE
FARTHER_FACTOR = 2.0  # "a little farther": up to twice the travel radius
# Chosen by `brobyg bench match-quality --option tune=1` (coordinate search from 40/14/12/6/4/5/4/4/3/4/4, which
# scored nDCG@5 0.949; these score 0.959, hit@3 1.000 on the evaluation set).
WEIGHTS = {"interest": 62, "distance": 9, "schedule": 5, "role": 9, "places": 2, "price": 3, "access": 2,
           "host": 2, "companion": 2, "language": 2, "community": 2}
RELATED = 0.7  # a wish found through the interest vocabulary, not the citizen's own word
INTEREST_BEST = 0.5  # interest fraction = INTEREST_BEST × best wish + (1 − INTEREST_BEST) × mean of the wishes
PARTS = {"morning": 1, "afternoon": 2, "evening": 4}
FIELDS = ("id", "title", "latitude", "longitude", "interest_text", "weekday_mask", "daypart_mask", "open_places",
          "price_type", "price_amount", "payment_method", "wheelchair", "quiet_room", "low_stimulus",
          "accessible_toilet", "has_host", "companion_welcome", "inclusion", "financial_support", "min_age",
          "max_age", "audience", "volunteer_role", "target_group_mask", "languages", "public_transport",
          "balance_slack")
# Language names a bridge-builder types → the codes activities use.
LANGUAGE_CODES = {"dansk": "da", "engelsk": "en", "arabisk": "ar", "somali": "so", "somalisk": "so",
                  "tyrkisk": "tr", "ukrainsk": "uk", "tysk": "de", "grønlandsk": "kl", "farsi": "fa", "persisk": "fa",
                  "dari": "prs", "pashto": "ps", "tigrinya": "ti", "kurdisk": "ku", "polsk": "pl", "russisk": "ru",
                  "urdu": "ur", "bosnisk": "bs", "vietnamesisk": "vi", "spansk": "es", "fransk": "fr",
                  "rumænsk": "ro", "amharisk": "am", "svensk": "sv", "norsk": "no", "danish": "da", "english": "en",
                  "arabic": "ar"}


@dataclass
class Wishes:
    """What matching reads from the citizen (built by :func:`wishes_for`, or by hand in tests)."""

    lat: float | None = None
    lon: float | None = None
    travel_km: int = 5
    terms: list[str] = field(default_factory=list)  # stems of the citizen's interest words, one per wish
    words: dict = field(default_factory=dict)  # stem -> the citizen's own word (for the reasons)
    related: dict = field(default_factory=dict)  # stem -> stems of related words (interest vocabulary)
    day_mask: int = 0  # bit d = weekday d suits; 0 = any day
    strict_days: bool = False  # only these days (a hard limit) or preferred days
    part_mask: int = 0  # 1 morning, 2 afternoon, 4 evening; 0 = any time
    community_kind: str = CommunityKind.EITHER
    max_price: int | None = None
    economy: bool = False
    step_free: bool = False
    quiet: bool = False  # feeling unsafe among new people: a quiet, low-stimulus setting helps
    physical: bool = False
    transport: bool = False
    wants_host: bool = False
    wants_companion: bool = False
    companion_available: bool = False
    volunteer: bool = False
    languages: frozenset = frozenset()  # language codes the citizen speaks
    language_barrier: bool = False
    age: int | None = None
    gender: str = ""
    with_family: bool = False
    group_mask: int = 0  # bits of the target groups the citizen is open to (0 = ordinary communities only)
    groups: dict = field(default_factory=dict)  # bit -> label of the groups they are open to (for reasons)
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
    """Stems of the citizen's interest words (stop words left out) → the word they used."""
    out: dict[str, str] = {}
    for word in content_words(text):
        if len(out) < 12:
            out.setdefault(snowball(word), word)
    return out


def _related(terms: dict[str, str]) -> dict[str, list[str]]:
    from brobyg.directory.vocabulary import related_many

    found = related_many(list(terms.values())) if terms else {}
    out = {}
    for stem, word in terms.items():
        alts = {snowball(w) for w in found[word]} | set(found[word])
        out[stem] = sorted(alts - {stem, word})
    return out


def language_codes(values) -> frozenset:
    out = set()
    for v in values:
        v = v.strip().lower()
        if v:
            out.add(LANGUAGE_CODES.get(v, v))
    return frozenset(out)


def wishes_for(citizen, companion_available: bool | None = None) -> Wishes:
    if citizen.home_latitude is not None and citizen.home_longitude is not None:
        lat, lon = citizen.home_latitude, citizen.home_longitude
    else:
        place = geo.lookup_postcode(citizen.postcode) if citizen.postcode else None
        lat, lon = (place.latitude, place.longitude) if place else (None, None)
    barriers = set(citizen.barrier_list())
    support = set(citizen.support_list())
    days = citizen.day_list()
    parts = split_list(citizen.day_parts) or [citizen.time_of_day]
    terms = interest_terms(citizen.interests)
    slugs = set(split_list(citizen.open_target_groups)) - {taxonomy.EVERYONE}
    groups = {taxonomy.group_bit(g.pk): g.label for g in TargetGroup.objects.filter(slug__in=slugs)} if slugs else {}
    w = Wishes(
        lat=lat, lon=lon, travel_km=max(1, citizen.travel_km or 1), terms=list(terms), words=terms,
        related=_related(terms), day_mask=sum(1 << d for d in set(days)), strict_days=citizen.days_strict,
        part_mask=sum(PARTS.get(p, 0) for p in set(parts)), community_kind=citizen.community_kind,
        max_price=citizen.max_price, economy=Barrier.ECONOMY in barriers, step_free=citizen.needs_step_free,
        quiet=Barrier.MENTAL in barriers, physical=Barrier.PHYSICAL in barriers,
        transport=Barrier.TRANSPORT in barriers, wants_host=Support.HOST in support,
        wants_companion=Support.COMPANION in support, volunteer=citizen.as_volunteer,
        languages=language_codes(citizen.language_list()), language_barrier=Barrier.LANGUAGE in barriers,
        age=citizen.age, gender=citizen.gender, with_family=citizen.with_family,
        group_mask=sum(groups), groups=groups, partnership_id=citizen.partnership_id,
    )
    if companion_available is None:
        companion_available = w.wants_companion and companion_free(citizen, w)
    w.companion_available = bool(companion_available)
    return w


def companion_free(citizen, w: Wishes) -> bool:
    from brobyg.volunteers.services import suggest_companions

    return bool(suggest_companions(citizen.partnership, w.lat, w.lon, citizen.language_list(), limit=1))


# --- Who may join: the database query -------------------------------------------------------------------------

def open_activities():
    """The hard constraints every citizen shares: published, not full, and not at its balance — an activity where
    newcomers who need support already make up about a fifth of the participants is left alone so the community
    holds (002; the rule lives with the activity, directory.balance, and counts the journeys holding a place)."""
    from brobyg.directory.balance import at_balance, with_balance

    return with_balance(Activity.objects.filter(status=Activity.Status.PUBLISHED).filter(
        Q(open_places__isnull=True) | Q(open_places__gt=0)).exclude(at_balance()))


def audiences(w: Wishes) -> list[str]:
    A = Activity.Audience
    out = [A.EVERYONE]
    if w.gender == Gender.WOMAN:
        out.append(A.WOMEN)
    elif w.gender == Gender.MAN:
        out.append(A.MEN)
    if w.with_family:
        out.append(A.FAMILIES)
    return out


def eligible(qs, w: Wishes):
    """The citizen's own hard rules as a query: who the activity is for, and the limits they gave."""
    if w.step_free:
        qs = qs.filter(wheelchair=True)
    if w.age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=w.age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=w.age))
    qs = qs.filter(audience__in=audiences(w))
    if w.group_mask:
        qs = qs.annotate(_groups=F("target_group_mask").bitand(w.group_mask)).filter(
            Q(target_group_mask=0) | Q(_groups__gt=0))
    else:
        qs = qs.filter(target_group_mask=0)
    if w.strict_days and w.day_mask:
        qs = qs.annotate(_days=F("weekday_mask").bitand(w.day_mask)).filter(Q(weekday_mask=0) | Q(_days__gt=0))
    return qs


def allowed(w: Wishes, r: dict) -> bool:
    """The same rules as :func:`eligible` for one row (the batch path pools rows; a test keeps them equal)."""
    if w.step_free and not r["wheelchair"]:
        return False
    if w.age is not None and ((r["min_age"] is not None and w.age < r["min_age"])
                              or (r["max_age"] is not None and w.age > r["max_age"])):
        return False
    if r["audience"] != Activity.Audience.EVERYONE and r["audience"] not in audiences(w):
        return False
    mask = r["target_group_mask"] or 0
    if mask and not mask & w.group_mask:
        return False
    days = r["weekday_mask"] or 0
    return not (w.strict_days and w.day_mask and days and not days & w.day_mask)


_allowed = allowed


def candidates(w: Wishes, exclude_ids=(), factor: float = 1.0):
    """Activities the citizen may join near them, nearest first, at most MAX_CANDIDATES."""
    qs = eligible(open_activities(), w)
    if exclude_ids:
        qs = qs.exclude(pk__in=list(exclude_ids))
    if w.lat is None or w.lon is None:
        # No location: only the partnership's own activities, without a distance (the reason says so).
        return qs.filter(partnership_id=w.partnership_id).order_by("pk").values(*FIELDS)[:MAX_CANDIDATES]
    qs = qs.within_box(w.lat, w.lon, w.travel_km * factor)
    # Nearest first by a cheap planar distance (exact distance is computed in Python for the few kept).
    k = math.cos(math.radians(w.lat))
    qs = qs.annotate(near=Abs(F("latitude") - w.lat) + Abs(F("longitude") - w.lon) * k)
    return qs.order_by("near", "pk").values(*FIELDS)[:MAX_CANDIDATES]


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


def interest_hits(w: Wishes, tokens: set) -> list[tuple[str, float, str]]:
    """Per wish: (the citizen's word, 1 / RELATED / 0, the related word that matched)."""
    out = []
    for t in w.terms:
        word = w.words.get(t, t)
        if t in tokens or word in tokens:
            out.append((word, 1.0, ""))
            continue
        via = next((a for a in w.related.get(t, ()) if a in tokens), "")
        out.append((word, RELATED if via else 0.0, via))
    return out


def _interest_fraction(hits) -> float:
    if not hits:
        return 0.3
    values = [h[1] for h in hits]
    return INTEREST_BEST * max(values) + (1 - INTEREST_BEST) * sum(values) / len(values)


def _pts(key: str, fraction: float) -> int:
    return round(WEIGHTS[key] * max(0.0, min(1.0, fraction)))


def score_row(w: Wishes, r: dict, reasons: list | None = None) -> int:
    """The score of one candidate row (a dict of FIELDS). With ``reasons`` (a list), one Component per part is
    appended. One function for the fast path and the explanation, so the reasons always add up to the score;
    the reason texts are only written when asked for."""
    ex = reasons is not None
    parts: list[tuple[str, float, str]] = []  # (key, fraction, reason)

    # interest
    hits = interest_hits(w, set((r.get("interest_text") or "").split())) if w.terms else []
    text = ""
    if ex:
        if not w.terms:
            text = _("no interests noted yet")
        else:
            text = " · ".join(
                (_("%(w)s: yes") % {"w": word}) if f == 1 else
                (_("%(w)s: yes (%(via)s)") % {"w": word, "via": via}) if f else
                (_("%(w)s: not mentioned") % {"w": word}) for word, f, via in hits)
    parts.append(("interest", _interest_fraction(hits), text))

    # distance
    lat = r["latitude"]
    if w.lat is not None and lat is not None:
        dist = geo.haversine_km(w.lat, w.lon, lat, r["longitude"])
        fall = 0.9 if w.transport else 0.6
        frac = max(0.0, 1 - fall * dist / w.travel_km) if dist <= w.travel_km else 0.0
        text = ""
        if ex:
            text = (_("%(km)s km, inside %(r)d km") if dist <= w.travel_km else _("%(km)s km, beyond %(r)d km")) % {
                "km": _km(dist), "r": w.travel_km}
            if w.transport:
                text += " · " + (_("near public transport") if r["public_transport"]
                                 else _("transport is a barrier: plan how to get there"))
    else:
        dist, frac, text = None, 0.35, _("distance unknown") if ex else ""
    r["_dist"] = dist
    parts.append(("distance", frac, text))

    # schedule
    days, dparts = r["weekday_mask"] or 0, r["daypart_mask"] or 0
    text = ""
    if not days:
        frac = 0.35
        text = _("times not known") if ex else ""
    else:
        day_ok = not w.day_mask or bool(days & w.day_mask)
        part_ok = not w.part_mask or not dparts or bool(dparts & w.part_mask)
        frac = 1.0 if day_ok and part_ok else 0.4 if day_ok else 0.0
        if ex:
            if frac == 1.0:
                text = _("%(days)s %(parts)s suits") % {
                    "days": _day_names(days & w.day_mask if w.day_mask else days),
                    "parts": _part_names(dparts & w.part_mask if w.part_mask else dparts)}
            elif day_ok:
                text = _("a day that suits, but in the %(parts)s – they wished %(wished)s") % {
                    "parts": _part_names(dparts), "wished": _part_names(w.part_mask)}
            else:
                text = _("meets %(days)s – not their days") % {"days": _day_names(days)}
    parts.append(("schedule", frac, text))

    # participant or volunteer (000 §7.4: from participant to volunteer)
    if r["volunteer_role"]:
        frac = 1.0 if w.volunteer else 0.3
        text = _("a volunteer role, as wished") if w.volunteer else _("a volunteer role – they wish to take part")
    else:
        frac = 0.6 if w.volunteer else 1.0
        text = _("taking part – they also wish to help") if w.volunteer else ""
    parts.append(("role", frac, text if ex else ""))

    # open places (0 open places is excluded before)
    open_places = r["open_places"]
    text = ""
    if ex:
        text = _("room for newcomers not stated") if open_places is None else _("%(n)d open places") % {
            "n": open_places}
        room = room_from_slack(r.get("balance_slack"))
        if room is not None:  # the balance (002): how many more who need support, counted from the journeys
            text += " · " + ngettext("room for %(n)d more who needs support",
                                     "room for %(n)d more who need support", room) % {"n": room}
    parts.append(("places", 0.5 if open_places is None else 1.0, text))

    # price: within their means, or with support
    support = bool((r.get("financial_support") or "").strip())
    if r["price_type"] != FEE or not r["price_amount"]:
        frac, kind = 1.0, "free"
    else:
        amount = int(r["price_amount"])
        if w.max_price is not None and amount <= w.max_price:
            frac, kind = 1.0, "within"
        elif w.max_price is not None:
            frac, kind = (0.5, "above_support") if support else (0.0, "above")
        elif w.economy:
            frac, kind = (0.8, "barrier_support") if support else (0.2, "barrier")
        else:
            frac, kind = 0.8, "fee"
    text = ""
    if ex:
        args = {"p": int(r["price_amount"] or 0), "m": w.max_price or 0}
        text = {"free": lambda: _("free"), "within": lambda: _("%(p)d kr., within %(m)d kr.") % args,
                "above": lambda: _("%(p)d kr., above %(m)d kr.") % args,
                "above_support": lambda: _("%(p)d kr., above %(m)d kr. – support can be asked for") % args,
                "barrier_support": lambda: _("%(p)d kr. – money is a barrier; support can be asked for") % args,
                "barrier": lambda: _("%(p)d kr. – money is a barrier, no support mentioned") % args,
                "fee": lambda: _("%(p)d kr.") % args}[kind]()
    parts.append(("price", frac, text))

    # access (step-free needed but absent is excluded before)
    if w.step_free:
        frac, text = 1.0, _("step-free access") if ex else ""
    elif w.quiet:
        quiet = r["quiet_room"] or r["low_stimulus"]
        frac = 1.0 if quiet else 0.2
        text = (_("quiet setting") if quiet else _("no quiet setting mentioned")) if ex else ""
    elif w.physical:
        easy = r["wheelchair"] or r["accessible_toilet"]
        frac = 1.0 if easy else 0.5
        text = (_("step-free access") if easy else _("physical access not described")) if ex else ""
    else:
        frac, text = 1.0, ""
    parts.append(("access", frac, text))

    # host
    has_host = r["has_host"]
    parts.append(("host", 1.0 if has_host else 0.0 if w.wants_host else 0.6,
                  (_("a host receives newcomers") if has_host else _("no host yet")) if ex else ""))

    # companion
    if r["companion_welcome"]:
        frac = 0.4 if w.wants_companion and not w.companion_available else 1.0
        kind = ("none" if frac < 1 else "free") if w.wants_companion else ""
    else:
        frac, kind = (0.0, "not") if w.wants_companion else (0.6, "")
    parts.append(("companion", frac, {
        "none": _("companion welcome, but none free nearby"), "free": _("companion welcome and one is free"),
        "not": _("companions not mentioned"), "": ""}[kind] if ex else ""))

    # language
    spoken = frozenset(c.strip().lower() for c in (r.get("languages") or "").split(",") if c.strip())
    text = ""
    if not w.languages or not spoken:
        frac = 1.0
    elif shared := spoken & w.languages:
        frac = 1.0
        if ex and (w.language_barrier or shared != {"da"}):
            text = _("spoken there: %(langs)s") % {"langs": ", ".join(sorted(shared))}
    else:
        frac = 0.0 if w.language_barrier else 0.3
        if ex:
            text = _("spoken there: %(langs)s – not their languages") % {"langs": ", ".join(sorted(spoken))}
    parts.append(("language", frac, text))

    # community: the kind they wished (000 §7.4.3), and why they may join (who it is for)
    kind = r["inclusion"]
    mask = r["target_group_mask"] or 0
    frac = 1.0 if w.community_kind == CommunityKind.EITHER or kind == w.community_kind else 0.2
    text = ""
    if ex:
        why = []
        if mask:
            names = [label for bit, label in sorted(w.groups.items()) if bit & mask]
            why.append(_("for %(groups)s – a community they said they would consider") % {
                "groups": ", ".join(names) or _("a target group")})
        elif w.community_kind == CommunityKind.TARGET_GROUP:
            why.append(_("open to everybody – they wished a target group"))
        elif w.community_kind == CommunityKind.ORDINARY or kind == Activity.Inclusion.ORDINARY:
            why.append(_("open to everybody"))
        lo, hi = r["min_age"], r["max_age"]
        if (lo is not None or hi is not None) and w.age is not None:
            span = f"{lo}–{hi}" if lo is not None and hi is not None else (
                f"{lo}+" if lo is not None else f"0–{hi}")
            why.append(_("ages %(span)s – they are %(age)d") % {"span": span, "age": w.age})
        audience = r["audience"]
        if audience != Activity.Audience.EVERYONE:
            why.append({"women": _("for women"), "men": _("for men"),
                        "families": _("for families – they come with theirs")}.get(audience, audience))
        text = " · ".join(why)
    parts.append(("community", frac, text))

    total = 0
    for key, frac, text in parts:
        points = _pts(key, frac)
        total += points
        if ex:
            reasons.append(Component(key, points, WEIGHTS[key], text))
    return total


def _soonest(days: int, today: int) -> int:
    """Days until the activity next meets on one of its weekdays (7 when unknown)."""
    return min(((d - today) % 7 for d in range(7) if days & (1 << d)), default=7)


def order_key(score: int, r: dict, today: int) -> tuple:
    """Best first: score, then distance, then the soonest weekday, then the title; the id only for exact twins."""
    dist = r.get("_dist")
    return (-score, dist if dist is not None else math.inf, _soonest(r["weekday_mask"] or 0, today),
            (r["title"] or "").lower(), r["id"])


class _Reverse:
    """Inverts the order of an order key, so heapq's min-heap keeps the worst of the best k on top."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key

    def __lt__(self, other):
        return self.key > other.key


def rank(w: Wishes, limit: int = 10, rows=None, exclude_ids=(), explain: bool = True,
         farther: bool = False) -> list[Match]:
    """The ``limit`` best activities for the wishes, best first, each with its components and reasons. Inside
    the travel radius (or, with ``farther``, beyond it up to FARTHER_FACTOR × the radius)."""
    if rows is None:
        rows = list(candidates(w, exclude_ids, factor=FARTHER_FACTOR if farther else 1.0))
    today = timezone.localdate().weekday()
    # Exact top-k with pruning: rows are visited by their interest points, most first; a bucket is skipped once
    # the k-th best score beats the most any row in it could reach (its interest points + every other part).
    buckets: dict[int, list[dict]] = {}
    # The same test as interest_hits(), on the space-separated tokens without splitting, once per distinct text.
    needles = [((f" {t} ", f" {w.words.get(t, t)} "), tuple(f" {a} " for a in w.related.get(t, ())))
               for t in w.terms]
    memo: dict[str, int] = {}
    for r in rows:
        text = r.get("interest_text") or ""
        points = memo.get(text)
        if points is None:
            if needles:
                padded = f" {text} "
                values = [1.0 if own[0] in padded or own[1] in padded else
                          RELATED if any(a in padded for a in alts) else 0.0 for own, alts in needles]
                points = _pts("interest", INTEREST_BEST * max(values) + (1 - INTEREST_BEST) * sum(values)
                              / len(values))
            else:
                points = _pts("interest", _interest_fraction([]))
            memo[text] = points
        buckets.setdefault(points, []).append(r)
    rest = 100 - WEIGHTS["interest"]
    heap: list = []  # the best k so far, the worst of them on top
    located = w.lat is not None
    if located:
        # Planar distance for pruning only (within 0.5 % of the great-circle distance at these ranges; the
        # bound uses 0.99 × it, so a row is never skipped that could win or that lies inside the radius).
        ky, kx = 111.19, 111.19 * math.cos(math.radians(w.lat))
        lat0, lon0, radius = w.lat, w.lon, w.travel_km
        fall = 0.9 if w.transport else 0.6
        w_dist = WEIGHTS["distance"]
    for points in sorted(buckets, reverse=True):
        if len(heap) >= limit and -heap[0][0].key[0] > points + rest:
            break
        for r in buckets[points]:
            if located and r["latitude"] is not None:
                dy, dx = (r["latitude"] - lat0) * ky, (r["longitude"] - lon0) * kx
                d = 0.99 * math.sqrt(dx * dx + dy * dy)
                if not farther and d > radius:
                    continue  # beyond the radius: never in the main list
                if len(heap) >= limit and not farther and -heap[0][0].key[0] > (
                        points + rest - w_dist + round(w_dist * max(0.0, 1 - fall * d / radius))):
                    continue
            score = score_row(w, r)
            dist = r["_dist"]
            if dist is not None and (dist > w.travel_km) != farther:
                continue
            if farther and (dist is None or dist > w.travel_km * FARTHER_FACTOR):
                continue
            key = order_key(score, r, today)
            if len(heap) < limit:
                heapq.heappush(heap, (_Reverse(key), r))
            elif key < heap[0][0].key:
                heapq.heapreplace(heap, (_Reverse(key), r))
    out = []
    for key, r in sorted(((item[0].key, item[1]) for item in heap), key=lambda pair: pair[0]):
        components: list[Component] = []
        score = score_row(w, r, components) if explain else -key[0]
        out.append(Match(r["id"], r["title"], score, r.get("_dist"), components))
    return out


def rank_near(w: Wishes, limit: int = 10, exclude_ids=(), explain: bool = True) -> list[Match]:
    """The single-citizen ranking: the box of the travel radius, every activity in it scored."""
    return rank(w, limit, exclude_ids=exclude_ids, explain=explain)


def _attach(matches: list[Match]) -> list[Match]:
    activities = Activity.objects.select_related("organisation").in_bulk([m.activity_id for m in matches])
    for m in matches:
        m.activity = activities.get(m.activity_id)
    return matches


def suggest(citizen, limit: int = 10, companion_available: bool | None = None) -> list[Match]:
    """Ranked suggestions for a citizen, with the Activity objects attached for display."""
    return _attach(rank_near(wishes_for(citizen, companion_available), limit))


def farther(citizen, found: list[Match], limit: int = 5) -> list[Match]:
    """"A little farther": when fewer than three fit inside the travel radius, the best just beyond it (up to
    twice the radius), shown apart so the radius stays the citizen's limit."""
    if len(found) >= 3:
        return []
    w = wishes_for(citizen, companion_available=False)
    if w.lat is None:
        return []
    return _attach(rank(w, limit, farther=True))


CELL = 0.05  # degrees; the batch's grid index


def rank_many(citizens, limit: int = 10, companion_available: bool = False,
              explain: bool = False) -> dict[int, list[Match]]:
    """Batch matching (benchmarks, evaluation): one query loads every activity that passes the shared hard
    constraints into a grid index; each citizen then takes the cells of their travel radius and the rows they may
    join (:func:`allowed`). Reasons are written only with ``explain=True`` (the ranking is the same)."""
    grid: dict[tuple[int, int], list[dict]] = {}
    no_place: dict[int, list[dict]] = {}
    qs = open_activities().values(*FIELDS, "partnership_id")
    for r in qs.iterator(chunk_size=5000):
        if r["latitude"] is None:
            no_place.setdefault(r["partnership_id"], []).append(r)
        else:
            grid.setdefault((int(r["latitude"] // CELL), int(r["longitude"] // CELL)), []).append(r)
    out = {}
    for citizen in citizens:
        w = wishes_for(citizen, companion_available=companion_available)
        if w.lat is None:
            rows = no_place.get(w.partnership_id, []) + [r for cell in grid.values() for r in cell
                                                           if r["partnership_id"] == w.partnership_id]
        else:
            rows = _gather(grid, *geo.bounding_box(w.lat, w.lon, w.travel_km))
        # Rows are shared between citizens; rank() writes only "_dist", which it reads back for the same citizen.
        out[citizen.pk] = rank(w, limit, rows=[r for r in rows if allowed(w, r)], explain=explain)
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
