"""The default conversation guide (samtaleguide). Written in our own words after 000 §7.1.3 (find out together
what the citizen actually wants — many first say "I don't know"), §7.2 (practical support), §7.4.3 (ordinary or
target-group community) and §7.6 (general barriers: no association experience, economy, motivation).

The questions are stored in English (msgids) and translated at creation time, so a partnership's edited copy is in
the language its facilitator writes in."""
from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from brobyg.directory.taxonomy import EVERYONE, TARGET_GROUPS

from .models import Guide, GuideQuestion

DEFAULT_NAME = gettext_noop("Conversation guide: finding a community together")
DEFAULT_INTRO = gettext_noop(
    "Start with what the person would like, not with what is difficult. It is fine not to know yet: talk about "
    "everyday life, what they enjoyed before, and who they like to be with. Decide together; nothing here is a "
    "test. (000 §7.1.3, §7.4.2)")

# (section, question, help, kind, choices "value|label" lines, wish key, source)
DEFAULT_QUESTIONS = [
    (gettext_noop("Wishes"), gettext_noop("What do you enjoy doing, or what did you enjoy before?"),
     gettext_noop("Interests, skills, things they miss. Note their own words, comma-separated."), "text", "", "interests",
     "000 §7.1.3, §7.4.2"),
    (gettext_noop("Wishes"), gettext_noop("Who would you like to be with?"),
     gettext_noop("Ask about being with many or few people, people of the same age, people in a similar situation."),
     "text", "", "", "000 §7.4.3"),
    (gettext_noop("Wishes"), gettext_noop("What kind of community would suit you?"),
     gettext_noop("Decide with the person: open to everybody, or with people in a similar situation (000 §7.4.3)."),
     "choice", "ordinary|Open to everybody\ntarget_group|People in a similar situation\neither|Either / not sure",
     "community_kind", "000 §7.4.3"),
    (gettext_noop("Wishes"), gettext_noop("Would you like to take part, or to help others as a volunteer?"),
     gettext_noop("Both are possible and it can change over time (000 §7.4.1)."), "choice",
     "participant|Take part\nvolunteer|Help as a volunteer\nboth|Both", "as_volunteer", "000 §7.4.1"),
    (gettext_noop("Wishes"), gettext_noop("Communities for … : would you consider one of these?"),
     gettext_noop("Only if the person wants to answer, and they choose. It stays in this record and is never shown "
                  "to anyone else. 'Ordinary communities only' (nothing ticked) is a fine answer (002)."), "multi",
     "\n".join(f"{slug}|{name}" for slug, name in TARGET_GROUPS if slug != EVERYONE), "open_target_groups", "002"),
    (gettext_noop("Wishes"), gettext_noop("Would you come with your family?"),
     gettext_noop("Family activities are suggested only then."), "choice", "yes|Yes\nno|No", "with_family",
     "000 §4.1"),
    (gettext_noop("Everyday life"), gettext_noop("Which days suit you?"),
     gettext_noop("Tick every day that suits you."), "multi",
     "0|Monday\n1|Tuesday\n2|Wednesday\n3|Thursday\n4|Friday\n5|Saturday\n6|Sunday", "days", "000 §7.1.3"),
    (gettext_noop("Everyday life"), gettext_noop("Only these days, or are they the days you prefer?"),
     gettext_noop("Only these days: other days are never suggested."), "choice",
     "strict|Only these days\nprefer|Preferred days", "days_strict", "000 §7.1.3"),
    (gettext_noop("Everyday life"), gettext_noop("What times of day suit you?"),
     gettext_noop("Tick all that suit; none ticked means any time."), "multi",
     "morning|Morning\nafternoon|Afternoon\nevening|Evening", "time_of_day", "000 §7.1.3"),
    (gettext_noop("Everyday life"), gettext_noop("How far can you get to, and how?"),
     gettext_noop("Many cannot travel far; local offers come first (000 §7.1.3). Answer in kilometres."), "number", "",
     "travel_km", "000 §7.1.3, §7.2.1"),
    (gettext_noop("What can get in the way"), gettext_noop("Is there anything that could make it hard to go?"),
     gettext_noop("Tick what the person mentions. Money is often about how payment is asked for, not only the amount "
       "(000 §7.6)."), "multi",
     "transport|Getting there\neconomy|Money, equipment or how to pay\nphysical|Physical\n"
     "mental|Feeling unsafe among new people\nlanguage|Language\nno_experience|Never been in an association\n"
     "motivation|Hard to find the energy or a reason", "barriers", "000 §7.2.1, §7.6"),
    (gettext_noop("What can get in the way"), gettext_noop("How much can you pay a month for an activity?"),
     gettext_noop("In kroner. Leave empty if it does not matter."), "number", "", "max_price", "000 §7.6"),
    (gettext_noop("What can get in the way"), gettext_noop("Do you need step-free access?"), "", "choice", "yes|Yes\nno|No",
     "step_free", "000 §7.2.1"),
    (gettext_noop("Support"), gettext_noop("What would help you the first times?"),
     gettext_noop("A companion who goes along, someone who receives you at the door, a phone call before (000 §7.2, §7.3)."),
     "multi", "companion|A companion who goes along\nhost|Someone who receives me\ncall_before|A phone call before",
     "support", "000 §7.2, §7.3"),
    (gettext_noop("Support"), gettext_noop("What helps you feel welcome when you meet new people?"),
     gettext_noop("In the person's own words. This is what a companion or host may see, if the person agrees."), "text", "",
     "welcome_needs", "000 §7.3.2"),
    (gettext_noop("Support"), gettext_noop("What would make you want to keep coming?"),
     gettext_noop("Motivation can come from others' stories or from a clear purpose that speaks to the person (000 §7.6)."),
     "text", "", "", "000 §7.6"),
]


