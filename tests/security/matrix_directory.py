"""Permission matrix entries of the offer directory (issue 3)."""
import json

from django.test import Client

from .matrix import Rule, url


def _draft(world):
    from brobyg.directory.models import Activity

    return Activity.objects.filter(partnership=world.partnership, status="draft").first().pk


def _published(world):
    from brobyg.directory.models import Activity

    return Activity.objects.filter(partnership=world.partnership, status="published",
                                   organisation__name="Hjernerystelsesforeningen").first().pk


PUBLIC = {
    "directory:public_list",         # published activities only, no internal notes
    "directory:activity_ical",       # published activities only (a draft gives 404)
    "directory:organisation_ical",
}

EDITORS = {"facilitator", "association"}

MATRIX = {
    "directory:staff_list": Rule(url("directory:staff_list"),
                                 {"facilitator", "referrer", "bridgebuilder", "association", "other"},
                                 leak=lambda w: ["Ring gerne til Peter"]),
    "directory:mine": Rule(url("directory:mine"), EDITORS | {"other"}, leak=lambda w: ["Stille gåtur og kaffe"]),
    "directory:stale": Rule(url("directory:stale"), EDITORS | {"other"}, leak=lambda w: ["Brætspil i roligt"]),
    "directory:create": Rule(url("directory:create"), EDITORS | {"other"}, leak=lambda w: ["Hjernerystelses"]),
    "directory:import": Rule(url("directory:import"), EDITORS | {"other"}),
    "directory:hsds_import": Rule(url("directory:hsds_import"), {"facilitator", "other"}),
    "directory:import_template": Rule(url("directory:import_template"), EDITORS | {"other"}),
    # A draft is visible only to those who may edit it; published activities are public.
    "directory:detail": Rule(url("directory:detail", _draft), EDITORS),
    "directory:flyer": Rule(url("directory:flyer", _draft), EDITORS),
    "directory:edit": Rule(url("directory:edit", _published), EDITORS),
    "directory:verify": Rule(url("directory:verify", _published), EDITORS, method="post"),
    # The association's own inclusion self-check (000 §7.5): its association contacts only.
    "directory:inclusion": Rule(url("directory:inclusion"), {"association"}),
    "directory:inclusion_new": Rule(url("directory:inclusion_new"), {"association"}),
}


def _api_published(world):
    return f"/api/v1/directory/activities/{_published(world)}"


def _api_draft(world):
    return f"/api/v1/directory/activities/{_draft(world)}"


def _matrix_body(world):
    from brobyg.partnerships.models import Organisation

    org = Organisation.objects.get(name="Hjernerystelsesforeningen")
    return json.dumps({"organisation_id": org.pk, "partnership_id": world.partnership.pk,
                       "title": "Stille gåtur og kaffe for alle", "postcode": "8000", "status": "published",
                       "has_host": True, "wheelchair": True,
                       "schedules": [{"weekday": 1, "start_time": "18:00", "end_time": "19:30"}]})


# The matrix calls getattr(client, rule.method)(path): these send a valid body so the permission check is tested.
def _post(self, path):
    from brobyg.partnerships.models import Partnership

    class W:
        partnership = Partnership.objects.get(project_name="Mennesker er også medicin")
    return self.post(path, data=_matrix_body(W), content_type="application/json")


def _put(self, path):
    from brobyg.partnerships.models import Partnership

    class W:
        partnership = Partnership.objects.get(project_name="Mennesker er også medicin")
    from brobyg.directory.api import ActivityIn

    full = ActivityIn.model_validate(json.loads(_matrix_body(W))).model_dump(mode="json")  # PUT needs every field
    return self.put(path, data=json.dumps(full), content_type="application/json")


def _patch(self, path):
    return self.patch(path, data=json.dumps({"contact_phone": "+45 86 12 34 56"}), content_type="application/json")


Client.directory_post = _post
Client.directory_put = _put
Client.directory_patch = _patch

def _post_hsds(self, path):
    return self.post(path, data="[]", content_type="application/json")


Client.directory_post_hsds = _post_hsds

API_PUBLIC = {"GET /api/v1/directory/activities", "GET /api/v1/directory/hsds/services",
              "GET /api/v1/directory/hsds/taxonomies", "GET /api/v1/directory/hsds/taxonomy_terms"}
API_MATRIX = {
    # a draft is readable only by its editors; published ones by anyone
    "GET /api/v1/directory/activities/{activity_id}": Rule(_api_draft, EDITORS),
    "POST /api/v1/directory/activities": Rule(lambda w: "/api/v1/directory/activities", EDITORS,
                                              method="directory_post"),
    "POST /api/v1/directory/hsds/import": Rule(lambda w: "/api/v1/directory/hsds/import", set(),
                                               method="directory_post_hsds"),  # site admins only
    "PUT /api/v1/directory/activities/{activity_id}": Rule(_api_published, EDITORS, method="directory_put"),
    "PATCH /api/v1/directory/activities/{activity_id}": Rule(_api_published, EDITORS, method="directory_patch"),
}
