from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "brobyg.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from brobyg.core.navigation import HOME_CARDS, NAV, SUBNAV, Entry
        from brobyg.partnerships.models import Role

        from . import services
        from .activities import ACTIVITY_READ_ROLES, home_host_weeks

        F, B, A, R, V, E = (Role.FACILITATOR, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT, Role.REFERRER,
                            Role.VOLUNTEER, Role.EVALUATOR)
        NAV.extend([
            # Public: "a concrete place to bring an idea" (004 Part 2).
            Entry(_("Do you have an idea?"), "initiatives:idea_public", order=60, public=True),
            Entry(_("Initiatives"), "initiatives:overview", roles=(F, B, A, R, E), order=55),
        ])
        HOME_CARDS.extend([
            Entry(_("Ideas from citizens"), "initiatives:ideas", roles=(F, B, A, R), order=40,
                  text=_("New ideas waiting for a conversation, and the ideas you are helping on their way.")),
            Entry(_("Initiatives at a glance"), "initiatives:overview", roles=(F, E), order=45,
                  text=_("Ideas received, activities started, involvement levels and stories per quarter.")),
            Entry(_("Partnership self-assessment"), "initiatives:assessments", roles=(F, A, E), order=70,
                  text=_("Each partner rates the success elements and capacity for action on its own; see where "
                         "you agree.")),
            Entry(_("Record a success story"), "initiatives:story_new", roles=(F, B, A, V), order=50,
                  text=_("A short story in a minute, on your phone – with the consent of the people in it.")),
            Entry(_("Causes"), "initiatives:causes", roles=(A, V), order=55,
                  text=_("Causes started by citizens: meetings, action plans and calls for helpers.")),
            Entry(_("Your weeks as host"), "initiatives:my_hosting", roles=(V,), order=58, items=home_host_weeks,
                  text=_("When you are host of the week: the three sides of hosting as prompts, and your notes.")),
            Entry(_("Logbook"), "initiatives:logbook", roles=(A, V), order=60,
                  text=_("Dated notes of what happened and what you learned.")),
            Entry(_("Do you have an idea?"), "initiatives:idea_public", roles=(V,), order=65,
                  text=_("Something you would like to start? Tell us and we help you get going.")),
        ])
        SUBNAV["initiatives"] = [
            Entry(_("Overview"), "initiatives:overview", roles=services.OVERVIEW_ROLES, order=10),
            Entry(_("Ideas"), "initiatives:ideas", roles=services.IDEA_ROLES, order=20),
            Entry(_("Causes"), "initiatives:causes", roles=services.CAUSE_READ_ROLES, order=30),
            Entry(_("Involvement ladder"), "initiatives:ladder", roles=ACTIVITY_READ_ROLES, order=40),
            Entry(_("Success stories"), "initiatives:stories", roles=services.STORY_WRITE_ROLES, order=50),
            Entry(_("Logbook"), "initiatives:logbook", roles=services.LOG_ROLES, order=60),
            Entry(_("Host weeks"), "initiatives:my_hosting", roles=(V,), order=65),
            Entry(_("Self-assessment"), "initiatives:assessments",
                  roles=services.ASSESS_ANSWER_ROLES + services.ASSESS_RESULT_ROLES, order=70),
        ]
        from .indicators import register_with_evaluation

        register_with_evaluation()