def _choices(raw: str) -> str:
    lines = []
    for line in raw.splitlines():
        value, _sep, label = line.partition("|")
        lines.append(f"{value}|{_(label)}" if label else value)
    return "\n".join(lines)


@transaction.atomic
def ensure_default_guide() -> Guide:
    """Create the shared default guide (partnership = None) once, in Danish."""
    guide = Guide.objects.filter(partnership__isnull=True, is_current=True).order_by("-version").first()
    if guide:
        return guide
    with translation.override("da"):
        guide = Guide.objects.create(partnership=None, name=_(DEFAULT_NAME), intro=_(DEFAULT_INTRO), version=1)
        GuideQuestion.objects.bulk_create([
            GuideQuestion(guide=guide, order=i * 10, section=_(section), text=_(text), help=_(help) if help else "",
                          kind=kind, choices=_choices(choices), key=key, source=source)
            for i, (section, text, help, kind, choices, key, source) in enumerate(DEFAULT_QUESTIONS, start=1)
        ])
    return guide


# Labels used in choices (so makemessages picks them up).
_LABELS = [gettext_noop("Open to everybody"), gettext_noop("People in a similar situation"), gettext_noop("Either / not sure"), gettext_noop("Take part"),
           gettext_noop("Help as a volunteer"), gettext_noop("Both"), gettext_noop("Monday"), gettext_noop("Tuesday"), gettext_noop("Wednesday"), gettext_noop("Thursday"),
           gettext_noop("Friday"), gettext_noop("Saturday"), gettext_noop("Sunday"), gettext_noop("Morning"), gettext_noop("Afternoon"), gettext_noop("Evening"), gettext_noop("Any time"),
           gettext_noop("Getting there"), gettext_noop("Money, equipment or how to pay"), gettext_noop("Physical"),
           gettext_noop("Feeling unsafe among new people"), gettext_noop("Language"), gettext_noop("Never been in an association"),
           gettext_noop("Hard to find the energy or a reason"), gettext_noop("Yes"), gettext_noop("No"), gettext_noop("A companion who goes along"),
           gettext_noop("Someone who receives me"), gettext_noop("A phone call before"), gettext_noop("Only these days"),
           gettext_noop("Preferred days")]
