"""HSDS 3.0 import: services in any shape hsds_read understands become activities, checked by the activity form.

Every record is checked before anything is written: the HSDS schema, then the activity form and the schedule form
(the same rules as a person typing the activity in — ranges, lengths, postcodes, coordinates in Denmark, prices,
ages, times and dates), NUL characters anywhere, and who may change what: a service id already used by an activity
of another organisation, or by one the importer may not change, is refused (an import never moves an activity).
Each refusal names the record's path. ``plan()`` only checks (the screen's preview: created / updated / refused);
``run()`` checks again and writes all or nothing.

What Brobyg has no field for is kept in ``Activity.hsds_extra`` and written back by the export; Brobyg's own
inclusion details travel as attributes of the Brobyg taxonomy (hsds.DETAILS), so Brobyg → HSDS → Brobyg is lossless.
A place abroad (an address whose country is not DK) cannot be shown on Brobyg's Danish map: its address is kept as
text, its coordinates are not, and it comes in as a draft — each of these said as a warning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from . import hsds
from .hsds import ACCESS, DAYS, DETAILS, INTERESTS, STATUS, TARGET_GROUPS, TAXONOMY, ImportFailed

STATUS_BACK = {v: k for k, v in STATUS.items()}
# Keys of a service that Brobyg's export writes itself; everything else is kept in hsds_extra.
OWN_KEYS = {"id", "organization_id", "name", "description", "status", "url", "eligibility_description",
            "last_modified", "assured_date", "organization", "service_at_locations", "schedules", "cost_options",
            "languages", "attributes", "contacts", "fees_description", "minimum_age", "maximum_age"}
FORM_PATHS = {"title": "['name']", "description": "['description']", "status": "['status']",
              "min_age": "['minimum_age']", "max_age": "['maximum_age']", "languages": "['languages']",
              "price_note": "['fees_description']", "contact_name": "['contacts'][0]['name']",
              "contact_email": "['contacts'][0]['email']", "contact_phone": "['contacts'][0]['phones'][0]['number']",
              "categories": "['attributes']", "target_groups": "['attributes']", "price_type": "['cost_options']",
              "__all__": ""}
SCHEDULE_PATHS = {"frequency": "['freq']", "weekday": "['byday']", "week_of_month": "['byday']",
                  "start_time": "['opens_at']", "end_time": "['closes_at']", "valid_from": "['valid_from']",
                  "valid_until": "['valid_to']", "__all__": ""}


@dataclass
class Item:
    path: str
    doc: dict
    activity: object = None  # the existing activity, or None for a new one
    organisation: object = None  # an existing organisation, or None: create one named org_name
    org_name: str = ""
    org_description: str = ""
    form: object = None
    schedules: list = field(default_factory=list)
    last_verified: date | None = None
    last_modified: object = None
    currency: str = "DKK"
    extra: dict = field(default_factory=dict)
    abroad: bool = False
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Plan:
    items: list[Item]
    counts: dict = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return [e for item in self.items for e in item.errors]

    @property
    def warnings(self) -> list[str]:
        return [w for item in self.items for w in item.warnings]

    def created(self) -> list[Item]:
        return [i for i in self.items if not i.errors and i.activity is None]

    def updated(self) -> list[Item]:
        return [i for i in self.items if not i.errors and i.activity is not None]

    def refused(self) -> list[Item]:
        return [i for i in self.items if i.errors]


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _nul_paths(value, path: str) -> list[str]:
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _nul_paths(v, f"{path}[{k!r}]")] + \
            ([path] if any(isinstance(k, str) and "\x00" in k for k in value) else [])
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nul_paths(v, f"{path}[{i}]")]
    return []


def _schema_errors(path: str, doc: dict) -> list[str]:
    return [e.replace("services[0]", path, 1) for e in hsds.validate([doc])]


def _attributes(doc: dict, path: str):
    """{(taxonomy, code): (value, path)} of the attributes whose terms belong to Brobyg's taxonomies."""
    found = {}
    for i, attr in enumerate(doc.get("attributes") or []):
        if not isinstance(attr, dict) or not isinstance(attr.get("taxonomy_term"), dict):
            continue
        term = attr["taxonomy_term"]
        taxonomy = term.get("taxonomy") or (term.get("taxonomy_detail") or {}).get("name")
        if taxonomy in (TAXONOMY, INTERESTS, TARGET_GROUPS) and term.get("code"):
            found[(taxonomy, term["code"])] = (attr.get("value"), f"{path}['attributes'][{i}]['value']")
    return found


