"""Reading HSDS 3.0 in the shapes publishers produce, as a list of (path, service document).

- a single service (``service_full.json``), a JSON list of services, a paginated HSDA list (``contents``,
  ``total_items`` …) of services, organisations or services-at-location;
- an organisation with nested ``services`` (``organization_full.json``): each service gets that organisation;
- a service-at-location (``service_at_location_full.json``): the service gets that location;
- the tabular form: a folder or a zip with ``datapackage.json`` and the CSV files it lists; the columns are typed by
  the data package, and the rows are nested into service documents by their ``*_id`` columns.

The path says where a service came from (``contents[0]['service']``, ``services.csv row 2``), so that every message
of the import can name the record. Nothing here touches the database.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

MAX_ZIP_BYTES = 50 * 1024 * 1024  # uncompressed; a data package of a whole country's directory is far smaller
MAX_ZIP_MEMBERS = 200


class ReadFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _org_summary(org: dict) -> dict:
    return {k: v for k, v in org.items() if k not in ("services", "locations", "programs")}


def services_in(data, where: str = "") -> list[tuple[str, dict]]:
    """Every service document in a parsed JSON value, with its path."""
    if isinstance(data, list):
        found = []
        for i, item in enumerate(data):
            found += services_in(item, f"{where or 'services'}[{i}]")
        return found
    if not isinstance(data, dict):
        return []
    if data and all(isinstance(k, str) and k.endswith(".csv") for k in data):  # tables as JSON (tabular.json)
        tables = {}
        for file, table in data.items():
            types = column_types(_table_name(file))
            tables[_table_name(file)] = [(i + 2, {k: _loose(v, types.get(k, "string")) for k, v in r.items()
                                                  if v not in (None, "")})
                                         for i, r in enumerate(table if isinstance(table, list) else [])
                                         if isinstance(r, dict)]
        return services_in_tables(tables)
    if isinstance(data.get("contents"), list):  # a paginated HSDA answer
        return services_in(data["contents"], f"{where}['contents']" if where else "contents")
    if "status" in data and "name" in data:  # a service: status is required of services and of nothing else
        return [(where or "service", data)]
    if isinstance(data.get("service"), dict):  # a service at a location
        service = dict(data["service"])
        if not service.get("service_at_locations"):
            service["service_at_locations"] = [{k: v for k, v in data.items() if k != "service"}]
        return services_in(service, f"{where}['service']" if where else "service")
    if isinstance(data.get("services"), list):  # an organisation with its services
        org, found = _org_summary(data), []
        prefix = f"{where}['services']" if where else "organization['services']"
        for i, item in enumerate(data["services"]):
            if isinstance(item, dict) and not isinstance(item.get("organization"), dict):
                item = {**item, "organization": org}
            found += services_in(item, f"{prefix}[{i}]")
        return found
    return []


# ---------------------------------------------------------------------------------------------------- tabular
def _table_name(file: str) -> str:
    """'taxonomy_terms.csv' → 'taxonomy_term', the data package's resource name."""
    name = file.rsplit("/", 1)[-1].removesuffix(".csv")
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("sses"):
        return name[:-2]
    return name[:-1] if name.endswith("s") else name


def column_types(table: str) -> dict[str, str]:
    """The JSON type of each column of an HSDS table, from the compiled schema (so CSV cells and the JSON tables of
    tabular.json get the types the service schema asks for)."""
    from .hsds import schema

    compiled = schema()
    definition = compiled if table == "service" else compiled["definitions"].get(table, {})
    return {k: v.get("type", "string") for k, v in definition.get("properties", {}).items()
            if isinstance(v.get("type"), str)}


def _loose(value, kind: str):
    """Typed where possible; otherwise as written, for the schema check to report with its path."""
    try:
        return _typed(value, kind)
    except ValueError:
        return value


def _typed(value, kind: str):
    if not isinstance(value, str):
        return str(value) if kind == "string" and isinstance(value, (int, float)) else value
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
    if kind == "boolean":
        return value.strip().lower() in ("true", "1", "yes")
    return value


def _tables(package: dict, read) -> dict[str, list[tuple[int, dict]]]:
    tables, errors = {}, []
    for resource in package.get("resources") or []:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        raw = read(resource["path"])
        if raw is None:
            continue
        types = {f.get("name"): f.get("type", "string") for f in (resource.get("schema") or {}).get("fields", [])
                 if isinstance(f, dict)}
        types.update(column_types(resource.get("name") or ""))
        rows = []
        text = raw.decode("utf-8-sig", errors="replace")
        for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            record = {}
            for key, value in row.items():
                if key is None or value is None:
                    continue
                try:
                    typed = _typed(value, types.get(key, "string"))
                except ValueError:
                    errors.append(_("%(file)s row %(line)d, %(column)s: %(value)r is not a %(type)s.") % {
                        "file": resource["path"], "line": line, "column": key, "value": value[:40],
                        "type": types.get(key)})
                    continue
                if typed is not None:
                    record[key] = typed
            rows.append((line, record))
        tables[resource.get("name") or resource["path"]] = rows
    if errors:
        raise ReadFailed(errors)
    return tables


