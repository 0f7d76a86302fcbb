from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "brobyg.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        from brobyg.core.navigation import HOME_CARDS, NAV, SUBNAV, Entry
        from brobyg.partnerships.models import Role

        from . import signals  # noqa: F401

        staff = (Role.FACILITATOR, Role.BRIDGE_BUILDER)
        lead = (Role.FACILITATOR,)
        SUBNAV["volunteers"] = [  # the same roles as the views (views.STAFF / views.LEADS)
            Entry(_("Volunteers"), "volunteers:list", roles=staff, order=10),
            Entry(_("Tasks"), "volunteers:tasks", roles=staff, order=20),
            Entry(_("Follow-up"), "volunteers:due", roles=staff, order=30),
            Entry(_("Person dependency"), "volunteers:risk", roles=staff, order=40),
            Entry(_("Channels"), "volunteers:channels", roles=lead + (Role.EVALUATOR,), order=50),
            Entry(_("Checklist"), "volunteers:assessments", roles=staff, order=60),
            Entry(_("Onboarding"), "volunteers:checklist_items", roles=lead, order=70),
        ]
        NAV.append(Entry(_("Volunteers"), "volunteers:list", roles=staff, order=30))
        NAV.append(Entry(_("My volunteering"), "volunteers:me", roles=(Role.VOLUNTEER,), order=30))
        NAV.append(Entry(_("Become a volunteer"), "volunteers:signup", roles=("anonymous",), order=40, public=True))
        HOME_CARDS.extend([
            Entry(_("My volunteering"), "volunteers:me", roles=(Role.VOLUNTEER,), order=10,
                  text=_("Your tasks, the activities you host, the citizens you accompany, and your dates.")),
            Entry(_("Volunteers"), "volunteers:list", roles=staff, order=20,
                  text=_("Find, filter and export volunteers; see who needs a follow-up.")),
            Entry(_("Tasks for volunteers"), "volunteers:tasks", roles=staff, order=25,
                  text=_("Describe tasks and get ranked, explained suggestions of who could take them (004).")),
            Entry(_("Who needs a follow-up"), "volunteers:due", roles=staff, order=30,
                  text=_("Volunteers you have not talked to for a while.")),
            Entry(_("Person dependency"), "volunteers:risk", roles=(Role.FACILITATOR,), order=35,
                  text=_("Activities and tasks that hang on one volunteer, and volunteers who carry too much.")),
            Entry(_("Volunteer checklist"), "volunteers:assessments", roles=(Role.FACILITATOR,), order=40,
                  text=_("Go through the 26 questions on strategy, recruitment, tasks, leadership and "
                         "retention.")),
            Entry(_("Recruitment channels"), "volunteers:channels", roles=(Role.FACILITATOR,), order=45,
                  text=_("Which ways of recruiting bring volunteers who stay.")),
        ])
        from django.utils.translation import ngettext

        from brobyg.core.navigation import WAITING, Waiting

        from .services import signups_to_answer

        WAITING.append(Waiting((Role.FACILITATOR,), signups_to_answer,
                               lambda n: ngettext("volunteer sign-up to answer", "volunteer sign-ups to answer", n),
                               "volunteers:due", order=40))
