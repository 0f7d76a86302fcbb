"""HSDS 3.0 (Open Referral) export of published activities as services, validated against the schema.

Each activity becomes one service with its organisation, one location (address, coordinates, accessibility),
schedules (RRULE parts), cost options, contacts, languages and taxonomy terms (as attributes). Ids are stable
UUIDs (the activity's hsds_id; uuid5 of our primary keys for the rest), so re-exports are comparable.
Import (``import_services``) validates the whole file first (schema + Danish checks), reports every problem with its
path, writes all or nothing and updates by service id, so re-importing never duplicates.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.conf import settings
from django.urls import reverse

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


def service(a) -> dict:
    sid, lid, oid = str(a.hsds_id), uid("location", a.pk), uid("organisation", a.organisation_id)
    org = a.organisation
    base = settings.BROBYG_BASE_URL.rstrip("/")
    schedules = []
    for s in a.schedules.all():
        byday = DAYS[s.weekday]
        if s.frequency == "monthly":
            byday = f"{s.week_of_month or 1}{byday}"
        item = {"id": uid("schedule", s.pk), "service_id": sid, "freq": "MONTHLY" if s.frequency == "monthly"
                else "WEEKLY", "interval": 2 if s.frequency == "biweekly" else 1, "byday": byday,
                "opens_at": f"{s.start_time:%H:%M}", "timezone": 1, "wkst": "MO",
                "description": str(s)}
        if s.end_time:
            item["closes_at"] = f"{s.end_time:%H:%M}"
        if s.valid_from:
            item["valid_from"] = s.valid_from.isoformat()
        if s.valid_until:
            item["valid_to"] = s.valid_until.isoformat()
        schedules.append(item)
    cost = {"id": uid("cost", a.pk), "service_id": sid, "currency": "DKK",
            "option": a.get_price_type_display(), "amount": float(a.price_amount or 0),
            "amount_description": " ".join(x for x in [a.price_note, a.financial_support,
                                                        a.get_payment_method_display()] if x)}
    access = [f for f in ACCESS if getattr(a, f)]
    location = {"id": lid, "location_type": "physical", "organization_id": oid, "name": a.title,
                "description": " ".join(x for x in [a.entrance, a.meeting_place] if x),
                "addresses": [{"id": uid("address", a.pk), "location_id": lid,
                               "address_1": a.address or a.postcode, "city": a.city or "-",
                               "state_province": a.municipality or "-", "postal_code": a.postcode or "-",
                               "country": "DK", "address_type": "physical"}],
                "accessibility": [{"id": uid(f"access-{f}", a.pk), "location_id": lid, "description": f,
                                   "details": a.accessibility_note} for f in access]}
    if a.latitude is not None:
        location["latitude"], location["longitude"] = a.latitude, a.longitude
    doc = {
        "id": sid, "organization_id": oid, "name": a.title, "description": a.description,
        "status": STATUS[a.status], "url": base + reverse("directory:detail", args=[a.pk]),
        "fees_description": a.price_note, "eligibility_description": a.get_inclusion_display(),
        "last_modified": a.updated.isoformat(), "assured_date": a.last_verified.isoformat(),
        "organization": {"id": oid, "name": org.name, "description": org.description or org.name},
        "service_at_locations": [{"id": uid("sal", a.pk), "service_id": sid, "location_id": lid,
                                  "location": location}],
        "schedules": schedules, "cost_options": [cost],
        "languages": [{"id": uid(f"lang-{code}", a.pk), "service_id": sid, "code": code}
                      for code in a.language_list()],
        "attributes": [{"id": uid(f"cat-{c.slug}", a.pk), "link_id": sid, "link_type": "service",
                        "taxonomy_term_id": uid("term", c.slug),
                        "taxonomy_term": {"id": uid("term", c.slug), "code": c.slug, "name": c.name,
                                          "description": c.keywords or c.name, "taxonomy": "brobyg-interests"}}
                       for c in a.categories.all()],
        "contacts": [],
    }
    if a.min_age is not None:
        doc["minimum_age"] = a.min_age
    if a.max_age is not None:
        doc["maximum_age"] = a.max_age
    if a.contact_name or a.contact_email:
        contact = {"id": uid("contact", a.pk), "service_id": sid, "name": a.contact_name}
        if a.contact_email:
            contact["email"] = a.contact_email
        if a.contact_phone:
            contact["phones"] = [{"id": uid("phone", a.pk), "contact_id": uid("contact", a.pk),
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


def export(directory: Path, queryset=None) -> tuple[int, list[str]]:
    from .models import Activity

    qs = queryset if queryset is not None else Activity.objects.published()
    qs = qs.select_related("organisation").prefetch_related("schedules", "categories")
    docs = [service(a) for a in qs.iterator(chunk_size=500)]
    errors = validate(docs)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "services.json").write_text(json.dumps(docs, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(docs), errors


# ------------------------------------------------------------------------------------------------------ import
STATUS_BACK = {v: k for k, v in STATUS.items()}
FREQ_BACK = {"WEEKLY": "weekly", "MONTHLY": "monthly"}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


def _dicts(value) -> list[dict]:
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []


def _semantic_errors(docs) -> list[str]:
    from . import geo

    errors = []
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict):
            continue
        if not isinstance(doc.get("organization"), dict) or not doc["organization"].get("name"):
            errors.append(f"services[{i}]['organization']: an organisation with a name is required")
        for j, sal in enumerate(_dicts(doc.get("service_at_locations"))):
            location = sal.get("location") if isinstance(sal.get("location"), dict) else {}
            for k, addr in enumerate(_dicts(location.get("addresses"))):
                code = str(addr.get("postal_code", ""))
                if addr.get("country", "DK") == "DK" and code not in ("", "-") and geo.lookup_postcode(code) is None:
                    errors.append(f"services[{i}]['service_at_locations'][{j}]['location']['addresses'][{k}]"
                                  f"['postal_code']: unknown Danish postcode {code!r}")
        for j, sch in enumerate(_dicts(doc.get("schedules"))):
            byday = str(sch.get("byday") or "")
            if byday[-2:] not in DAYS:
                errors.append(f"services[{i}]['schedules'][{j}]['byday']: need one weekday such as 'TU'")
            for key in ("opens_at", "closes_at"):
                if sch.get(key) is None and key == "closes_at":
                    continue
                try:
                    _time(sch.get(key))
                except (ValueError, TypeError):
                    errors.append(f"services[{i}]['schedules'][{j}]['{key}']: need a time as HH:MM")
    return errors


def _time(text):
    from datetime import time

    h, m = str(text)[:5].split(":")
    return time(int(h), int(m))


def import_services(docs) -> dict:
    """Validate everything first; then write all or nothing. Re-importing updates by service id."""
    from django.db import transaction

    from brobyg.partnerships.models import Organisation

    from .models import Activity, Category, Schedule
    from .services import refresh_derived

    if not isinstance(docs, list):
        raise ImportFailed(["services: the file must hold a JSON list of HSDS services"])
    errors = validate(docs) + _semantic_errors(docs)
    if errors:
        raise ImportFailed(errors)
    created = updated = 0
    cats = {c.slug: c for c in Category.objects.all()}
    with transaction.atomic():
        for doc in docs:
            org_doc = doc["organization"]
            organisation, _ = Organisation.objects.get_or_create(
                name=org_doc["name"], defaults={"description": org_doc.get("description", "")})
            activity = Activity.objects.filter(hsds_id=doc["id"]).first()
            if activity is None:
                activity = Activity(hsds_id=doc["id"])
                created += 1
            else:
                updated += 1
            activity.organisation = organisation
            activity.title = doc["name"][:200]
            activity.description = doc.get("description") or ""
            activity.status = STATUS_BACK.get(doc["status"], "draft")
            activity.min_age, activity.max_age = doc.get("minimum_age"), doc.get("maximum_age")
            location = ((doc.get("service_at_locations") or [{}])[0].get("location")) or {}
            address = (location.get("addresses") or [{}])[0]
            activity.address = address.get("address_1", "")[:200]
            activity.postcode = address.get("postal_code", "") if str(address.get("postal_code", "")).isdigit() \
                else ""
            activity.city = "" if address.get("city") in (None, "-") else address["city"][:100]
            activity.municipality = "" if address.get("state_province") in (None, "-") \
                else address["state_province"][:100]
            activity.latitude, activity.longitude = location.get("latitude"), location.get("longitude")
            access = {a.get("description") for a in location.get("accessibility") or []}
            for field in ACCESS:
                setattr(activity, field, field in access)
            cost = (doc.get("cost_options") or [{}])[0]
            amount = cost.get("amount") or 0
            activity.price_type = "fee" if amount else "free"
            activity.price_amount = amount or None
            activity.price_note = (doc.get("fees_description") or "")[:200]
            contact = (doc.get("contacts") or [{}])[0]
            activity.contact_name = (contact.get("name") or "")[:200]
            activity.contact_email = (contact.get("email") or "")[:254]
            activity.contact_phone = ((contact.get("phones") or [{}])[0].get("number") or "")[:30]
            activity.languages = ", ".join(l.get("code", "") for l in doc.get("languages") or [] if l.get("code")) \
                or "da"
            activity.fill_place()
            activity.save()
            activity.categories.set([cats[a["taxonomy_term"]["code"]] for a in doc.get("attributes") or []
                                     if (a.get("taxonomy_term") or {}).get("code") in cats])
            activity.schedules.all().delete()
            for sch in doc.get("schedules") or []:
                byday = sch["byday"]
                week = int(byday[:-2]) if byday[:-2].lstrip("-").isdigit() else None
                Schedule.objects.create(
                    activity=activity, weekday=DAYS.index(byday[-2:]),
                    frequency="biweekly" if sch.get("interval") == 2 else FREQ_BACK.get(sch.get("freq"), "weekly"),
                    week_of_month=week, start_time=_time(sch["opens_at"]),
                    end_time=_time(sch["closes_at"]) if sch.get("closes_at") else None,
                    valid_from=sch.get("valid_from"), valid_until=sch.get("valid_to"))
            refresh_derived(activity)
    return {"created": created, "updated": updated}