def _location(doc: dict, path: str):
    for j, sal in enumerate(_dicts(doc.get("service_at_locations"))):
        if isinstance(sal.get("location"), dict):
            return sal["location"], f"{path}['service_at_locations'][{j}]['location']"
    return {}, path


def _access_labels() -> dict[str, str]:
    from django.utils import translation

    from .models import Activity

    labels = {}
    for f in ACCESS:
        labels[f] = f
        for lang in ("en", "da"):
            with translation.override(lang):
                labels[str(Activity._meta.get_field(f).verbose_name).lower()] = f
    return labels


def _in_denmark(location: dict) -> bool:
    """Inside the ranges the activity's latitude and longitude fields accept."""
    from .models import Activity

    for key in ("latitude", "longitude"):
        value = location.get(key)
        if not isinstance(value, (int, float)):
            return False
        for validator in Activity._meta.get_field(key).validators:
            try:
                validator(value)
            except Exception:  # noqa: BLE001 - a ValidationError: outside the range
                return False
    return True


def _form_data(item: Item, cats: dict, groups: dict) -> tuple[dict, dict]:
    """(ActivityForm data, {form field: HSDS path}) for one service."""
    from .models import Activity

    doc, path = item.doc, item.path
    data = {"title": doc.get("name") or "", "description": doc.get("description") or "",
            "min_age": doc.get("minimum_age"), "max_age": doc.get("maximum_age"),
            "price_note": doc.get("fees_description") or ""}
    paths = {k: path + v for k, v in FORM_PATHS.items()}
    status = STATUS_BACK.get(doc.get("status"), Activity.Status.DRAFT)
    attrs = _attributes(doc, path)
    for field_name, kind in DETAILS:
        value, at = attrs.get((TAXONOMY, field_name), (None, None))
        if at:
            paths[field_name] = at
        if kind == "bool":
            if str(value).lower() == "true":
                data[field_name] = "on"
        elif value is not None:
            data[field_name] = value
    data["categories"] = [cats[code] for (tax, code) in attrs if tax == INTERESTS and code in cats]
    data["target_groups"] = [groups[code] for (tax, code) in attrs if tax == TARGET_GROUPS and code in groups]
    # attributes of other taxonomies whose term code names a Brobyg category (older Brobyg exports, other systems)
    for attr in _dicts(doc.get("attributes")):
        code = (attr.get("taxonomy_term") or {}).get("code") if isinstance(attr.get("taxonomy_term"), dict) else None
        if code in cats and cats[code] not in data["categories"]:
            data["categories"].append(cats[code])
    data.setdefault("inclusion", Activity.Inclusion.TARGET_GROUP if data["target_groups"]
                    else Activity.Inclusion.ORDINARY)
    data["languages"] = ", ".join(str(lang["code"]) for lang in _dicts(doc.get("languages")) if lang.get("code")) \
        or "da"
    # place
    location, at = _location(doc, path)
    addresses = _dicts(location.get("addresses"))
    address = addresses[0] if addresses else {}
    a_at = f"{at}['addresses'][0]"
    paths.update({"address": a_at + "['address_1']", "postcode": a_at + "['postal_code']",
                  "city": a_at + "['city']", "latitude": at + "['latitude']", "longitude": at + "['longitude']",
                  "meeting_place": paths.get("meeting_place", at + "['description']")})
    country = str(address.get("country") or "DK").upper()
    if not address and (location.get("latitude") is None or not _in_denmark(location)):
        country = "?"  # no address, and no coordinates in Denmark: no place Brobyg can show
    if country == "DK":
        postcode = str(address.get("postal_code") or "")
        data["postcode"] = "" if postcode == "-" else postcode
        data["address"] = "" if address.get("address_1") in (None, data["postcode"]) else address["address_1"]
        data["city"] = "" if address.get("city") in (None, "-") else address["city"]
        for key in ("latitude", "longitude"):
            if location.get(key) is not None:
                data[key] = location[key]
    else:
        item.abroad = True
        data["address"] = ", ".join(str(address[k]) for k in ("address_1", "address_2", "postal_code", "city",
                                                              "country") if address.get(k))
        if location.get("latitude") is not None:
            item.warnings.append(_("%(path)s: coordinates outside Denmark cannot be shown on the map; they were "
                                   "not kept.") % {"path": at})
        if status == Activity.Status.PUBLISHED:
            status = Activity.Status.DRAFT
            item.warnings.append(_("%(path)s: a place abroad or without an address is imported as a draft (the "
                                   "directory lists places in Denmark).") % {"path": path})
    if "meeting_place" not in data and location.get("description"):
        data["meeting_place"] = location["description"]
    data["status"] = status
    # accessibility
    labels, notes = _access_labels(), []
    for k, entry in enumerate(_dicts(location.get("accessibility"))):
        key = str(entry.get("description") or "").strip().lower()
        if key in labels:
            data[labels[key]] = "on"
        else:
            notes.append(" ".join(str(entry[x]) for x in ("description", "details") if entry.get(x)))
            paths.setdefault("accessibility_note", f"{at}['accessibility'][{k}]")
    if notes and "accessibility_note" not in data:
        data["accessibility_note"] = " ".join(notes)
    # price
    costs = _dicts(doc.get("cost_options"))
    paid = [(k, c) for k, c in enumerate(costs) if c.get("amount") != 0]
    data["price_type"] = Activity.PriceType.FEE if paid else Activity.PriceType.FREE
    if paid:
        k, cost = next(((k, c) for k, c in paid if c.get("amount") is not None), paid[0])
        if cost.get("amount") is not None:
            data["price_amount"] = cost["amount"]
        paths["price_amount"] = f"{path}['cost_options'][{k}]['amount']"
        item.currency = str(cost.get("currency") or "DKK").upper()
        if not data["price_note"] and cost.get("amount_description"):
            data["price_note"] = cost["amount_description"]
        if len(paid) > 1:
            item.warnings.append(_("%(path)s: Brobyg keeps one price; the first was kept.")
                                 % {"path": f"{path}['cost_options']"})
    data.setdefault("payment_method", Activity.PaymentMethod.OTHER if paid else Activity.PaymentMethod.NONE)
    # contact
    contacts = _dicts(doc.get("contacts"))
    contact = contacts[0] if contacts else {}
    phones = _dicts(contact.get("phones")) or _dicts(doc.get("phones"))
    data.update({"contact_name": contact.get("name") or "", "contact_email": contact.get("email") or "",
                 "contact_phone": (phones[0].get("number") if phones else "") or ""})
    return {k: v for k, v in data.items() if v is not None}, paths


