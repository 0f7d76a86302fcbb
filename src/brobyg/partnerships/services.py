"""Domain rules of the partnership workspace (issue 6): who may read and edit, the actors' sector mix and who is
missing, the phase checklist built from the advice of 000 §6, follow-up actions, the versioned collaboration
agreement and the self-ratings of the collective impact conditions and anchoring potential.

Guidance texts are our own words; each cites the section of the seed report it rests on.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from brobyg.audit.services import record

from .models import (TYPICAL_PARTNER_TYPES, AgreementTask, AgreementVersion, FollowUpAction, Membership,
                     PartnershipOrganisation, PartnerType, Phase, PhaseItem, Rating, RatingRound, Role, Sector)

# Facilitators (the backbone) edit the workspace; every member of the partnership reads it except the evaluator
# (the funder), who sees aggregated figures only — the workspace names staff, contact persons and their e-mails.
EDIT_ROLES = (Role.FACILITATOR,)
READ_ROLES = tuple(r for r in Role.values if r != Role.EVALUATOR)


# --- actors ----------------------------------------------------------------------------------------------------------

def actors(partnership):
    return (PartnershipOrganisation.objects.filter(partnership=partnership)
            .select_related("organisation").prefetch_related("contacts").order_by("organisation__name"))


def actors_by_sector(actor_list) -> list[dict]:
    groups = {}
    for actor in actor_list:
        groups.setdefault(actor.organisation.sector, []).append(actor)
    labels = dict(Sector.choices)
    return [{"sector": s, "label": labels.get(s, s), "actors": groups[s]}
            for s in Sector.values if s in groups]


@dataclass
class Bar:
    key: str
    label: str
    count: int
    width: int  # 0–300 units, relative to the widest bar
    y: int = 0


def sector_mix(actor_list) -> list[Bar]:
    """One bar per sector (all sectors, also empty ones, so the gaps show)."""
    counts = Counter(a.organisation.sector for a in actor_list)
    top = max(counts.values(), default=0) or 1
    return [Bar(s, label, counts.get(s, 0), round(300 * counts.get(s, 0) / top), y=i * 28)
            for i, (s, label) in enumerate(Sector.choices)]


def missing_partner_types(actor_list) -> list[tuple[str, str]]:
    """The typical partner types of 000 §6.1.1 that no actor of the partnership represents."""
    present = {a.effective_type() for a in actor_list}
    labels = dict(PartnerType.choices)
    return [(t.value, labels[t]) for t in TYPICAL_PARTNER_TYPES if t not in present]


def partner_type_counts(actor_list) -> list[tuple[str, int]]:
    counts = Counter(a.effective_type() for a in actor_list)
    labels = dict(PartnerType.choices)
    return [(labels[t], counts[t]) for t in PartnerType.values if counts.get(t)]


# --- phases ----------------------------------------------------------------------------------------------------------

# (key, phase, item in our own words, source). The advice boxes and themes of 000 §6.1–6.5.
PHASE_ADVICE = [
    ("bs_needs", Phase.BEFORE_START, _("Agree on what the project lacks and which partners could supply it"),
     "000 §6.1.1"),
    ("bs_reasons", Phase.BEFORE_START, _("Write down why each partner is chosen: premises, access to the target "
                                         "group, skills, network or location"), "000 §6.1.1"),
    ("bs_values", Phase.BEFORE_START, _("Check that you share interests and a view of people"), "000 §6.1.3"),
    ("bs_entrance", Phase.BEFORE_START, _("Find the right way in to the municipality or partner, for example "
                                          "through someone you already know"), "000 §6.1.4"),
    ("bs_ally", Phase.BEFORE_START, _("Find an ally at each partner who takes ownership of the work"),
     "000 §6.1.5"),
    ("bs_strengths", Phase.BEFORE_START, _("Talk openly about each other's strengths, weak spots and goals, and "
                                           "which skills each side brings"), "000 §6.1.5"),
    ("su_involve", Phase.START_UP, _("Bring partners and volunteers into shaping the project early"),
     "000 §6.2.5"),
    ("su_learn", Phase.START_UP, _("Learn how the partner works and is organised"), "000 §6.2.1"),
    ("su_idea", Phase.START_UP, _("Clarify the project idea together"), "000 §6.2.2"),
    ("su_staff", Phase.START_UP, _("If possible, have paid staff on both sides (secondment or shared project "
                                   "management)"), "000 §6.2.3"),
    ("su_local", Phase.START_UP, _("Place the project locally, where the target group lives its life"),
     "000 §6.2.4"),
    ("fo_roles", Phase.FORMALISATION, _("Agree who does what and who is responsible"), "000 §6.3.1"),
    ("fo_agreement", Phase.FORMALISATION, _("Write a collaboration agreement from the start"), "000 §6.3.2"),
    ("fo_revisit", Phase.FORMALISATION, _("Plan when to revisit the agreement, e.g. when staff change or partners "
                                          "join"), "000 §6.3.2"),
    ("fo_management", Phase.FORMALISATION, _("Secure backing from management high up at each partner"),
     "000 §6.3.3"),
    ("fo_steering", Phase.FORMALISATION, _("Set up a steering or working group in which every actor is "
                                           "represented"), "000 §6.3.4"),
    ("ru_relation", Phase.RUNNING, _("Spend time on the personal relation with each partner"), "000 §6.4.1"),
    ("ru_share", Phase.RUNNING, _("Share knowledge and data about the project openly"), "000 §6.4.1"),
    ("ru_rhythm", Phase.RUNNING, _("Agree how often you talk, and about what"), "000 §6.4.2"),
    ("ru_physical", Phase.RUNNING, _("Meet in person at each other's workplaces when you can"), "000 §6.4.3"),
    ("ru_expectations", Phase.RUNNING, _("Follow up and align expectations with each partner regularly"),
     "000 §6.4.3"),
    ("an_start", Phase.ANCHORING, _("Look at the chances of anchoring from the start: money and professional "
                                    "frame"), "000 §6.5.2"),
    ("an_partners", Phase.ANCHORING, _("Look at which partners have the skills and the will to carry the work "
                                       "on"), "000 §6.5.2"),
    ("an_evaluation", Phase.ANCHORING, _("Plan evaluation and documentation that can support anchoring"),
     "000 §6.5.2"),
    ("an_options", Phase.ANCHORING, _("Choose a way forward: scale down, a partner takes over, a local branch "
                                      "takes over, or the volunteers form their own association"), "000 §6.5.1"),
]

PHASE_SOURCES = {
    Phase.BEFORE_START: "000 §6.1", Phase.START_UP: "000 §6.2", Phase.FORMALISATION: "000 §6.3",
    Phase.RUNNING: "000 §6.4", Phase.ANCHORING: "000 §6.5",
}


def ensure_phase_items(partnership) -> None:
    """Create the advice items the partnership does not have yet (idempotent; safe under concurrent requests)."""
    have = set(PhaseItem.objects.filter(partnership=partnership).exclude(key="").values_list("key", flat=True))
    with translation.override("en"):  # stored in English; shown in the user's language through item_title()
        new = [PhaseItem(partnership=partnership, phase=phase, key=key, title=str(title), source=source, order=i)
               for i, (key, phase, title, source) in enumerate(PHASE_ADVICE) if key not in have]
    if new:
        try:
            with transaction.atomic():
                PhaseItem.objects.bulk_create(new)
        except IntegrityError:  # another request created them at the same moment
            pass


ADVICE_TITLES = {key: title for key, _phase, title, _source in PHASE_ADVICE}


def item_title(item) -> str:
    """Advice items show in the user's language; own items as written."""
    return str(ADVICE_TITLES[item.key]) if item.key in ADVICE_TITLES else item.title


