"""HSDS 3.0 (Open Referral) export of published activities as services, validated against the schema.

Each activity becomes one service with its organisation, one location (address, coordinates, accessibility),
schedules (RRULE parts), cost options, contacts, languages and taxonomy terms (as attributes). Ids are stable
UUIDs (the activity's hsds_id; uuid5 of our primary keys for the rest), so re-exports are comparable.
Import: hsds_read reads what publishers produce, hsds_import checks every record with the activity form's rules and
writes all or nothing, updating by service id (re-importing never duplicates).
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .models import language_name

NS = uuid.UUID("6f1d2a8e-6b1f-4c55-9d5e-2f6a0b7c1d3e")
# The compiled HSDS 3.0 service schema, vendored from Open Referral (CC BY-SA 4.0, see data/hsds-3.0/LICENSE).
SCHEMA_FILE = Path(__file__).parent / "data" / "hsds-3.0" / "service_with_definitions.json"
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
STATUS = {"published": "active", "paused": "temporarily closed", "draft": "inactive", "ended": "defunct"}
ACCESS = ["wheelchair", "hearing_loop", "quiet_room", "low_stimulus", "accessible_toilet", "parking",
          "public_transport"]


def uid(kind: str, pk) -> str:
    return str(uuid.uuid5(NS, f"{kind}-{pk}"))


def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


# Brobyg's own taxonomies, published at /api/v1/directory/hsds/taxonomies and .../taxonomy_terms: the details that
# make inclusion possible (000 §7.2–7.6) as attributes, the interest categories and the target groups.
TAXONOMY = "brobyg"
INTERESTS = "brobyg-interests"
TARGET_GROUPS = "brobyg-target-groups"
# (field, kind): kind is text, bool, int or choice. Each becomes an attribute whose term code is the field name.
DETAILS = [("inclusion", "choice"), ("entrance", "text"), ("meeting_place", "text"), ("receiver", "text"),
           ("what_to_bring", "text"), ("has_host", "bool"), ("host_name", "text"), ("host_note", "text"),
           ("companion_welcome", "bool"), ("financial_support", "text"), ("payment_method", "choice"),
           ("capacity", "int"), ("open_places", "int"), ("accessibility_note", "text")]


def taxonomies() -> list[dict]:
    base = settings.BROBYG_BASE_URL.rstrip("/") + "/api/v1/directory/hsds/taxonomies/"
    return [{"id": uid("taxonomy", name), "name": name, "description": description, "uri": base + name,
             "version": "1"}
            for name, description in [
                (TAXONOMY, "Brobyg: what a newcomer needs to know to take part (entrance, host, price and support, "
                           "room for newcomers); values are text, true/false, whole numbers or codes."),
                (INTERESTS, "Brobyg: interest categories of activities (Danish names)."),
                (TARGET_GROUPS, "Brobyg: target groups of activities made for a specific group (Danish names).")]]


def _taxonomy(name: str) -> dict:
    return next(t for t in taxonomies() if t["name"] == name)


def taxonomy_terms() -> list[dict]:
    """Every term of Brobyg's taxonomies, with Danish names."""
    from .models import Activity, Category, TargetGroup

    with translation.override("da"):
        terms = []
        for field, kind in DETAILS:
            f = Activity._meta.get_field(field)
            text = str(f.help_text or f.verbose_name)
            if kind == "choice":
                text += " (" + ", ".join(f"{v} = {label}" for v, label in f.choices) + ")"
            terms.append(_term(TAXONOMY, field, str(f.verbose_name), text))
        terms += [_term(INTERESTS, c.slug, c.label, c.keywords or c.label) for c in Category.objects.all()]
        terms += [_term(TARGET_GROUPS, g.slug, g.label, g.label) for g in TargetGroup.objects.all()]
    return terms


def _term(taxonomy: str, code: str, name: str, description: str) -> dict:
    return {"id": uid("term", f"{taxonomy}:{code}"), "code": code, "name": name[:1].upper() + name[1:],
            "description": description, "taxonomy": taxonomy, "taxonomy_detail": _taxonomy(taxonomy)}


def _value(a, field: str, kind: str) -> str | None:
    value = getattr(a, field)
    if kind == "bool":
        return "true" if value else None
    if kind == "int":
        return None if value is None else str(value)
    return value or None


def _attributes(a, sid: str) -> list[dict]:
    from .models import Activity

    def attribute(taxonomy, code, name, description, value=None):
        item = {"id": uid(f"attr-{taxonomy}-{code}", a.hsds_id), "link_id": sid, "link_type": "service",
                "link_entity": "service", "taxonomy_term_id": uid("term", f"{taxonomy}:{code}"),
                "taxonomy_term": _term(taxonomy, code, name, description)}
        if value is not None:
            item["value"] = value
        return item

    items = []
    for field, kind in DETAILS:
        value = _value(a, field, kind)
        if value is not None:
            f = Activity._meta.get_field(field)
            items.append(attribute(TAXONOMY, field, str(f.verbose_name), str(f.help_text or f.verbose_name),
                                   value))
    items += [attribute(INTERESTS, c.slug, c.label, c.keywords or c.label) for c in a.categories.all()]
    items += [attribute(TARGET_GROUPS, g.slug, g.label, g.label) for g in a.target_groups.all()]
    return items