def _schedules(item: Item) -> None:
    """ScheduleForms for the service's times (one per weekday of a byday list), errors with their paths."""
    from .forms import ScheduleForm

    doc, path = item.doc, item.path
    schedules, at = _dicts(doc.get("schedules")), f"{path}['schedules']"
    if not schedules:
        for j, sal in enumerate(_dicts(doc.get("service_at_locations"))):
            if _dicts(sal.get("schedules")):
                schedules, at = _dicts(sal["schedules"]), f"{path}['service_at_locations'][{j}]['schedules']"
                break
    for j, sch in enumerate(schedules):
        here = f"{at}[{j}]"
        freq, interval = str(sch.get("freq") or "WEEKLY").upper(), sch.get("interval") or 1
        days = [d.strip().upper() for d in str(sch.get("byday") or "").split(",") if d.strip()]
        if not days or not sch.get("opens_at"):
            item.warnings.append(_("%(path)s: a time without weekday (byday) or start (opens_at) cannot be shown "
                                   "in Brobyg's calendar; it was left out.") % {"path": here})
            continue
        kind = {("WEEKLY", 1): "weekly", ("WEEKLY", 2): "biweekly", ("MONTHLY", 1): "monthly"}.get((freq, interval))
        if kind is None:
            item.errors.append(_("%(path)s: Brobyg keeps times every week, every other week or once a month, not "
                                 "FREQ=%(freq)s with INTERVAL=%(interval)s.") % {
                "path": here, "freq": freq[:20], "interval": str(interval)[:20]})
            continue
        for day in days:
            ordinal = day[:-2]
            if day[-2:] not in DAYS or (ordinal and ordinal not in ("1", "2", "3", "4", "-1", "+1")):
                item.errors.append(_("%(path)s['byday']: %(day)r is not a weekday such as TU, or 1TU for the "
                                     "first Tuesday of the month.") % {"path": here, "day": day[:10]})
                continue
            data = {"frequency": kind, "weekday": DAYS.index(day[-2:]),
                    "week_of_month": int(ordinal) if ordinal and kind == "monthly" else "",
                    "start_time": sch.get("opens_at"), "end_time": sch.get("closes_at") or "",
                    "valid_from": sch.get("valid_from") or "", "valid_until": sch.get("valid_to") or ""}
            form = ScheduleForm(data=data)
            if form.is_valid():
                item.schedules.append(form)
            else:
                item.errors += [f"{here}{SCHEDULE_PATHS.get(k, '')}: {e}" for k, errs in form.errors.items()
                                for e in errs]


