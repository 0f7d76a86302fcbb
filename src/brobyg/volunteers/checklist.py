"""The volunteer checklist as a guided self-assessment, in our own words after 004 ('Din tjekliste til at
tilrettelægge frivilligindsatser', 26 questions under five headings). Keys are stable: answers refer to them.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    text: str
    hint: str = ""


SECTIONS = [
    ("strategy", _("Strategy for volunteering")),
    ("recruitment", _("Recruitment and motivation")),
    ("tasks", _("The form of the tasks")),
    ("leadership", _("Leadership and steering")),
    ("retention", _("Retention and anchoring")),
]

QUESTIONS = [
    Question("purpose", "strategy", _("Why do we work with volunteers at all — what should it achieve?")),
    Question("target_group", "strategy", _("Who do we want to reach with the volunteer initiative?")),
    Question("coordination", "strategy", _("Who leads the volunteers, and how do we coordinate them?")),
    Question("balance", "strategy", _("Where do we need fixed procedures, and where should there be room to "
                                      "improvise?"),
             _("Enough frame that people know what is expected; enough room that less resourceful volunteers can "
               "take part.")),
    Question("partners", "strategy", _("Which other actors (the municipality, associations, NGOs) could we work "
                                       "with on this?")),
    Question("motivation", "recruitment", _("What makes the people we hope to recruit want to volunteer?"),
             _("People mostly start because they are asked personally, because of an interest, for the "
               "community, or to do something for their area (004 Del 3).")),
    Question("motivation_tasks", "recruitment", _("How can each person's motivation become a concrete task?")),
    Question("methods", "recruitment", _("Which ways of recruiting do we use, and do they reach different kinds "
                                         "of volunteers?"),
             _("Compare with the channel statistics in Brobyg.")),
    Question("getting_started", "recruitment", _("How do we help new volunteers get started?")),
    Question("purpose_told", "recruitment", _("Have we told clearly what the initiative is for?")),
    Question("fit", "tasks", _("Are the tasks shaped around the volunteers' skills, resources and interests?")),
    Question("follow_up", "tasks", _("Do we follow up on the match regularly, and change tasks when a volunteer's "
                                     "needs change?"),
             _("See the follow-up list in Brobyg.")),
    Question("range", "tasks", _("Do we offer a wide range of tasks and ways of being involved, from small to "
                                 "large?")),
    Question("uneven", "tasks", _("Is there room for volunteers whose energy varies from week to week?")),
    Question("concrete", "tasks", _("Are the tasks concrete, so both content and purpose are clear?")),
    Question("spread", "tasks", _("Are tasks shared by several volunteers, so no activity hangs on one person?"),
             _("See the person-dependency view in Brobyg.")),
    Question("responsible", "leadership", _("Who is responsible for the volunteer initiative?")),
    Question("steering", "leadership", _("How much steering does this activity need — and how much should staff "
                                         "hold back?")),
    Question("support_ownership", "leadership", _("How do we give support and sparring while volunteers keep "
                                                  "ownership, a say and flexibility?")),
    Question("roles", "leadership", _("Are roles and responsibilities clear, with concrete descriptions of tasks "
                                      "and roles?")),
    Question("decisions", "leadership", _("How are volunteers involved in decisions about their work and our "
                                          "goals?")),
    Question("recognition", "retention", _("How do we best recognise the volunteers (praise, chances to learn, "
                                           "something else)?"),
             _("Record recognition on each volunteer's page.")),
    Question("revision", "retention", _("How do we keep revising tasks and activities so they still fit the "
                                        "volunteers and feel like a success?")),
    Question("anchoring", "retention", _("Do we think about anchoring from the very start of the activity?")),
    Question("community", "retention", _("How do we strengthen and care for the community among the "
                                         "volunteers?")),
    Question("trust", "retention", _("How do we build a trusting community where mistakes are allowed?")),
]

BY_KEY = {q.key: q for q in QUESTIONS}


def grouped():
    """[(section key, section label, [questions])] in order."""
    return [(key, label, [q for q in QUESTIONS if q.section == key]) for key, label in SECTIONS]
