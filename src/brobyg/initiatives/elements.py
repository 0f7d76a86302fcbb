"""The statements of the partnership self-assessment, in our own words with their source.

Groups 1–3 follow the success elements of two partnerships built on volunteers' professional skills (001, "decisive
elements for the partnerships": relational, structural, and within each partner organisation); group 4 is the
capacity for action (handlekapacitet) of 003 §2.2.1. Each partner rates each statement from 1 (not at all) to 5
(fully) on its own; the facilitator then sees where partners agree or disagree and how it moves between rounds.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    key: str
    group: str
    text: str


GROUPS = [
    ("relational", _("Relations between the partners"), "001"),
    ("structural", _("Structure and frames"), "001"),
    ("organisation", _("Within our own organisation"), "001"),
    ("capacity", _("Capacity for action"), "003 §2.2.1"),
]

ELEMENTS = [
    Element("rel_network", "relational", _("We had worked across sectors before and have an active local network.")),
    Element("rel_trust", "relational", _("We trust, respect and understand each other.")),
    Element("rel_relations", "relational", _("Personal relations between us are looked after, formally and "
                                             "informally.")),
    Element("rel_compromise", "relational", _("We can negotiate and meet each other halfway.")),
    Element("rel_learning", "relational", _("We are flexible and open to learning from each other.")),
    Element("rel_dialogue", "relational", _("We talk often and openly with each other.")),
    Element("str_goals", "structural", _("We share a vision and goals, even if we stress different things.")),
    Element("str_transparency", "structural", _("Frames and the way decisions are made are clear and safe.")),
    Element("str_resources", "structural", _("There is enough time, money and knowledge for the work.")),
    Element("str_progress", "structural", _("The work moves at a pace that matches what all of us expect.")),
    Element("str_commitment", "structural", _("All of us are committed and invest in succeeding.")),
    Element("str_legitimacy", "structural", _("The partners are trusted locally and in their own organisations.")),
    Element("str_politics", "structural", _("The political climate backs the partnership.")),
    Element("str_inclusion", "structural", _("All relevant partners and stakeholders are involved.")),
    Element("str_leadership", "structural", _("Leadership across sectors facilitates and mediates.")),
    Element("str_finance", "structural", _("There is a formal frame around the money.")),
    Element("org_mandate", "organisation", _("I have the mandate and backing of my organisation to decide and "
                                             "act.")),
    Element("org_benefit", "organisation", _("My organisation gains from the joint work.")),
    Element("org_investment", "organisation", _("My organisation invests time and resources.")),
    Element("cap_commitment", "capacity", _("Commitment: the partners want this and show up.")),
    Element("cap_network", "capacity", _("Network: together we reach the people and places that matter.")),
    Element("cap_focus", "capacity", _("Shared focus: we agree what we are working towards.")),
    Element("cap_trust", "capacity", _("Trust: we can rely on each other and solve conflicts.")),
    Element("cap_knowledge", "capacity", _("Mutual knowledge: we know what each partner can and cannot do.")),
    Element("cap_resources", "capacity", _("Resources: we pool what each of us brings.")),
    Element("cap_facilitation", "capacity", _("Facilitation: someone holds the process and keeps it moving.")),
]

BY_KEY = {e.key: e for e in ELEMENTS}
SCALE = [(1, _("Not at all")), (2, _("A little")), (3, _("Partly")), (4, _("Largely")), (5, _("Fully"))]


def grouped():
    return [(key, label, source, [e for e in ELEMENTS if e.group == key]) for key, label, source in GROUPS]