def phase_overview(partnership) -> list[dict]:
    """Per phase: the items and the progress (done out of the relevant ones)."""
    items = list(PhaseItem.objects.filter(partnership=partnership).select_related("owner"))
    out = []
    for phase, label in Phase.choices:
        mine = [i for i in items if i.phase == phase]
        for i in mine:
            i.display_title = item_title(i)
        relevant = [i for i in mine if i.status != PhaseItem.Status.NOT_RELEVANT]
        done = sum(1 for i in relevant if i.status == PhaseItem.Status.DONE)
        doing = sum(1 for i in relevant if i.status == PhaseItem.Status.DOING)
        pct = round(100 * done / len(relevant)) if relevant else 0
        out.append({"phase": phase, "label": label, "source": PHASE_SOURCES[phase], "items": mine,
                    "done": done, "doing": doing, "total": len(relevant), "percent": pct})
    return out


def current_phase(overview) -> dict | None:
    """The first phase that is not finished: where the partnership stands."""
    for row in overview:
        if row["total"] and row["done"] < row["total"]:
            return row
    return overview[-1] if overview else None


# --- meetings and follow-up actions ------------------------------------------------------------------------------

def open_actions(partnership=None, partnership_ids=None):
    qs = FollowUpAction.objects.filter(done=False).select_related("meeting", "owner", "owner_actor__organisation")
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    if partnership_ids is not None:
        qs = qs.filter(partnership_id__in=partnership_ids)
    return qs.order_by(models_nulls_last("due"), "pk")


