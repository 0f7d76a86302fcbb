"""Permission matrix of the initiatives app (issue 8): ideas, causes, stories, logbook, self-assessment."""
import json

from django.test import Client

from .matrix import Rule, url

IDEA = {"facilitator", "bridgebuilder", "association", "referrer"}
WRITE = IDEA | {"volunteer"}
OVERVIEW = IDEA | {"evaluator"}
ANSWER = IDEA
RESULTS = {"facilitator", "evaluator"}
IDEA_TITLES = lambda w: ["Stille gåtur i Riis Skov", "Reparationsaften", "Stillecafé på biblioteket"]  # noqa: E731
STORY_TITLES = lambda w: ["Fra deltager til turleder", "Kaffen blev en opgave"]  # noqa: E731


def _idea(w):
    from brobyg.initiatives.models import Idea

    return Idea.objects.filter(partnership=w.partnership).order_by("pk").first().pk


def _cause(w):
    from brobyg.initiatives.models import Cause

    return Cause.objects.filter(partnership=w.partnership).order_by("pk").first().pk


def _story(w):
    from brobyg.initiatives.models import Story

    return Story.objects.filter(partnership=w.partnership).exclude(photo="").order_by("pk").first().pk


def _activity(w):
    from brobyg.initiatives.models import Idea

    return Idea.objects.filter(partnership=w.partnership).exclude(activity=None).first().activity_id


def _last_idea(w):  # erasing changes the idea: use one no other rule depends on
    from brobyg.initiatives.models import Idea

    return Idea.objects.filter(partnership=w.partnership).order_by("pk").last().pk


def _last_story(w):
    from brobyg.initiatives.models import Story

    return Story.objects.filter(partnership=w.partnership).order_by("pk").last().pk


def _round(w):
    from brobyg.initiatives.models import AssessmentRound

    return AssessmentRound.objects.filter(partnership=w.partnership, closed=False).order_by("-pk").first().pk


def _aarhus_id():
    from brobyg.partnerships.models import Partnership

    return Partnership.objects.get(project_name="Mennesker er også medicin").pk


# The matrix test calls ``getattr(client, rule.method)(path)``; POST operations of the JSON API need a body, so
# these two client methods send a valid one (the permission check is what is tested).
def _post_idea(self, path):
    return self.post(path, data=json.dumps({"partnership_id": _aarhus_id(), "title": "Matrix", "description": "x",
                                            "initiator_name": "x"}), content_type="application/json")


def _post_story(self, path):
    return self.post(path, data=json.dumps({"partnership_id": _aarhus_id(), "title": "Matrix", "text": "x"}),
                     content_type="application/json")


def _post_status(self, path):
    return self.post(path, data=json.dumps({"status": "dialogue"}), content_type="application/json")


Client.initiatives_post_idea = _post_idea
Client.initiatives_post_story = _post_story
Client.initiatives_post_status = _post_status

PUBLIC = {"initiatives:idea_public", "initiatives:idea_thanks"}

