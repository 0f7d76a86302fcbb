from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "brobyg.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from brobyg.core.navigation import HOME_CARDS, NAV, SUBNAV, Entry

        from .models import Role
        from .services import READ_ROLES as ALL
        from .services import home_open_actions

        F = Role.FACILITATOR
        SUBNAV["partnerships"] = [
            Entry(_("Overview"), "partnerships:workspace", roles=ALL, order=10),
            Entry(_("Actors"), "partnerships:actors", roles=ALL, order=20),
            Entry(_("Phases"), "partnerships:phases", roles=ALL, order=30),
            Entry(_("Meetings"), "partnerships:meetings", roles=ALL, order=40),
            Entry(_("Collaboration agreement"), "partnerships:agreement", roles=ALL, order=50),
            Entry(_("Self-ratings"), "partnerships:ratings", roles=ALL, order=60),
        ]
        NAV.append(Entry(_("Partnership"), "partnerships:workspace", roles=ALL, order=70))
        HOME_CARDS.extend([
            Entry(_("Open follow-up actions"), "partnerships:meetings", roles=(F,), order=1,
                  text=_("Actions agreed at partnership meetings that are not done yet."), items=home_open_actions),
            Entry(_("Partnership workspace"), "partnerships:workspace", roles=(F,), order=2,
                  text=_("Actors, phases, meetings, the collaboration agreement and self-ratings.")),
            Entry(_("Who is missing?"), "partnerships:actors", roles=(F,), order=3,
                  text=_("The partnership's actors by sector, and typical partners nobody represents yet.")),
        ])
