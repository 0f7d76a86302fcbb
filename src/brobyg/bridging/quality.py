"""`brobyg bench match-quality`: how good the suggestions are on a held-out evaluation set (issue 15).

The set lives in ``tests/bridging/matching_cases/`` (see its README): activities and citizens written from the 15
projects of 000 §4.1, and graded judgements (0–3) written before the matching was tuned. Everything is loaded
through the product's own paths — activities through the spreadsheet import (the activity editor's form), citizens
through referral → consent → the wishes form — inside a transaction that is rolled back at the end, with the
database's own activities hidden for the run. Each citizen is then ranked by ``matching.suggest`` exactly as the
suggestions page does.

Figures: hit@3 (share of citizens with an activity graded 2 or 3 among their first three), nDCG@5 (gain 2^g − 1),
and the number of suggestions the citizen may not join by the activity's own stated audience (age, women/men/family,
a target group the citizen is not open to), plus suggestions that break a hard limit the citizen gave (beyond the
travel radius, a day outside "only these days").
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

DAYS = {"man": 0, "tir": 1, "ons": 2, "tor": 3, "fre": 4, "lør": 5, "søn": 6}
DAY_NAMES = {0: "mandag", 1: "tirsdag", 2: "onsdag", 3: "torsdag", 4: "fredag", 5: "lørdag", 6: "søndag"}
KM_LAT = 1 / 111.195


def default_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "tests" / "bridging" / "matching_cases"


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f, delimiter=";")]


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@dataclass
class Cases:
    activities: list[dict]
    citizens: list[dict]
    grades: dict[str, dict[str, int]] = field(default_factory=dict)  # citizen key -> activity key -> grade

    @classmethod
    def load(cls, directory: Path | None = None) -> "Cases":
        directory = Path(directory or default_dir())
        cases = cls(_read(directory / "activities.csv"), _read(directory / "citizens.csv"))
        for row in _read(directory / "judgements.csv"):
            cases.grades.setdefault(row["citizen"], {})[row["activity"]] = int(row["grade"])
        return cases


def _position(postcode: str, east: str, north: str) -> tuple[float, float]:
    from brobyg.directory import geo

    place = geo.lookup_postcode(postcode)
    lat = place.latitude + float(north or 0) * KM_LAT
    lon = place.longitude + float(east or 0) * KM_LAT / math.cos(math.radians(place.latitude))
    return round(lat, 5), round(lon, 5)


# --- The judges' eligibility rule (written with the set, independent of the product's matching) ----------------

def may_join(citizen: dict, activity: dict) -> bool:
    age = int(citizen["age"])
    if activity["min_age"] and age < int(activity["min_age"]):
        return False
    if activity["max_age"] and age > int(activity["max_age"]):
        return False
    audience = activity["audience"]
    if audience == "women" and citizen["gender"] != "f":
        return False
    if audience == "men" and citizen["gender"] != "m":
        return False
    if audience == "family" and citizen["family"] != "y":
        return False
    groups = set(_split(activity["groups"])) - {"alle"}
    return not groups or bool(groups & set(_split(citizen["open_groups"])))


def breaks_hard_limit(citizen: dict, activity: dict, distance_km: float | None) -> bool:
    if distance_km is not None and distance_km > int(citizen["travel_km"]) + 0.05:
        return True
    if citizen["days_hard"] == "y" and citizen["days"]:
        return DAYS[activity["day"]] not in {DAYS[d] for d in _split(citizen["days"])}
    return False


# --- Loading through the product ------------------------------------------------------------------------------

def _activity_row(a: dict, groups: dict[str, int]) -> dict:
    lat, lon = _position(a["postcode"], a["east"], a["north"])
    price = int(a["price"] or 0)
    row = {
        "title": a["title"], "description": a["description"], "categories": a["cats"],
        "inclusion": "target_group" if set(_split(a["groups"])) - {"alle"} else "ordinary",
        "status": "published", "postcode": a["postcode"], "latitude": str(lat), "longitude": str(lon),
        "weekday": DAY_NAMES[DAYS[a["day"]]], "start": a["start"], "end": a["end"],
        "price_type": "fee" if price else "free", "price_amount": str(price) if price else "",
        "has_host": "ja" if a["host"] == "y" else "nej",
        "companion_welcome": "ja" if a["companion"] == "y" else "nej",
        "wheelchair": "ja" if a["step_free"] == "y" else "nej",
        "open_places": a["places"], "capacity": str(int(a["places"]) + 10) if a["places"] else "",
        "min_age": a["min_age"], "max_age": a["max_age"], "languages": ", ".join(_split(a["langs"])),
        "target_groups": [groups[g] for g in _split(a["groups"])],
    }
    if a["support"] == "y":
        row["financial_support"] = "Kontingentet kan betales af foreningens støttepulje."
    if a["quiet"] == "y":
        row["quiet_room"] = "on"
    row.update(_new_activity_fields(a))
    return row


def _new_activity_fields(a: dict) -> dict:
    """Fields the product only gained with issue 15 (filled when the activity form has them)."""
    from brobyg.directory.forms import ActivityForm

    fields = ActivityForm.base_fields
    out = {}
    if "audience" in fields:
        out["audience"] = {"women": "women", "men": "men", "family": "families"}.get(a["audience"], "everyone")
    if "volunteer_role" in fields:
        out["volunteer_role"] = "ja" if a["role"] == "volunteer" else "nej"
    return out


def _wishes(c: dict) -> dict:
    from .forms import WishesForm

    parts = _split(c["parts"])
    data = {
        "interests": c["interests"],
        "community_kind": "either" if c["open_groups"] else "ordinary",
        "days": [str(DAYS[d]) for d in _split(c["days"])],
        "time_of_day": parts[0] if len(parts) == 1 else "any",
        "travel_km": c["travel_km"], "barriers": _split(c["barriers"]), "support": _split(c["support"]),
        "max_price": c["max_price"],
    }
    if c["role"] in {"volunteer", "both"}:
        data["as_volunteer"] = "on"
    if c["step_free"] == "y":
        data["needs_step_free"] = "on"
    fields = WishesForm.base_fields
    if "day_parts" in fields:
        data["day_parts"] = parts
    if "days_strict" in fields and c["days_hard"] == "y":
        data["days_strict"] = "on"
    if "open_target_groups" in fields:
        data["open_target_groups"] = _split(c["open_groups"])
    if "with_family" in fields and c["family"] == "y":
        data["with_family"] = "on"
    return data


class _Who:
    def __init__(self, user):
        self.user = user


def load_into_product(cases: Cases):
    """Create the set's activities and citizens through the product; returns (citizens by key, activity keys by
    id). Call inside a transaction that is rolled back."""
    from django.contrib.auth import get_user_model

    from brobyg.directory import spreadsheet
    from brobyg.directory.models import Activity, TargetGroup
    from brobyg.partnerships.models import (
        Membership, Organisation, Partnership, PartnershipOrganisation, Role, Sector,
    )

    from . import services
    from .forms import CitizenForm, WishesForm

    Activity.objects.filter(status=Activity.Status.PUBLISHED).update(status=Activity.Status.PAUSED)
    partnership = Partnership.objects.create(name="Evaluering af matching", municipality="Aarhus")
    org = Organisation.objects.create(name="Evalueringsforeningen", sector=Sector.ASSOCIATION,
                                      municipality="Aarhus", postcode="8000")
    PartnershipOrganisation.objects.create(partnership=partnership, organisation=org)
    user = get_user_model().objects.create_user(username="match-quality-eval", password=None)
    Membership.objects.create(user=user, partnership=partnership, organisation=org, role=Role.FACILITATOR)
    Membership.objects.create(user=user, partnership=partnership, organisation=None, role=Role.BRIDGE_BUILDER)
    groups = dict(TargetGroup.objects.values_list("slug", "pk"))
    before = set(Activity.objects.values_list("pk", flat=True))
    spreadsheet.import_rows(user, [_activity_row(a, groups) for a in cases.activities])
    created = Activity.objects.exclude(pk__in=before).order_by("pk")
    keys = {a.pk: row["key"] for a, row in zip(created, cases.activities)}
    assert all(Activity.objects.get(pk=pk).title == next(r["title"] for r in cases.activities if r["key"] == key)
               for pk, key in keys.items())
    who = _Who(user)
    citizens = {}
    year = timezone.now().year
    for c in cases.citizens:
        referral = services.create_referral(who, partnership, {"contact_name": c["key"], "reasons": "loneliness"})
        minor = int(c["age"]) < 18
        data = {"first_name": c["key"], "postcode": c["postcode"], "birth_year": str(year - int(c["age"])),
                "languages": ", ".join(_split(c["langs"])), "guardian_name": "Forælder" if minor else ""}
        if "gender" in CitizenForm.base_fields:
            data["gender"] = {"f": "woman", "m": "man"}.get(c["gender"], "")
        if "home_latitude" in CitizenForm.base_fields and (c["east"] or c["north"]):
            data["home_latitude"], data["home_longitude"] = map(str, _position(c["postcode"], c["east"], c["north"]))
        form = CitizenForm(data=data)
        if not form.is_valid():
            raise ValueError(f"{c['key']}: {form.errors.as_text()}")
        citizen_data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        citizen = services.record_consent(who, referral, citizen_data, {"given_by_guardian": minor})
        wishes = WishesForm(data=_wishes(c), instance=citizen)
        if not wishes.is_valid():
            raise ValueError(f"{c['key']}: {wishes.errors.as_text()}")
        citizens[c["key"]] = wishes.save()
    return citizens, keys


# --- Scoring --------------------------------------------------------------------------------------------------

def dcg(grades: list[int]) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


@dataclass
class Result:
    citizens: int = 0
    hits3: int = 0
    ndcg5: float = 0.0
    ineligible: int = 0
    hard: int = 0
    suggestions: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def hit_at_3(self) -> float:
        return self.hits3 / max(self.citizens, 1)

    @property
    def ndcg_at_5(self) -> float:
        return self.ndcg5 / max(self.citizens, 1)


def evaluate(cases: Cases, suggest=None) -> Result:
    """Load the set, rank every citizen the way the suggestions page does, and score the lists (rolled back)."""
    from . import matching

    suggest = suggest or (lambda citizen: matching.suggest(citizen, limit=10))
    activities = {a["key"]: a for a in cases.activities}
    result = Result()
    with transaction.atomic():
        citizens, keys = load_into_product(cases)
        for c in cases.citizens:
            matches = suggest(citizens[c["key"]])
            ranked = [keys.get(m.activity_id) for m in matches]
            grades = cases.grades.get(c["key"], {})
            got = [grades.get(k, 0) for k in ranked]
            ideal = sorted(grades.values(), reverse=True)[:5]
            result.citizens += 1
            result.hits3 += any(g >= 2 for g in got[:3])
            result.ndcg5 += dcg(got[:5]) / dcg(ideal) if ideal else 0.0
            bad = [k for k in ranked if k and not may_join(c, activities[k])]
            hard = [k for k, m in zip(ranked, matches)
                    if k and breaks_hard_limit(c, activities[k], m.distance_km)]
            result.ineligible += len(bad)
            result.hard += len(hard)
            result.suggestions += len(ranked)
            result.lines.append(f"{c['key']} {c['interests'][:30]:<30} " + " ".join(
                f"{k}:{grades.get(k, 0)}{'!' if k in bad else ''}" for k in ranked[:5])
                + (f"  ineligible: {','.join(bad)}" if bad else ""))
        transaction.set_rollback(True)
    return result


def run_quality_bench(out, options):
    cases = Cases.load(options.get("cases"))
    if options.get("tune"):
        return tune(cases, out)
    result = evaluate(cases)
    if options.get("verbose"):
        for line in result.lines:
            out.write(line + "\n")
    out.write(f"match quality on {len(cases.citizens)} citizens × {len(cases.activities)} activities "
              f"({sum(len(g) for g in cases.grades.values())} judgements)\n")
    out.write(f"  hit@3   {result.hit_at_3:.3f}\n  nDCG@5  {result.ndcg_at_5:.3f}\n"
              f"  ineligible suggestions {result.ineligible} of {result.suggestions}\n"
              f"  suggestions breaking a hard limit (radius, only-these-days) {result.hard}\n")
    return result


# --- Choosing the weights by the score (brobyg bench match-quality --option tune=1) ---------------------------

def _objective(cases: Cases, prepared) -> tuple[float, float]:
    from . import matching

    ndcg = hits = 0.0
    for c, w, rows, keys in prepared:
        ranked = [keys.get(m.activity_id) for m in matching.rank(w, 10, rows=[dict(r) for r in rows],
                                                                 explain=False)]
        grades = cases.grades.get(c["key"], {})
        got = [grades.get(k, 0) for k in ranked]
        ideal = sorted(grades.values(), reverse=True)[:5]
        ndcg += dcg(got[:5]) / dcg(ideal) if ideal else 0.0
        hits += any(g >= 2 for g in got[:3])
    n = max(len(prepared), 1)
    return ndcg / n, hits / n


def _normalise(weights: dict) -> dict:
    total = sum(weights.values())
    out = {k: max(1, round(100 * v / total)) for k, v in weights.items()}
    out["interest"] += 100 - sum(out.values())
    return out


def tune(cases: Cases, out, rounds: int = 2) -> dict:
    """Coordinate search over the weights and the two interest constants, by nDCG@5 then hit@3 on the set.
    Prints the best; the product's values are then set in matching.py by hand from this output."""
    from . import matching

    saved = (dict(matching.WEIGHTS), matching.RELATED, matching.INTEREST_BEST)
    with transaction.atomic():
        citizens, keys = load_into_product(cases)
        prepared = []
        for c in cases.citizens:
            w = matching.wishes_for(citizens[c["key"]])
            prepared.append((c, w, list(matching.candidates(w)), keys))
        try:
            best = _objective(cases, prepared)
            out.write(f"start  nDCG@5 {best[0]:.3f} hit@3 {best[1]:.3f}  {matching.WEIGHTS}\n")
            for _round in range(rounds):
                for key in list(matching.WEIGHTS):
                    for factor in (0.25, 0.5, 0.75, 1.5, 2.0, 3.0):
                        trial = dict(matching.WEIGHTS)
                        trial[key] = trial[key] * factor
                        trial = _normalise(trial)
                        previous = matching.WEIGHTS
                        matching.WEIGHTS = trial
                        score = _objective(cases, prepared)
                        if score > best:
                            best = score
                            out.write(f"better nDCG@5 {best[0]:.3f} hit@3 {best[1]:.3f}  {trial}\n")
                        else:
                            matching.WEIGHTS = previous
                for name, values in (("RELATED", (0.4, 0.55, 0.7, 0.85, 1.0)),
                                     ("INTEREST_BEST", (0.0, 0.25, 0.5, 0.75, 1.0))):
                    for value in values:
                        previous = getattr(matching, name)
                        setattr(matching, name, value)
                        score = _objective(cases, prepared)
                        if score > best:
                            best = score
                            out.write(f"better nDCG@5 {best[0]:.3f} hit@3 {best[1]:.3f}  {name}={value}\n")
                        else:
                            setattr(matching, name, previous)
            result = {"WEIGHTS": dict(matching.WEIGHTS), "RELATED": matching.RELATED,
                      "INTEREST_BEST": matching.INTEREST_BEST, "nDCG@5": best[0], "hit@3": best[1]}
        finally:
            matching.WEIGHTS, matching.RELATED, matching.INTEREST_BEST = saved
        transaction.set_rollback(True)
    out.write(f"best: {result}\n")
    return result
