"""Permission matrix of the evaluation app (issue 6): network survey rounds, network pages, theories of change,
dashboard and exports. The survey form itself is public-by-token (see tests/evaluation/test_survey.py for the
refusals of unknown, expired and closed links)."""
from django.test import Client

from .matrix import Rule, url

MANAGE = {"facilitator"}
VIEW = {"facilitator", "evaluator"}
AARHUS_TEXTS = lambda w: ["Netværksundersøgelse forår 2026", "Frivilligt arbejde efter hjernerystelse",  # noqa: E731
                          "Hjernerystelsesforeningen"]


def _round(w):
    from brobyg.evaluation.models import SurveyRound

    return SurveyRound.objects.filter(partnership=w.partnership).order_by("-opened").first().pk


def _invitation(w):
    from brobyg.evaluation.models import Invitation

    return Invitation.objects.filter(round__partnership=w.partnership).order_by("pk").first().pk


def _intervention(w):
    from brobyg.evaluation.models import Intervention

    return Intervention.objects.filter(partnership=w.partnership).order_by("pk").first().pk


def _element(w):
    from brobyg.evaluation.models import ChangeElement

    return ChangeElement.objects.filter(intervention__partnership=w.partnership).order_by("pk").last().pk


def _delete_element(self, path):
    """POST the delete, first putting the element back if an earlier principal removed it (same pk)."""
    from brobyg.evaluation.models import ChangeElement, Intervention

    pk = int(path.rstrip("/").split("/")[-2])
    if not ChangeElement.objects.filter(pk=pk).exists():
        intervention = Intervention.objects.get(name="Frivilligt arbejde efter hjernerystelse")
        ChangeElement.objects.create(pk=pk, intervention=intervention, kind="assumption", text="Matrix")
    return self.post(path)


Client.evaluation_delete_element = _delete_element

PUBLIC = {"evaluation:answer"}

MATRIX = {
    "evaluation:home": Rule(url("evaluation:home"), VIEW | {"other"}, leak=AARHUS_TEXTS),
    "evaluation:round_new": Rule(url("evaluation:round_new"), MANAGE | {"other"}),
    "evaluation:round": Rule(url("evaluation:round", _round), MANAGE),
    "evaluation:round_remind": Rule(url("evaluation:round_remind", _round), MANAGE, method="post"),
    "evaluation:round_close": Rule(url("evaluation:round_close", _round), MANAGE, method="post"),
    "evaluation:invitation_link": Rule(url("evaluation:invitation_link", _invitation), MANAGE, method="post"),
    "evaluation:network": Rule(url("evaluation:network", _round), VIEW),
    "evaluation:network_svg": Rule(url("evaluation:network_svg", _round), VIEW),
    "evaluation:interventions": Rule(url("evaluation:interventions"), VIEW | {"other"}, leak=AARHUS_TEXTS),
    "evaluation:intervention": Rule(url("evaluation:intervention", _intervention), VIEW),
    "evaluation:toc_svg": Rule(url("evaluation:toc_svg", _intervention), VIEW),
    # Opening the edit form changes nothing; tests/evaluation/test_dashboard.py asserts the refused POSTs.
    "evaluation:element_edit": Rule(url("evaluation:element_edit", _element), MANAGE),
    "evaluation:element_delete": Rule(url("evaluation:element_delete", _element), MANAGE,
                                      method="evaluation_delete_element"),
    "evaluation:dashboard": Rule(url("evaluation:dashboard"), VIEW | {"other"}, leak=AARHUS_TEXTS),
    "evaluation:export_xlsx": Rule(url("evaluation:export_xlsx"), VIEW | {"other"}),
    "evaluation:export_pdf": Rule(url("evaluation:export_pdf"), VIEW | {"other"}),
}

# The dashboard's indicators as JSON: facilitators and evaluators of the partnership; another partnership → 404.
API_MATRIX = {
    "GET /api/v1/evaluation/{partnership_id}/indicators": Rule(
        lambda w: f"/api/v1/evaluation/{w.partnership.pk}/indicators", VIEW),
}
