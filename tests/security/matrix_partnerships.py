"""Permission matrix of the partnership workspace (issue 6): facilitators edit, every member of the partnership
reads except the evaluator (aggregated figures only, issue 13 §3), other partnerships get 404 (objects) or see only
their own partnership (lists)."""
from .matrix import AARHUS, Rule, url

EDIT = {"facilitator"}
READ = AARHUS - {"evaluator"}
AARHUS_CONTACTS = lambda w: ["Kasper Thomsen", "Birthe Vinther", "Brabrand Boligforening"]  # noqa: E731
AARHUS_MEETINGS = lambda w: ["Styregruppemøde: opstart", "Få ledelsens underskrift"]  # noqa: E731


def _first(model, filters):
    def get(w):
        from brobyg.partnerships import models

        return getattr(models, model).objects.filter(**filters(w)).order_by("pk").first().pk

    return get


_actor = _first("PartnershipOrganisation", lambda w: {"partnership": w.partnership})
_contact = _first("ContactPerson", lambda w: {"actor__partnership": w.partnership})
_item = _first("PhaseItem", lambda w: {"partnership": w.partnership})
_meeting = _first("Meeting", lambda w: {"partnership": w.partnership})
_action = _first("FollowUpAction", lambda w: {"partnership": w.partnership})
_version = _first("AgreementVersion", lambda w: {"partnership": w.partnership})
_round = _first("RatingRound", lambda w: {"partnership": w.partnership})

MATRIX = {
    "partnerships:workspace": Rule(url("partnerships:workspace"), READ | {"other"},
                                   leak=lambda w: ["Mennesker er også medicin", "Få ledelsens underskrift"]),
    "partnerships:actors": Rule(url("partnerships:actors"), READ | {"other"}, leak=AARHUS_CONTACTS),
    "partnerships:actor_new": Rule(url("partnerships:actor_new"), EDIT | {"other"}),
    "partnerships:actor_edit": Rule(url("partnerships:actor_edit", _actor), EDIT),
    # Without confirm=yes nothing is removed (the facilitator is sent back), so the matrix can call it safely.
    "partnerships:actor_remove": Rule(url("partnerships:actor_remove", _actor), EDIT, method="post"),
    "partnerships:contact_new": Rule(url("partnerships:contact_new", _actor), EDIT),
    "partnerships:contact_edit": Rule(url("partnerships:contact_edit", _contact), EDIT),
    "partnerships:contact_delete": Rule(url("partnerships:contact_delete", _contact), EDIT, method="post"),
    "partnerships:phases": Rule(url("partnerships:phases"), READ | {"other"},
                                leak=lambda w: ["Jonas i jobcentret", "Afventer underskrift"]),
    "partnerships:phase_item_new": Rule(url("partnerships:phase_item_new"), EDIT | {"other"},
                                        leak=lambda w: ["Mette Holm", "Jonas Lund"]),
    "partnerships:phase_item_edit": Rule(url("partnerships:phase_item_edit", _item), EDIT),
    "partnerships:meetings": Rule(url("partnerships:meetings"), READ | {"other"}, leak=AARHUS_MEETINGS),
    "partnerships:meeting_new": Rule(url("partnerships:meeting_new"), EDIT | {"other"}, leak=AARHUS_CONTACTS),
    "partnerships:meeting": Rule(url("partnerships:meeting", _meeting), READ),
    "partnerships:meeting_edit": Rule(url("partnerships:meeting_edit", _meeting), EDIT),
    # An empty POST is an invalid action: the facilitator is sent back with a message, nothing is stored.
    "partnerships:action_new": Rule(url("partnerships:action_new", _meeting), EDIT, method="post"),
    "partnerships:action_done": Rule(url("partnerships:action_done", _action), EDIT, method="post"),
    "partnerships:agreement": Rule(url("partnerships:agreement"), READ | {"other"},
                                   leak=lambda w: ["Torsdagsgruppen", "hjernerystelse"]),
    "partnerships:agreement_edit": Rule(url("partnerships:agreement_edit"), EDIT | {"other"},
                                        leak=lambda w: ["Torsdagsgruppen"]),
    "partnerships:agreement_version": Rule(url("partnerships:agreement_version", _version), READ),
    "partnerships:agreement_pdf": Rule(url("partnerships:agreement_pdf", _version), READ),
    "partnerships:ratings": Rule(url("partnerships:ratings"), READ | {"other"},
                                 leak=lambda w: ["Styregruppen, sommer"]),
    "partnerships:rating_new": Rule(url("partnerships:rating_new"), EDIT | {"other"}),
    "partnerships:rating": Rule(url("partnerships:rating", _round), READ),
}

# The read-only workspace API: every member of the partnership, as the screens; another partnership → 404.
API_MATRIX = {
    f"GET /api/v1/partnerships/{{partnership_id}}/{op}": Rule(
        lambda w, op=op: f"/api/v1/partnerships/{w.partnership.pk}/{op}", READ)
    for op in ("actors", "phases", "meetings/open-actions")
}