def _dates(item: Item) -> None:
    doc, path = item.doc, item.path
    if doc.get("assured_date") is not None:
        try:
            item.last_verified = date.fromisoformat(str(doc["assured_date"]))
        except ValueError:
            item.errors.append(_("%(path)s['assured_date']: %(value)r is not a date (YYYY-MM-DD).")
                               % {"path": path, "value": str(doc["assured_date"])[:30]})
    if doc.get("last_modified") is not None:
        try:
            item.last_modified = parse_datetime(str(doc["last_modified"]).replace("Z", "+00:00"))
        except ValueError:
            item.last_modified = None
        if item.last_modified is None:
            item.errors.append(_("%(path)s['last_modified']: %(value)r is not a date and time.")
                               % {"path": path, "value": str(doc["last_modified"])[:30]})


def _owner(item: Item, user, organisations, seen: dict) -> None:
    """Which activity and organisation the service is; refuse moving an activity or touching another's."""
    from brobyg.partnerships.models import Organisation

    from .models import Activity
    from .services import can_edit

    doc, path = item.doc, item.path
    org_doc = doc.get("organization") if isinstance(doc.get("organization"), dict) else {}
    item.org_name = str(org_doc.get("name") or "").strip()
    item.org_description = str(org_doc.get("description") or "")
    if not item.org_name:
        item.errors.append(_("%(path)s['organization']: an organisation with a name is required.") % {"path": path})
        return
    if len(item.org_name) > Organisation._meta.get_field("name").max_length:
        item.errors.append(_("%(path)s['organization']['name']: at most 200 characters.") % {"path": path})
        return
    sid = str(doc.get("id"))
    if sid in seen:
        item.errors.append(_("%(path)s['id']: the same service id as %(other)s.") % {"path": path,
                                                                                       "other": seen[sid]})
        return
    seen[sid] = path
    item.activity = Activity.objects.filter(hsds_id=sid).select_related("organisation").first()
    if item.activity is not None:
        if user is not None and not can_edit(user, item.activity):
            item.errors.append(_("%(path)s['id']: this service id belongs to an activity you cannot change.")
                               % {"path": path})
        elif item.activity.organisation.name != item.org_name:
            item.errors.append(_("%(path)s['organization']: this service id belongs to an activity of another "
                                 "organisation; an import does not move activities between organisations.")
                               % {"path": path})
        item.organisation = item.activity.organisation
    else:
        item.organisation = organisations.filter(name=item.org_name).order_by("pk").first()


