from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BridgingConfig(AppConfig):
    name = "brobyg.bridging"
    label = "bridging"
    verbose_name = _("Citizen's bridge")

    def ready(self):
        from brobyg.core.navigation import HOME_CARDS, NAV, Entry
        from brobyg.partnerships.models import Role

        BB, FA, RE = Role.BRIDGE_BUILDER, Role.FACILITATOR, Role.REFERRER
        AC, VO = Role.ASSOCIATION_CONTACT, Role.VOLUNTEER
        NAV.extend([
            Entry(_("Citizens"), "bridging:citizens", roles=(BB, FA), order=20),
            Entry(_("Referrals"), "bridging:referrals", roles=(RE, BB, FA), order=21),
            Entry(_("Follow-ups"), "bridging:follow_ups", roles=(BB,), order=22),
            Entry(_("Newcomers"), "bridging:newcomers", roles=(AC,), order=23),
            Entry(_("I accompany"), "bridging:accompany", roles=(VO,), order=24),
            Entry(_("Join a community"), "bridging:ask", roles=("anonymous",), order=30, public=True),
        ])
        from . import bridge

        bridge.register()
        HOME_CARDS.extend([
            Entry(_("My citizens"), "bridging:board", kwargs={}, roles=(BB,), order=10,
                  text=_("Who is where on the bridge, and who has waited longest.")),
            Entry(_("Follow-ups due"), "bridging:follow_ups", roles=(BB,), order=11,
                  text=_("Calls after the first visit, after two weeks and after three months.")),
            Entry(_("Referrals"), "bridging:referrals", roles=(BB, FA), order=12,
                  text=_("New referrals waiting for a first call and consent.")),
            Entry(_("Refer a citizen"), "bridging:referral_new", roles=(RE,), order=10,
                  text=_("Pass on a citizen who would like to join a community — with their permission.")),
            Entry(_("My referrals"), "bridging:referrals", roles=(RE,), order=11,
                  text=_("See how far the citizens you referred have come.")),
            Entry(_("Newcomers on their way"), "bridging:newcomers", roles=(AC,), order=10,
                  text=_("Who is coming to your activities, what helps them feel welcome, and how the first "
                         "visits went.")),
            Entry(_("Citizens I accompany"), "bridging:accompany", roles=(VO,), order=10,
                  text=_("Where and when you meet, and what helps the person feel welcome.")),
            Entry(_("Partnership board"), "bridging:board", roles=(FA,), order=20,
                  text=_("Where the citizens of the partnership are on the bridge.")),
            Entry(_("Conversation guide"), "bridging:guide", roles=(FA, BB), order=30,
                  text=_("The questions for the first conversation. Facilitators can adapt them; print for "
                         "paper use.")),
        ])
        from .waiting import register_waiting

        register_waiting()
