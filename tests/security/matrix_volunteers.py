"""Permission matrix entries for the volunteers app (see matrix.py)."""
from django.test import Client

from .matrix import AARHUS, Rule, url

COORD = {"facilitator", "bridgebuilder"}
LOGGED_IN = AARHUS | {"other"}


def _volunteer(w):
    from brobyg.volunteers.models import VolunteerProfile

    return VolunteerProfile.objects.filter(partnership=w.partnership).order_by("pk").first().pk


def _task(w):
    from brobyg.volunteers.models import Task

    return Task.objects.filter(partnership=w.partnership).order_by("pk").first().pk


def _ask(w):
    from brobyg.volunteers.models import Ask

    return Ask.objects.filter(task__partnership=w.partnership).order_by("pk").first().pk


def _assignment(w):
    from brobyg.volunteers.models import TaskAssignment

    return TaskAssignment.objects.filter(task__partnership=w.partnership).order_by("pk").first().pk


def _host(w):
    from brobyg.volunteers.models import HostAssignment

    return HostAssignment.objects.filter(profile__partnership=w.partnership).order_by("pk").first().pk


def _assessment(w):
    from brobyg.volunteers.models import SelfAssessment

    return SelfAssessment.objects.filter(partnership=w.partnership).order_by("pk").first().pk


def _ready_pair(w):
    """A task without special requirements and a volunteer who meets the partnership's required items."""
    from brobyg.volunteers import services
    from brobyg.volunteers.models import Task, VolunteerProfile

    task = Task.objects.get(partnership=w.partnership, title="Cykelværksted lørdag")
    for p in VolunteerProfile.objects.filter(partnership=w.partnership, status="active").order_by("pk"):
        if not services.check_requirements(p, task):
            return task.pk, p.pk
    raise AssertionError("no ready volunteer in the demo")


def _leak(w):
    return ["Birthe", "Karim", "Haddad", "Følgeven til gåfællesskab"]


PUBLIC = {"volunteers:signup", "volunteers:signup_form", "volunteers:signup_thanks", "volunteers:confirm"}

MATRIX = {
    "volunteers:list": Rule(url("volunteers:list"), COORD | {"other"}, leak=_leak),
    "volunteers:export": Rule(url("volunteers:export"), COORD | {"other"}),
    "volunteers:create": Rule(url("volunteers:create"), COORD | {"other"}),
    "volunteers:detail": Rule(url("volunteers:detail", _volunteer), COORD),
    "volunteers:edit": Rule(url("volunteers:edit", _volunteer), COORD),
    "volunteers:status": Rule(url("volunteers:status", _volunteer), COORD, method="post"),
    "volunteers:onboarding_add": Rule(url("volunteers:onboarding_add", _volunteer), COORD, method="post"),
    "volunteers:host_add": Rule(url("volunteers:host_add", _volunteer), COORD, method="post"),
    "volunteers:host_end": Rule(url("volunteers:host_end", _host), COORD, method="post"),
    "volunteers:support_add": Rule(url("volunteers:support_add", _volunteer), COORD, method="post"),
    "volunteers:recognition_add": Rule(url("volunteers:recognition_add", _volunteer), COORD, method="post"),
    "volunteers:checklist_items": Rule(url("volunteers:checklist_items"), {"facilitator", "other"},
                                       leak=lambda w: ["Mennesker er også medicin"]),
    "volunteers:tasks": Rule(url("volunteers:tasks"), COORD | {"other"}, leak=_leak),
    "volunteers:task_create": Rule(url("volunteers:task_create"), COORD | {"other"}),
    "volunteers:task_detail": Rule(url("volunteers:task_detail", _task), COORD),
    "volunteers:task_edit": Rule(url("volunteers:task_edit", _task), COORD),
    "volunteers:task_ask": Rule(url("volunteers:task_ask", _task), COORD, method="post"),
    "volunteers:task_assign": Rule(url("volunteers:task_assign", _task), COORD, method="post"),
    "volunteers:ask_answer": Rule(url("volunteers:ask_answer", _ask), COORD, method="post"),
    "volunteers:assignment_end": Rule(url("volunteers:assignment_end", _assignment), COORD, method="post"),
    "volunteers:due": Rule(url("volunteers:due"), COORD | {"other"}, leak=_leak),
    "volunteers:risk": Rule(url("volunteers:risk"), COORD | {"other"}, leak=_leak),
    "volunteers:channels": Rule(url("volunteers:channels"), {"facilitator", "evaluator", "other"}),
    "volunteers:assessments": Rule(url("volunteers:assessments"), COORD | {"other"},
                                   leak=lambda w: ["Følgevenner Aarhus"]),
    "volunteers:assessment": Rule(url("volunteers:assessment", _assessment), COORD),
    "volunteers:me": Rule(url("volunteers:me"), LOGGED_IN, leak=_leak),
    "volunteers:me_calendar": Rule(url("volunteers:me_calendar"), LOGGED_IN, leak=_leak),
    "volunteers:me_availability": Rule(url("volunteers:me_availability"), LOGGED_IN, method="post"),
    "volunteers:me_pause": Rule(url("volunteers:me_pause"), LOGGED_IN, method="post"),
    "volunteers:me_visit": Rule(url("volunteers:me_visit"), LOGGED_IN, method="post"),
}

def _post_search(self, path):
    """The search terms travel in the body; the partnership (Aarhus) is named there too."""
    from brobyg.partnerships.models import Partnership

    pid = Partnership.objects.get(project_name="Mennesker er også medicin").pk
    return self.post(path, data={"partnership_id": pid, "q": "a"}, content_type="application/json")


Client.volunteers_post_search = _post_search

API_MATRIX = {
    "POST /api/v1/volunteers/volunteers/search": Rule(lambda w: "/api/v1/volunteers/volunteers/search", COORD,
                                                      method="volunteers_post_search"),
    "GET /api/v1/volunteers/volunteers": Rule(
        lambda w: f"/api/v1/volunteers/volunteers?partnership_id={w.partnership.pk}", COORD),
    "GET /api/v1/volunteers/volunteers/{volunteer_id}": Rule(
        lambda w: f"/api/v1/volunteers/volunteers/{_volunteer(w)}", COORD),
    "GET /api/v1/volunteers/volunteers/{volunteer_id}/task-suggestions": Rule(
        lambda w: f"/api/v1/volunteers/volunteers/{_volunteer(w)}/task-suggestions", COORD),
    "GET /api/v1/volunteers/tasks/{task_id}/suggestions": Rule(
        lambda w: f"/api/v1/volunteers/tasks/{_task(w)}/suggestions", COORD),
    "POST /api/v1/volunteers/tasks/{task_id}/assignments": Rule(
        lambda w: "/api/v1/volunteers/tasks/{}/assignments?volunteer_id={}".format(*_ready_pair(w)), COORD,
        method="post"),
    "GET /api/v1/volunteers/me": Rule(lambda w: "/api/v1/volunteers/me", LOGGED_IN),
}