def plan(found: list[tuple[str, dict]], user=None) -> Plan:
    """Check every service (no writes). ``user`` None = the command line (any organisation, by name)."""
    from brobyg.partnerships.models import Organisation

    from .forms import ActivityForm
    from .models import Category, TargetGroup
    from .services import owner_organisations

    organisations = Organisation.objects.all() if user is None else owner_organisations(user)
    cats = {c.slug: c.pk for c in Category.objects.all()}
    groups = {g.slug: g.pk for g in TargetGroup.objects.all()}
    items, seen = [], {}
    for path, doc in found:
        item = Item(path=path, doc=doc)
        items.append(item)
        nul = _nul_paths(doc, path)
        if nul:
            item.errors += [_("%(path)s: NUL characters are not allowed.") % {"path": p} for p in nul[:20]]
            continue
        item.errors += _schema_errors(path, doc)
        if item.errors:
            continue
        _owner(item, user, organisations, seen)
        _dates(item)
        _schedules(item)
        data, paths = _form_data(item, cats, groups)
        form = ActivityForm(data=data, instance=item.activity, user=user)
        for name in ("organisation", "partnership", "notes_for_referrers"):
            form.fields.pop(name, None)
        if not form.is_valid():
            item.errors += [f"{paths.get(k, path)}: {e}" for k, errs in form.errors.items() for e in errs]
        item.form = form
        if not _is_currency(item.currency):
            item.errors.append(_("%(path)s['currency']: %(value)r is not a currency code such as DKK.")
                               % {"path": paths.get("price_amount", path).rsplit("[", 1)[0],
                                  "value": item.currency[:10]})
        item.extra = {k: v for k, v in doc.items() if k not in OWN_KEYS}
    return Plan(items)


def _is_currency(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def run(found: list[tuple[str, dict]], user=None, partnership=None) -> Plan:
    """Check everything, then write all or nothing (raises ImportFailed with every refusal)."""
    from brobyg.partnerships.models import Organisation

    from .models import Activity
    from .services import refresh_derived

    result = plan(found, user)
    if result.errors:
        raise ImportFailed(result.errors)
    result.counts = {"created": len(result.created()), "updated": len(result.updated())}
    with transaction.atomic():
        made = {}
        for item in result.items:
            organisation = item.organisation or made.get(item.org_name)
            if organisation is None:
                organisation = made[item.org_name] = Organisation.objects.create(
                    name=item.org_name, description=item.org_description)
            activity = item.form.save(commit=False)
            if item.activity is None:
                activity.hsds_id = item.doc["id"]
                activity.partnership = partnership
            activity.organisation = organisation
            if item.abroad:  # not a Danish place: no postcode, municipality or position guessed from the text
                activity.postcode = activity.municipality = activity.city = ""
                activity.latitude = activity.longitude = None
            activity.price_currency = item.currency
            activity.hsds_extra = item.extra
            activity.last_verified = item.last_verified or activity.last_verified
            activity.save()
            item.form.save_m2m()
            activity.schedules.all().delete()
            for form in item.schedules:
                schedule = form.save(commit=False)
                schedule.activity = activity
                schedule.save()
            refresh_derived(activity)
            if item.last_modified:
                Activity.objects.filter(pk=activity.pk).update(updated=item.last_modified)
            item.activity = activity
    return result


def import_services(found, user=None, partnership=None) -> dict:
    """{"created": n, "updated": m} of a run. ``found`` may also be parsed JSON in any HSDS shape."""
    from .hsds_read import ReadFailed, services_in

    if not (isinstance(found, list) and all(isinstance(x, tuple) for x in found)) or not found:
        found = services_in(found)
        if not found:
            raise ImportFailed([_("The data holds no HSDS services (a service, a list or page of services, an "
                                  "organisation with services, or a service at a location).")])
    try:
        result = run(found, user, partnership)
    except ReadFailed as failed:
        raise ImportFailed(failed.errors) from None
    return result.counts