def _by(rows, key):
    out: dict = {}
    for _line, row in rows:
        if row.get(key):
            out.setdefault(row[key], []).append(row)
    return out


def services_in_tables(tables: dict) -> list[tuple[str, dict]]:
    """Nest the rows of an HSDS data package into service documents (the way the compiled schema nests them)."""
    t = {name: rows for name, rows in tables.items()}
    rows = lambda name: t.get(name, [])  # noqa: E731
    orgs = {r["id"]: r for _l, r in rows("organization") if r.get("id")}
    terms = {r["id"]: r for _l, r in rows("taxonomy_term") if r.get("id")}
    locations = {r["id"]: r for _l, r in rows("location") if r.get("id")}
    phones_of_contact = _by(rows("phone"), "contact_id")
    addresses = _by(rows("address"), "location_id")
    access = _by(rows("accessibility"), "location_id")
    schedules = _by(rows("schedule"), "service_id")
    costs = _by(rows("cost_option"), "service_id")
    languages = _by(rows("language"), "service_id")
    contacts = _by(rows("contact"), "service_id")
    phones = _by([(0, p) for _l, p in rows("phone") if not p.get("contact_id")], "service_id")
    attributes = _by(rows("attribute"), "link_id")
    sals = _by(rows("service_at_location"), "service_id")
    found = []
    for line, service in rows("service"):
        sid = service.get("id")
        doc = dict(service)
        if service.get("organization_id") in orgs:
            doc["organization"] = dict(orgs[service["organization_id"]])
        doc["schedules"] = schedules.get(sid, [])
        doc["cost_options"] = costs.get(sid, [])
        doc["languages"] = languages.get(sid, [])
        doc["phones"] = phones.get(sid, [])
        doc["contacts"] = [{**c, "phones": phones_of_contact.get(c.get("id"), [])} for c in contacts.get(sid, [])]
        doc["attributes"] = [{**a, "taxonomy_term": terms[a["taxonomy_term_id"]]}
                             if a.get("taxonomy_term_id") in terms else a for a in attributes.get(sid, [])]
        doc["service_at_locations"] = []
        for sal in sals.get(sid, []):
            item = dict(sal)
            location = locations.get(sal.get("location_id"))
            if location:
                item["location"] = {**location, "addresses": addresses.get(location["id"], []),
                                    "accessibility": access.get(location["id"], [])}
            doc["service_at_locations"].append(item)
        found.append((f"services.csv row {line}", doc))
    return found


def _read_package(read) -> list[tuple[str, dict]]:
    raw = read("datapackage.json")
    try:
        package = json.loads(raw.decode("utf-8-sig"))
    except ValueError as exc:
        raise ReadFailed([_("datapackage.json: not valid JSON (%(error)s).") % {"error": exc}]) from None
    return services_in_tables(_tables(package, read))


def read_folder(folder: Path) -> list[tuple[str, dict]]:
    def read(name):
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            return None
        return path.read_bytes()

    if not (folder / "datapackage.json").is_file():
        if (folder / "services.json").is_file():
            return read_json((folder / "services.json").read_bytes())
        raise ReadFailed([_("The folder holds neither datapackage.json nor services.json.")])
    return _read_package(read)


def read_zip(data: bytes) -> list[tuple[str, dict]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadFailed([_("The file is not a zip archive.")]) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        raise ReadFailed([_("The zip archive is too large (at most %(n)d files and %(mb)d MB unpacked).")
                          % {"n": MAX_ZIP_MEMBERS, "mb": MAX_ZIP_BYTES // 1024 // 1024}])
    names = {m.filename: m for m in members if not m.is_dir()}
    package = [n for n in names if n.rsplit("/", 1)[-1] == "datapackage.json"]
    if not package:
        json_files = [n for n in names if n.endswith(".json")]
        if len(json_files) == 1:
            return read_json(archive.read(json_files[0]))
        raise ReadFailed([_("The zip archive holds no datapackage.json.")])
    base = package[0][: -len("datapackage.json")]

    def read(name):
        member = names.get(base + name)
        return archive.read(member) if member else None

    return _read_package(read)


def read_json(data: bytes) -> list[tuple[str, dict]]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReadFailed([_("The file is not valid JSON (%(error)s).") % {"error": str(exc)[:200]}]) from None
    found = services_in(value)
    if not found:
        raise ReadFailed([_("The file holds no HSDS services (a service, a list or page of services, an "
                            "organisation with services, or a service at a location).")])
    return found


def read_upload(name: str, data: bytes) -> list[tuple[str, dict]]:
    """An uploaded file: .zip (data package or one JSON file) or JSON."""
    if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
        return read_zip(data)
    return read_json(data)


def read_path(path: Path) -> list[tuple[str, dict]]:
    if path.is_dir():
        return read_folder(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadFailed([_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}]) from None
    return read_upload(path.name, data)
