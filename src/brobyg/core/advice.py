"""The projects' advice, shown at the step of the work it is about ("Råd fra projekterne").

One registry: a key names a step (``bridge.referral``, ``directory.activity`` …) and holds short items, each in our
own words with the report and section it comes from. Templates show a step's advice with
``{% load brobyg_advice %}{% advice "bridge.referral" %}``: a collapsed box with the items and a "Kilde" link to
the sources page, where each report is named. Never paste the reports' sentences here: say what to do, briefly.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from brobyg.core import sources

CHECKLIST = _("checklist")
TABLE_2_3 = _("Table 2.3")


@dataclass(frozen=True)
class Item:
    text: str
    report: str  # "000" … "004"
    section: str  # "§7.1.4", TABLE_2_3, "checklist"

    @property
    def source(self) -> str:
        return f"{self.report} {self.section}".strip()

    @property
    def report_name(self) -> str:
        return sources.BY_CODE[self.report].title


ADVICE = {
    # --- the citizen's bridge (000 §7) ---------------------------------------------------------------------------
    "bridge.referral": [
        Item(_("Agree who recruits: the partner closest to the target group should own it, or share it."),
             "000", "§7.1.4"),
        Item(_("Help the partner tell colleagues about the offer: the more people who know it, the more referrals."),
             "000", "§7.1.4"),
        Item(_("The volunteer centre or the municipal volunteer consultant knows the local offers: ask them."),
             "000", "§7.1.4"),
        Item(_("Tell the citizen plainly what the offer is for and what happens next."), "004", CHECKLIST),
    ],
    "bridge.conversation": [
        Item(_("Go through the guide together with the citizen: their wishes and needs come first, not the "
               "offers you already know."), "000", "§7.1.4"),
        Item(_("'I don't know' is a usual answer: ask about everyday life, past interests and what they miss."),
             "000", "§7.1.3"),
        Item(_("Decide with the citizen whether an open community or one for a specific group suits them best."),
             "000", "§7.4.5"),
    ],
    "bridge.companion": [
        Item(_("A companion who calls or comes along helps over practical and physical barriers."), "000", "§7.2.3"),
        Item(_("Make the companionship social in itself: let participants walk there together."), "000", "§7.2.3"),
        Item(_("Be exact about the entrance, the meeting place and who will receive the citizen."), "000",
             "§7.2.3"),
    ],
    "bridge.host": [
        Item(_("Have a volunteer at the door to receive newcomers: a name, a handshake, a cup of coffee."), "000",
             "§7.3.4"),
        Item(_("Learn what the newcomers wish for and need, so the place feels safe to them."), "000", "§7.3.4"),
        Item(_("As host, help the group make room, until the newcomer takes an active part of their own accord."),
             "000", "§7.3.4"),
    ],
    "bridge.community": [
        Item(_("Keep participation flexible: a user one day, a helper the next, never locked into one role."),
             "000", "§7.4.5"),
        Item(_("Fit the activity to the citizen's interests; do not fix in advance what they must get out of it."),
             "000", "§7.4.5"),
        Item(_("Choose with the citizen between an open community and one for a specific group."), "000",
             "§7.4.5"),
    ],
    "bridge.moving_on": [
        Item(_("When the citizen is ready for a change, bridge on: visit other offers in the area together."),
             "000", "§7.4.5"),
        Item(_("Readiness varies: ask, and let the citizen step back to a lighter role without losing their place."),
             "000", "§7.4.4"),
        Item(_("After a project ends the citizen needs somewhere to go on to: name the next place."), "001", ""),
    ],
    # --- the association's activity (000 §7.2–7.5) ---------------------------------------------------------------
    "directory.activity": [
        Item(_("Say where the entrance is, where to meet and who receives newcomers."), "000", "§7.2.3"),
        Item(_("Name a host who welcomes newcomers the first times."), "000", "§7.3.4"),
        Item(_("Leave room for taking part in different ways: just coming, helping a little, or more."), "000",
             "§7.4.5"),
        Item(_("State plainly what the activity is for, so people know what they say yes to."), "004", CHECKLIST),
    ],
    "directory.inclusion": [
        Item(_("Inclusion works best when the association plans for it: plans, goals, competences and a welcoming "
               "culture."), "000", "§7.5"),
        Item(_("Flexible roles, deliberate partners, training through experienced volunteers, and a culture that "
               "recognises people."), "000", "§7.5.1"),
    ],
    # --- the partnership (000 §6.3.4, 003, 001) ------------------------------------------------------------------
    "partnership.governance": [
        Item(_("Get backing from management high up at each partner, so the commitment reaches the whole "
               "organisation."), "000", "§6.3.4"),
        Item(_("Set up a steering group or working group where every kind of actor is represented."), "000",
             "§6.3.4"),
        Item(_("Include user representatives in the governance."), "001", ""),
        Item(_("The facilitator should not hold authority responsibility (myndighedsansvar); case workers take part "
               "as equals."), "003", "§2.3"),
    ],
    "partnership.facilitation": [
        Item(_("Facilitation means activating, framing, mobilising and synthesising."), "003", TABLE_2_3),
        Item(_("Help uncertain actors and citizens take part: prepare them, help them say what they want."), "003",
             TABLE_2_3),
        Item(_("Check that every affected group of citizens is invited, and that taking part stays voluntary."),
             "003", TABLE_2_3),
    ],
}


def items(key: str) -> list[Item]:
    """The advice for one step; an unknown key is a programming error."""
    return ADVICE[key]