def models_nulls_last(field):
    from django.db.models import F

    return F(field).asc(nulls_last=True)


def set_action_done(request, action, done: bool) -> None:
    action.done = done
    action.done_on = timezone.localdate() if done else None
    action.save(update_fields=["done", "done_on"])
    record(request, "partnership.action.done" if done else "partnership.action.reopen", action,
           partnership=action.partnership)


def home_open_actions(user) -> list[str]:
    """Lines for the facilitator's home card: the first open actions, overdue first."""
    from brobyg.core.permissions import is_site_admin, partnership_ids

    ids = None if is_site_admin(user) else partnership_ids(user, EDIT_ROLES)
    qs = open_actions(partnership_ids=ids)
    total = qs.count()
    today = timezone.localdate()
    lines = []
    for action in qs[:3]:
        due = f" ({action.due:%d.%m})" if action.due else ""
        mark = "⚠ " if action.due and action.due < today else ""
        lines.append(f"{mark}{action.text}{due}")
    if total > 3:
        lines.append(str(_("… and %(n)d more") % {"n": total - 3}))
    if not lines:
        lines.append(str(_("No open actions.")))
    return lines


# --- collaboration agreement -------------------------------------------------------------------------------------

AGREEMENT_FIELDS = ("purpose", "values", "resources", "meeting_rhythm", "starts", "ends", "signed_off_by",
                    "signed_off_on", "recruitment_owner", "recruitment_reason", "change_note")


def latest_agreement(partnership):
    return (AgreementVersion.objects.filter(partnership=partnership).prefetch_related("tasks__actor__organisation")
            .order_by("-number").first())


@transaction.atomic
def save_agreement_version(request, partnership, data: dict, tasks: list[dict]) -> AgreementVersion:
    """Store the agreement as a new version (older versions stay as they were)."""
    from brobyg.partnerships.models import Partnership

    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()  # serialise version numbers
    number = (AgreementVersion.objects.filter(partnership=partnership).aggregate(m=Max("number"))["m"] or 0) + 1
    version = AgreementVersion.objects.create(
        partnership=partnership, number=number, created_by=request.user,
        **{f: data.get(f) for f in AGREEMENT_FIELDS if f in data})
    AgreementTask.objects.bulk_create([
        AgreementTask(version=version, actor=t["actor"], party_name=t["actor"].organisation.name if t["actor"] else "",
                      area=t["area"], description=t["description"])
        for t in tasks])
    record(request, "partnership.agreement.save", version, partnership=partnership, detail=f"version {number}")
    return version