def service(a) -> dict:
    """One activity as an HSDS 3.0 service, in Danish (names of categories, days, labels)."""
    with translation.override("da"):
        return _service(a)


def _service(a) -> dict:
    from .models import Activity

    sid, lid, oid = str(a.hsds_id), uid("location", a.hsds_id), uid("organisation", a.organisation.name)
    org = a.organisation
    base = settings.BROBYG_BASE_URL.rstrip("/")
    schedules = []
    for n, s in enumerate(a.schedules.all()):
        byday = DAYS[s.weekday]
        if s.frequency == "monthly":
            byday = f"{s.week_of_month or 1}{byday}"
        item = {"id": uid("schedule", f"{a.hsds_id}-{n}"), "service_id": sid,
                "freq": "MONTHLY" if s.frequency == "monthly" else "WEEKLY",
                "interval": 2 if s.frequency == "biweekly" else 1, "byday": byday,
                "opens_at": f"{s.start_time:%H:%M}", "timezone": 1, "wkst": "MO", "description": str(s)}
        if s.end_time:
            item["closes_at"] = f"{s.end_time:%H:%M}"
        if s.valid_from:
            item["valid_from"] = item["dtstart"] = s.valid_from.isoformat()
        if s.valid_until:
            item["valid_to"] = s.valid_until.isoformat()
        schedules.append(item)
    costs = []
    if a.price_type == Activity.PriceType.FEE:
        cost = {"id": uid("cost", a.hsds_id), "service_id": sid, "currency": a.price_currency,
                "option": str(Activity.PriceType.FEE.label)}
        if a.price_amount is not None:
            cost["amount"] = float(a.price_amount)
        if a.price_note:
            cost["amount_description"] = a.price_note
        costs.append(cost)
    location = {"id": lid, "location_type": "physical", "organization_id": oid, "name": a.title,
                "addresses": [{"id": uid("address", a.hsds_id), "location_id": lid,
                               "address_1": a.address or a.postcode, "city": a.city or "-",
                               "state_province": a.municipality or "-", "postal_code": a.postcode or "-",
                               "country": "DK", "address_type": "physical"}],
                "accessibility": [{"id": uid(f"access-{f}", a.hsds_id), "location_id": lid,
                                   "description": str(Activity._meta.get_field(f).verbose_name)}
                                  for f in ACCESS if getattr(a, f)]}
    if a.meeting_place:
        location["description"] = a.meeting_place
    if a.latitude is not None:
        location["latitude"], location["longitude"] = a.latitude, a.longitude
    groups = ", ".join(g.label for g in a.target_groups.all())
    doc = {
        **(a.hsds_extra or {}),
        "id": sid, "organization_id": oid, "name": a.title, "description": a.description,
        "status": STATUS[a.status], "url": base + reverse("directory:detail", args=[a.pk]),
        "eligibility_description": a.get_inclusion_display() + (f": {groups}" if groups else ""),
        "last_modified": a.updated.isoformat(), "assured_date": a.last_verified.isoformat(),
        "organization": {"id": oid, "name": org.name, "description": org.description or org.name},
        "service_at_locations": [{"id": uid("sal", a.hsds_id), "service_id": sid, "location_id": lid,
                                  "location": location}],
        "schedules": schedules, "cost_options": costs,
        "languages": [{"id": uid(f"lang-{code}", a.hsds_id), "service_id": sid, "code": code,
                       "name": language_name(code)} for code in a.language_list()],
        "attributes": _attributes(a, sid),
        "contacts": [],
    }
    if a.price_note:
        doc["fees_description"] = a.price_note
    if a.min_age is not None:
        doc["minimum_age"] = a.min_age
    if a.max_age is not None:
        doc["maximum_age"] = a.max_age
    if a.contact_name or a.contact_email or a.contact_phone:
        contact = {"id": uid("contact", a.hsds_id), "service_id": sid, "name": a.contact_name}
        if a.contact_email:
            contact["email"] = a.contact_email
        if a.contact_phone:
            contact["phones"] = [{"id": uid("phone", a.hsds_id), "contact_id": uid("contact", a.hsds_id),
                                  "number": a.contact_phone}]
        doc["contacts"].append(contact)
    return doc


def validate(docs: list[dict]) -> list[str]:
    """Every schema error as 'services[i].path: message'."""
    from jsonschema import Draft7Validator, FormatChecker

    validator = Draft7Validator(schema(), format_checker=FormatChecker())
    errors = []
    for i, doc in enumerate(docs):
        for e in validator.iter_errors(doc):
            errors.append(f"services[{i}]{''.join(f'[{p!r}]' for p in e.absolute_path)}: {e.message}")
    return errors


def with_relations(qs):
    return qs.select_related("organisation").prefetch_related("schedules", "categories", "target_groups")


def export(directory: Path, queryset=None) -> tuple[int, list[str]]:
    from .models import Activity

    qs = queryset if queryset is not None else Activity.objects.published()
    docs = [service(a) for a in with_relations(qs).order_by("pk").iterator(chunk_size=500)]
    errors = validate(docs)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "services.json").write_text(json.dumps(docs, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(docs), errors




class ImportFailed(Exception):
    """An import refused: every problem, each naming its record's path; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def import_services(data, user=None, partnership=None) -> dict:
    """Import parsed HSDS JSON of any shape (hsds_read) — see hsds_import; all or nothing."""
    from .hsds_import import import_services as run

    return run(data, user, partnership)