MATRIX = {
    "initiatives:overview": Rule(url("initiatives:overview"), OVERVIEW | {"other"}, leak=IDEA_TITLES),
    "initiatives:ideas": Rule(url("initiatives:ideas"), IDEA | {"other"}, leak=IDEA_TITLES),
    "initiatives:idea_new": Rule(url("initiatives:idea_new"), IDEA | {"other"}),
    "initiatives:idea": Rule(url("initiatives:idea", _idea), IDEA),
    "initiatives:idea_edit": Rule(url("initiatives:idea_edit", _idea), IDEA),
    "initiatives:idea_status": Rule(url("initiatives:idea_status", _idea), IDEA, method="post"),
    "initiatives:idea_note": Rule(url("initiatives:idea_note", _idea), IDEA, method="post"),
    "initiatives:idea_cause": Rule(url("initiatives:idea_cause", _idea), IDEA, method="post"),
    # Making an activity needs a right to create activities in the directory (facilitator, association contact).
    "initiatives:idea_activity": Rule(url("initiatives:idea_activity", _idea), {"facilitator", "association"}),
    "initiatives:ladder": Rule(url("initiatives:ladder"), WRITE | {"evaluator", "other"},
                               leak=lambda w: ["Stille gåtur"]),
    "initiatives:activity": Rule(url("initiatives:activity", _activity), WRITE | {"evaluator"}),
    # The host's own weeks (002): every logged-in user may open it and sees only the weeks they host themselves
    # (tests/initiatives/test_activities.py asserts that nobody writes in another host's week).
    "initiatives:my_hosting": Rule(url("initiatives:my_hosting"), WRITE | {"evaluator", "other"},
                                   leak=lambda w: ["Stille gåtur"]),
    "initiatives:idea_erase": Rule(url("initiatives:idea_erase", _last_idea), {"facilitator"}, method="post"),
    "initiatives:story_withdraw": Rule(url("initiatives:story_withdraw", _last_story), IDEA, method="post"),
    "initiatives:plan_links": Rule(url("initiatives:plan_links"), {"facilitator", "other"},
                                   leak=lambda w: ["Frivilligt arbejde som vej tilbage"]),
    "initiatives:causes": Rule(url("initiatives:causes"), WRITE | {"other"}, leak=lambda w: ["Et stillerum"]),
    "initiatives:cause_new": Rule(url("initiatives:cause_new"), IDEA | {"other"}),
    "initiatives:cause": Rule(url("initiatives:cause", _cause), WRITE),
    "initiatives:cause_edit": Rule(url("initiatives:cause_edit", _cause), IDEA),
    "initiatives:stories": Rule(url("initiatives:stories"), WRITE | {"other"}, leak=STORY_TITLES),
    "initiatives:story_new": Rule(url("initiatives:story_new"), WRITE | {"other"}),
    # Stories are staff-only; a volunteer sees only the stories they wrote (the demo story is the facilitator's).
    "initiatives:story": Rule(url("initiatives:story", _story), IDEA),
    "initiatives:story_photo": Rule(url("initiatives:story_photo", _story), IDEA),
    "initiatives:logbook": Rule(url("initiatives:logbook"), WRITE | {"other"}, leak=lambda w: ["Riis Skov"]),
    "initiatives:assessments": Rule(url("initiatives:assessments"), ANSWER | RESULTS | {"other"},
                                    leak=lambda w: ["Selvevaluering efterår"]),
    "initiatives:assessment": Rule(url("initiatives:assessment", _round), RESULTS),
    # Answering needs a role with an organisation in the partnership (each partner answers for itself).
    "initiatives:assessment_answer": Rule(url("initiatives:assessment_answer", _round), ANSWER),
}

API_MATRIX = {
    "GET /api/v1/initiatives/ideas": Rule(lambda w: "/api/v1/initiatives/ideas", IDEA | {"other"},
                                          leak=IDEA_TITLES),
    "GET /api/v1/initiatives/ideas/{idea_id}": Rule(lambda w: f"/api/v1/initiatives/ideas/{_idea(w)}", IDEA),
    "POST /api/v1/initiatives/ideas": Rule(lambda w: "/api/v1/initiatives/ideas", IDEA,
                                           method="initiatives_post_idea"),
    "POST /api/v1/initiatives/ideas/{idea_id}/status": Rule(
        lambda w: f"/api/v1/initiatives/ideas/{_idea(w)}/status", IDEA, method="initiatives_post_status"),
    "GET /api/v1/initiatives/stories": Rule(lambda w: "/api/v1/initiatives/stories", WRITE | {"other"},
                                            leak=STORY_TITLES),
    "GET /api/v1/initiatives/stories/{story_id}": Rule(lambda w: f"/api/v1/initiatives/stories/{_story(w)}", IDEA),
    "POST /api/v1/initiatives/stories": Rule(lambda w: "/api/v1/initiatives/stories", WRITE,
                                             method="initiatives_post_story"),
}