def tasks_by_party(version) -> list[dict]:
    groups = {}
    for task in version.tasks.all():
        groups.setdefault(task.party_name or str(_("Shared")), []).append(task)
    return [{"party": k, "tasks": v} for k, v in sorted(groups.items())]


# --- self-ratings ------------------------------------------------------------------------------------------------

# (key, group, statement in our own words, source)
CI = _("Collective impact conditions")
ANCHOR = _("Anchoring potential")
CONDITIONS = [
    ("common_agenda", CI, _("Common agenda: the actors share an understanding of the problem and the goals"),
     "003 §2.1.1"),
    ("shared_measurement", CI, _("Shared measurement: we agree on how to see whether we get there, and collect "
                                 "the data together"), "003 §2.1.1"),
    ("continuous_communication", CI, _("Continuous communication: we talk often enough to build trust and keep "
                                       "each other informed"), "003 §2.1.1"),
    ("mutually_reinforcing", CI, _("Mutually reinforcing activities: what each actor does fits with and "
                                   "strengthens the others' work"), "003 §2.1.1"),
    ("backbone", CI, _("Backbone: someone has the time and mandate to hold the partnership together"),
     "003 §2.1.1"),
    ("anchor_economy", ANCHOR, _("There is a realistic economic frame for continuing after the project period"),
     "000 §6.5.2"),
    ("anchor_professional", ANCHOR, _("The work has a professional home with a partner after the project period"),
     "000 §6.5.2"),
    ("anchor_partners", ANCHOR, _("The partners have the skills and the will to carry the work on"),
     "000 §6.5.2"),
    ("anchor_evidence", ANCHOR, _("Our evaluation and documentation can show what the work achieves"),
     "000 §6.5.2"),
    ("anchor_volunteers", ANCHOR, _("Volunteers and participants could carry activities on themselves, e.g. in "
                                    "their own association"), "000 §6.5.1"),
]
# The facilitator's own check: the core elements of backbone and facilitation (003 Table 2.3), in our words.
FACILITATION = _("Facilitation")
T23 = "003 Tab. 2.3"
CONDITIONS += [
    ("fac_activate", FACILITATION, _("We invite actors in, make the frames clear, mobilise and tie things together"),
     T23),
    ("fac_boundary", FACILITATION, _("Someone works across the partners' organisational borders and hierarchies"),
     T23),
    ("fac_task", FACILITATION, _("Facilitation keeps to the task and empowers, even when concerns pull apart"),
     T23),
    ("fac_nonlinear", FACILITATION, _("We expect the network to shift and change, not to follow a straight line"),
     T23),
    ("fac_relations", FACILITATION, _("We give relations, trust and respect the meetings and time they need"),
     T23),
    ("fac_social_capital", FACILITATION, _("We build on the networks that already exist locally"), T23),
    ("fac_outside_view", FACILITATION, _("The facilitator looks with curious, neutral and independent eyes"), T23),
    ("fac_conflicts", FACILITATION, _("Conflicts of interest in the area are mediated"), T23),
    ("fac_network", FACILITATION, _("We map the actors, their positions, interests and conflicts, and who is "
                                    "missing"), T23),
    ("fac_competences", FACILITATION, _("The facilitator has the skills to facilitate"), T23),
    ("fac_non_hierarchical", FACILITATION, _("Our networks cut across positions of power rather than top-down"),
     T23),
    ("fac_uncertain", FACILITATION, _("Uncertain actors and citizens get help to take part and say what they want"),
     T23),
    ("fac_citizens", FACILITATION, _("Every affected group of citizens is invited, and taking part stays voluntary"),
     T23),
    ("fac_no_authority", FACILITATION, _("The facilitator holds no authority responsibility (myndighedsansvar)"),
     "003 §2.3.1"),
]
CONDITION_KEYS = [c[0] for c in CONDITIONS]


