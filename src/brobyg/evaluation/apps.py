from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "brobyg.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from brobyg.core.navigation import HOME_CARDS, NAV, SUBNAV, Entry
        from brobyg.partnerships.models import Role

        F, E = Role.FACILITATOR, Role.EVALUATOR
        NAV.extend([
            Entry(_("Evaluation"), "evaluation:dashboard", roles=(F, E), order=70),
        ])
        SUBNAV["evaluation"] = [
            Entry(_("Network surveys"), "evaluation:home", roles=(F, E), order=10),
            Entry(_("Theories of change"), "evaluation:interventions", roles=(F, E), order=20),
            Entry(_("Dashboard"), "evaluation:dashboard", roles=(F, E), order=30),
        ]
        HOME_CARDS.extend([
            Entry(_("Network survey"), "evaluation:home", roles=(F,), order=60,
                  text=_("Who works with whom, and how much do the actors trust and value each other? Start a "
                         "round and follow the answers.")),
            Entry(_("Evaluation dashboard"), "evaluation:dashboard", roles=(F, E), order=65,
                  text=_("The partnership, its interventions and the citizens' paths in numbers, with exports.")),
        ])
        from . import indicators  # noqa: F401  (the built-in indicators register themselves)
        from django.utils.translation import ngettext

        from brobyg.core.navigation import WAITING, Waiting

        def survey_answers_missing(user) -> int:
            from django.utils import timezone

            from brobyg.core import permissions

            from .models import Invitation

            ids = permissions.partnership_ids(user, [F])
            return Invitation.objects.filter(round__partnership_id__in=ids, round__closed=False,
                                             round__expires__gt=timezone.now(), answered_at__isnull=True).count()

        WAITING.append(Waiting((F,), survey_answers_missing,
                               lambda n: ngettext("network-survey answer missing", "network-survey answers missing",
                                                  n), "evaluation:home", order=50))