def authority_facilitators(partnership) -> list[str]:
    """Actors that hold authority responsibility and also facilitate: the backbone actor, or the organisation a
    facilitator acts for. 003 §2.3.1: case workers take part as equals, but should not facilitate."""
    from .models import Membership, PartnershipOrganisation, Role

    facilitating = Membership.objects.filter(partnership=partnership, role=Role.FACILITATOR,
                                             organisation__isnull=False).values("organisation_id")
    qs = (PartnershipOrganisation.objects.filter(partnership=partnership, holds_authority=True)
          .filter(Q(actor_role=PartnershipOrganisation.ActorRole.BACKBONE) | Q(organisation_id__in=facilitating)))
    return list(qs.order_by("organisation__name").values_list("organisation__name", flat=True))
SCALE = [(1, _("1 – not at all")), (2, _("2 – a little")), (3, _("3 – partly")), (4, _("4 – largely")),
         (5, _("5 – fully"))]


@transaction.atomic
def save_rating_round(request, partnership, date, title, note, scores: dict, comments: dict) -> RatingRound:
    rnd = RatingRound.objects.create(partnership=partnership, date=date, title=title, note=note,
                                     created_by=request.user)
    Rating.objects.bulk_create([Rating(round=rnd, condition=k, score=scores.get(k), comment=comments.get(k, ""))
                                for k in CONDITION_KEYS])
    record(request, "partnership.rating.create", rnd, partnership=partnership)
    return rnd


def rating_history(partnership, limit: int = 6) -> dict:
    """The last rounds (oldest first) and, per condition, the scores and the change since the previous round."""
    rounds = list(RatingRound.objects.filter(partnership=partnership).order_by("-date", "-pk")[:limit])[::-1]
    scores = {(r.round_id, r.condition): r.score
              for r in Rating.objects.filter(round__in=rounds).only("round_id", "condition", "score")}
    rows = []
    for key, group, text, source in CONDITIONS:
        cells = [scores.get((r.pk, key)) for r in rounds]
        known = [c for c in cells if c is not None]
        change = known[-1] - known[-2] if len(known) >= 2 and cells[-1] is not None else None
        rows.append({"key": key, "group": str(group), "text": text, "source": source, "cells": cells,
                     "change": change})
    return {"rounds": rounds, "rows": rows}


def round_changes(rnd) -> list[dict]:
    """One round's ratings next to the previous round's."""
    previous = (RatingRound.objects.filter(partnership=rnd.partnership)
                .filter(Q(date__lt=rnd.date) | Q(date=rnd.date, pk__lt=rnd.pk)).order_by("-date", "-pk").first())
    now = {r.condition: r for r in rnd.ratings.all()}
    before = {r.condition: r.score for r in previous.ratings.all()} if previous else {}
    out = []
    for key, group, text, source in CONDITIONS:
        r = now.get(key)
        score = r.score if r else None
        prev = before.get(key)
        out.append({"group": str(group), "text": text, "source": source, "score": score,
                    "comment": r.comment if r else "", "previous": prev,
                    "change": score - prev if score is not None and prev is not None else None})
    return {"previous": previous, "rows": out}


# --- members for owner choices -----------------------------------------------------------------------------------

def member_users(partnership):
    from django.contrib.auth import get_user_model

    ids = Membership.objects.filter(partnership=partnership).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def workspace_summary(partnership) -> dict:
    acts = list(actors(partnership))
    overview = phase_overview(partnership)
    latest_round = RatingRound.objects.filter(partnership=partnership).order_by("-date", "-pk").first()
    return {
        "actor_count": len(acts),
        "contact_count": sum(len(a.contacts.all()) for a in acts),
        "missing": missing_partner_types(acts),
        "phases": overview, "current": current_phase(overview),
        "open_actions": open_actions(partnership)[:5],
        "open_action_count": FollowUpAction.objects.filter(partnership=partnership, done=False).count(),
        "agreement": AgreementVersion.objects.filter(partnership=partnership).order_by("-number").first(),
        "latest_round": latest_round,
        "meeting_count": partnership.meetings.count(),
        "sectors": Counter(a.organisation.sector for a in acts).most_common(),
    }


