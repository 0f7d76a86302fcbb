"""Screens of the citizen's bridge. Access rules: see access.py. Every read of a citizen record is audit-logged."""
from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.core import publicforms
from brobyg.core.search import private_search
from brobyg.partnerships.models import Role

from . import services
from .access import CASE_ROLES, REFERRAL_ROLES, citizens_for, get_citizen, get_referral, referrals_for
from .forms import (
    CitizenForm, ConsentForm, ConversationForm, FirstVisitForm, FollowUpAddForm, FollowUpDoneForm, GuideForm,
    GuideQuestionFormSet,
    MoveForm, OutcomeForm, ReferralForm, RolesForm, SelfReferralForm, WishesForm, WithdrawForm,
)
from .models import (
    ACTIVE_STAGES, Barrier, Conversation, FollowUp, Guide, Journey, ParticipationRole, Referral, ReferralSource, Stage, Support,
)




# --- Referrals ------------------------------------------------------------------------------------------------

@permissions.role_required(*REFERRAL_ROLES)
def referral_list(request):
    qs = referrals_for(request.user)
    status = request.GET.get("status", "")
    if status in Referral.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for referral in page:
        referral.outcome = services.referral_outcome(referral)[-1]  # the closed loop: what came of it
    record(request, "referral.list", None, partnership=permissions.current_partnership(request))
    return render(request, "bridging/referral_list.html", {
        "page": page, "status": status, "statuses": Referral.Status.choices,
        "query": f"status={status}" if status else "",
        "can_consent": permissions.has_role(request.user, None, CASE_ROLES),
    })


@permissions.role_required(*REFERRAL_ROLES)
def referral_create(request):
    partnership = permissions.partnership_for(request, REFERRAL_ROLES)
    form = ReferralForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data = {k: v for k, v in data.items()}
        referral = services.create_referral(request, partnership, {**data, "referred_by": request.user})
        messages.success(request, _("The referral has been saved. A bridge-builder will contact the citizen."))
        return redirect("bridging:referral", pk=referral.pk)
    return render(request, "bridging/referral_form.html", {"form": form, "partnership": partnership})


@login_required
def referral_detail(request, pk):
    referral = get_referral(request.user, pk)
    record(request, "referral.view", referral)
    journey = referral.citizen.current_journey() if referral.citizen_id else None
    return render(request, "bridging/referral_detail.html", {
        "referral": referral, "journey": journey, "outcome": services.referral_outcome(referral),
        "can_consent": permissions.has_role(request.user, referral.partnership, CASE_ROLES),
    })


@login_required
def referral_consent(request, pk):
    """Record consent: creates the citizen record and the journey (kendskab)."""
    referral = get_referral(request.user, pk)
    permissions.require_role(request.user, referral.partnership, CASE_ROLES)
    if referral.citizen_id:
        return redirect("bridging:citizen", pk=referral.citizen_id)
    initial = {"first_name": referral.contact_name, "phone": referral.contact_phone,
               "email": referral.contact_email, "postcode": referral.postcode,
               "guardian_name": referral.guardian_name}
    citizen_form = CitizenForm(request.POST or None, initial=initial, prefix="c")
    consent_form = ConsentForm(request.POST or None, prefix="k",
                               initial={"given_by_guardian": referral.is_minor})
    if request.method == "POST" and citizen_form.is_valid() and consent_form.is_valid():
        consent_data = {k: v for k, v in consent_form.cleaned_data.items() if k != "confirm"}
        try:
            citizen = services.record_consent(request, referral, citizen_form.cleaned_data, consent_data)
        except services.BridgeError as exc:
            consent_form.add_error("given_by_guardian", str(exc))
        else:
            messages.success(request, _("Consent recorded. The journey starts with getting to know each other."))
            return redirect("bridging:citizen", pk=citizen.pk)
    record(request, "referral.view", referral, detail="consent form")
    return render(request, "bridging/consent_form.html", {
        "referral": referral, "citizen_form": citizen_form, "consent_form": consent_form})


@login_required
@require_POST
def referral_decline(request, pk):
    referral = get_referral(request.user, pk)
    permissions.require_role(request.user, referral.partnership, CASE_ROLES)
    try:
        services.decline_referral(request, referral)
    except services.BridgeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Marked as declined. The contact details have been deleted."))
    return redirect("bridging:referrals")


def ask(request):
    """Public self-referral: no login; stores only the referral until a conversation and consent."""
    form = SelfReferralForm(request.POST or None)
    verdict = publicforms.submit(request, form) if request.method == "POST" else None
    if verdict == publicforms.ROBOT:
        return redirect("bridging:ask_thanks")
    if verdict == publicforms.VALID:
        data = form.cleaned_data
        services.create_referral(None, data["partnership"], {
            "source": ReferralSource.SELF, "contact_name": data["contact_name"],
            "contact_phone": data["contact_phone"], "contact_email": data["contact_email"],
            "postcode": data.get("postcode") or "", "wants_help_with": data["wants_help_with"],
            "recruitment_owner": "shared",
        })
        return redirect("bridging:ask_thanks")
    return render(request, "bridging/ask.html", {"form": form},
                  status=429 if verdict == publicforms.THROTTLED else 200)


def ask_thanks(request):
    return render(request, "bridging/ask_thanks.html")


# --- Citizens -------------------------------------------------------------------------------------------------

@permissions.role_required(*CASE_ROLES)
def citizen_list(request):
    terms, done = private_search(request, "citizens")
    if done:
        return done
    qs = citizens_for(request.user).select_related("partnership")
    q = (terms.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(postcode=q))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    journeys = {j.citizen_id: j for j in Journey.objects.filter(citizen__in=[c.pk for c in page]).order_by("started")}
    for citizen in page:
        citizen.journey = journeys.get(citizen.pk)
    record(request, "citizen.list", None, partnership=permissions.current_partnership(request))
    return render(request, "bridging/citizen_list.html", {"page": page, "q": q})


def _citizen_context(request, citizen):
    journey = citizen.current_journey()
    consent = citizen.active_consent()
    ctx = {
        "citizen": citizen, "journey": journey, "consent": consent,
        "withdrawn": services.withdrawal_pending(citizen), "withdraw_form": WithdrawForm(),
        "wish_history": services.wish_history(citizen),
        "next_step": services.next_step(citizen, journey),
        "consents": citizen.consents.all(), "sharing": services.sharing(citizen),
        "conversations": citizen.conversations.select_related("guide", "held_by"),
        "transitions": journey.transitions.select_related("by") if journey else [],
        "follow_ups": journey.follow_ups.all() if journey else [],
        "role_changes": citizen.role_changes.select_related("by"),
        "outcomes": citizen.outcomes.all(),
        "move_form": MoveForm(auto_id="move_%s", initial={"to_stage": journey.stage if journey else Stage.KENDSKAB}),
        "roles_form": RolesForm(auto_id="roles_%s", initial={"roles": citizen.role_list()}),
        "first_visit_form": FirstVisitForm(auto_id="visit_%s", initial={"first_visit": timezone.localdate()}),
        "follow_up_add_form": FollowUpAddForm(auto_id="followup_%s"),
        "barrier_labels": [Barrier(b).label for b in citizen.barrier_list() if b in Barrier.values],
        "support_labels": [Support(s).label for s in citizen.support_list() if s in Support.values],
        "role_labels": [ParticipationRole(r).label for r in citizen.role_list() if r in ParticipationRole.values],
        "referrals": citizen.referrals.select_related("organisation", "referred_by"),
    }
    passed = set(journey.transitions.values_list("to_stage", flat=True)) if journey else set()
    ctx["history"] = _history(journey)
    day_names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
                 _("Sunday")]
    ctx.update({
        "stage_steps": [(s, Stage(s).label) for s in ACTIVE_STAGES], "passed": passed,
        "day_labels": [day_names[d] for d in citizen.day_list()],
    })
    ctx.update(_extra_citizen_context(request, citizen, journey))
    return ctx


def _history(journey) -> list:
    """The journey's history: stage changes and the step into a volunteer role, oldest first."""
    if journey is None:
        return []
    items = [{"kind": "stage", "at": t.at, "t": t} for t in journey.transitions.select_related("by")]
    if journey.volunteer_step_at:
        items.append({"kind": "volunteer", "at": journey.volunteer_step_at, "by": journey.volunteer_step_by,
                      "profile_id": journey.volunteer_profile_id})
    return sorted(items, key=lambda item: item["at"])


def _extra_citizen_context(request, citizen, journey):
    """Matching, companionship and visits (later milestones) add their parts here."""
    try:
        from .views_bridge import citizen_bridge_context
    except ImportError:  # pragma: no cover
        return {}
    return citizen_bridge_context(request, citizen, journey)


@login_required
def citizen_detail(request, pk):
    citizen = get_citizen(request.user, pk)
    record(request, "citizen.view", citizen)
    return render(request, "bridging/citizen_detail.html", _citizen_context(request, citizen))


@login_required
def citizen_edit(request, pk):
    citizen = get_citizen(request.user, pk)
    form = CitizenForm(request.POST or None, instance=citizen, prefix="c")
    wishes = WishesForm(request.POST or None, instance=citizen, prefix="w")
    if request.method == "POST" and form.is_valid() and wishes.is_valid():
        form.save()
        wishes.save()
        citizen.last_activity = timezone.now()
        citizen.save(update_fields=["last_activity"])
        record(request, "citizen.change", citizen)
        messages.success(request, _("Saved."))
        return redirect("bridging:citizen", pk=citizen.pk)
    record(request, "citizen.view", citizen, detail="edit form")
    return render(request, "bridging/citizen_edit.html", {"citizen": citizen, "form": form, "wishes": wishes})


@login_required
@require_POST
def consent_withdraw(request, pk):
    citizen = get_citizen(request.user, pk)
    form = WithdrawForm(request.POST)
    services.withdraw_consent(request, citizen, form.cleaned_data["reason"] if form.is_valid() else "")
    messages.success(request, _("Consent withdrawn. Nothing is shared any more; the companionship and the arrival "
                                "have ended and the companion and the activity have been told. Now choose: erase "
                                "the record, or keep only the minimal record."))
    return redirect(f"{reverse('bridging:citizen', args=[citizen.pk])}#withdrawn")


@login_required
@require_POST
def citizen_minimise(request, pk):
    """After withdrawal: keep only the minimal record (services.minimise)."""
    citizen = get_citizen(request.user, pk)
    try:
        services.minimise(request, citizen)
    except services.BridgeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Only the minimal record is kept: the first name and the dates of referral, "
                                    "consent and withdrawal."))
    return redirect("bridging:citizen", pk=citizen.pk)


@login_required
def consent_new(request, pk):
    citizen = get_citizen(request.user, pk)
    form = ConsentForm(request.POST or None, initial={"given_by_guardian": citizen.is_minor})
    if request.method == "POST" and form.is_valid():
        try:
            services.renew_consent(request, citizen,
                                   {k: v for k, v in form.cleaned_data.items() if k != "confirm"})
        except services.BridgeError as exc:
            form.add_error("given_by_guardian", str(exc))
        else:
            messages.success(request, _("The new consent has been recorded."))
            return redirect("bridging:citizen", pk=citizen.pk)
    record(request, "citizen.view", citizen, detail="consent form")
    return render(request, "bridging/consent_new.html", {"citizen": citizen, "form": form})


@login_required
def citizen_export(request, pk):
    citizen = get_citizen(request.user, pk)
    record(request, "citizen.export", citizen)
    response = HttpResponse(json.dumps(services.export(citizen), ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="brobyg-citizen-{citizen.pk}.json"'
    return response


@login_required
def citizen_erase(request, pk):
    citizen = get_citizen(request.user, pk)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            services.erase(request, citizen)
            messages.success(request, _("The citizen's personal data has been erased. Anonymous counts remain."))
            return redirect("bridging:citizens")
    record(request, "citizen.view", citizen, detail="erase form")
    return render(request, "bridging/citizen_erase.html", {"citizen": citizen})


@login_required
@require_POST
def citizen_roles(request, pk):
    citizen = get_citizen(request.user, pk)
    form = RolesForm(request.POST)
    if form.is_valid():
        change = services.change_roles(request, citizen, form.cleaned_data["roles"], form.cleaned_data["note"])
        if change and "frivillig" in change.to_roles and "frivillig" not in change.from_roles:
            messages.info(request, _("If the citizen agrees, link them to a volunteer profile below."))
        messages.success(request, _("Roles saved."))
    return redirect("bridging:citizen", pk=citizen.pk)


@login_required
def outcome_new(request, pk):
    citizen = get_citizen(request.user, pk)
    if not services.sharing(citizen)["outcomes"]:
        messages.error(request, _("The citizen has not agreed to answer the well-being questions."))
        return redirect("bridging:citizen", pk=citizen.pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_outcome(request, citizen, form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("bridging:citizen", pk=citizen.pk)
    record(request, "citizen.view", citizen, detail="outcome form")
    return render(request, "bridging/outcome_form.html", {"citizen": citizen, "form": form})


# --- Conversation ---------------------------------------------------------------------------------------------

@login_required
def conversation(request, pk, conversation_id=None):
    citizen = get_citizen(request.user, pk)
    existing = None
    if conversation_id:
        existing = get_object_or_404(Conversation, pk=conversation_id, citizen=citizen)
        guide = existing.guide
        initial = {a.question_id: a.value for a in existing.answers.all()}
    else:
        # A new conversation starts from what was said before (shown, editable): nothing is lost.
        guide = services.current_guide(citizen.partnership)
        initial = services.carried_answers(citizen, guide)
    form = ConversationForm(request.POST or None, guide=guide, initial_answers=initial,
                            initial={"notes": existing.notes if existing else ""})
    if request.method == "POST" and form.is_valid():
        services.save_conversation(request, citizen, guide, form.answers(), form.cleaned_data["notes"], existing,
                                   carried=initial, cleared=form.cleared())
        messages.success(request, _("The conversation has been saved and the wishes updated."))
        return redirect("bridging:citizen", pk=citizen.pk)
    record(request, "citizen.view", citizen, detail="conversation")
    return render(request, "bridging/conversation.html", {"citizen": citizen, "guide": guide, "form": form,
                                                          "existing": existing, "carried": any(initial.values())})


@permissions.role_required(*REFERRAL_ROLES, Role.ASSOCIATION_CONTACT, Role.VOLUNTEER)
def guide_detail(request, pk=None):
    """The current guide (printable for paper use), or a given version."""
    partnership = permissions.current_partnership(request)
    if pk:
        guide = get_object_or_404(Guide, pk=pk)
        if guide.partnership_id and not permissions.has_role(request.user, guide.partnership_id):
            raise Http404
    else:
        guide = services.current_guide(partnership)
    versions = Guide.objects.filter(Q(partnership=partnership) | Q(partnership__isnull=True)).order_by(
        "partnership", "-version") if partnership else Guide.objects.none()
    return render(request, "bridging/guide.html", {
        "guide": guide, "versions": versions, "partnership": partnership,
        "can_edit": partnership is not None and permissions.has_role(request.user, partnership,
                                                                     [Role.FACILITATOR]),
    })


@permissions.role_required(Role.FACILITATOR)
def guide_edit(request):
    """Facilitators adapt the questions for their partnership; saving makes a new version."""
    partnership = permissions.partnership_for(request, [Role.FACILITATOR])
    base = services.current_guide(partnership)
    initial = [{"order": q.order, "section": q.section, "text": q.text, "help": q.help, "kind": q.kind,
                "choices": q.choices, "key": q.key} for q in base.questions.all()]
    form = GuideForm(request.POST or None, initial={"name": base.name, "intro": base.intro})
    formset = GuideQuestionFormSet(request.POST or None, initial=initial, prefix="q")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        questions = []
        for i, qform in enumerate(formset.forms):
            data = qform.cleaned_data
            if not data or data.get("delete") or not (data.get("text") or "").strip():
                continue
            sources = {q.text: q.source for q in base.questions.all()}
            questions.append({"order": data.get("order") or (i + 1) * 10, "section": data.get("section", ""),
                              "text": data["text"], "help": data.get("help", ""), "kind": data["kind"],
                              "choices": data.get("choices", ""), "key": data.get("key", ""),
                              "source": sources.get(data["text"], "")})
        if not questions:
            messages.error(request, _("A guide needs at least one question."))
        else:
            guide = services.new_guide_version(request, partnership, base, form.cleaned_data["name"],
                                               form.cleaned_data["intro"], questions)
            messages.success(request, _("Saved as version %(v)d. Earlier answers keep their version.")
                             % {"v": guide.version})
            return redirect("bridging:guide")
    return render(request, "bridging/guide_edit.html", {"form": form, "formset": formset, "base": base})


# --- Journey, boards, follow-ups ------------------------------------------------------------------------------

def _journey(request, pk):
    return permissions.get_for_role(request, Journey.objects.select_related("citizen", "partnership"), CASE_ROLES,
                                    pk=pk)[0]


@login_required
@require_POST
def journey_move(request, pk):
    journey = _journey(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move(request, journey, form.cleaned_data["to_stage"], reason=form.cleaned_data["reason"],
                          note=form.cleaned_data["note"])
        except services.BridgeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The journey has moved on."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("bridging:citizen", pk=journey.citizen_id)


@login_required
@require_POST
def follow_up_add(request, pk):
    """A follow-up added by hand: a date and what it is about."""
    journey = _journey(request, pk)
    form = FollowUpAddForm(request.POST)
    if form.is_valid():
        try:
            services.add_follow_up(request, journey, form.cleaned_data["due"], form.cleaned_data["label"])
        except services.BridgeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The follow-up has been added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(f"{reverse('bridging:citizen', args=[journey.citizen_id])}#journey")


@login_required
@require_POST
def journey_first_visit(request, pk):
    journey = _journey(request, pk)
    form = FirstVisitForm(request.POST)
    if form.is_valid():
        services.schedule_follow_ups(request, journey, form.cleaned_data["first_visit"])
        messages.success(request, _("First visit recorded; follow-ups are scheduled."))
    else:
        messages.error(request, _("Give the date of the first visit."))
    return redirect("bridging:citizen", pk=journey.citizen_id)


@permissions.role_required(*CASE_ROLES)
def board(request):
    """Who is where: per partnership, or only my citizens (?mine=1). Longest waiting first in every column."""
    partnership = permissions.partnership_for(request, CASE_ROLES)
    mine = request.GET.get("mine") == "1"
    journeys = Journey.objects.filter(partnership=partnership)
    if mine:
        journeys = journeys.filter(bridge_builder=request.user)
    record(request, "journey.board", None, partnership=partnership)
    return render(request, "bridging/board.html", {"columns": services.board(journeys), "mine": mine,
                                                   "partnership": partnership})


@permissions.role_required(*CASE_ROLES)
def follow_up_list(request):
    partnership = permissions.partnership_for(request, CASE_ROLES)
    everyone = request.GET.get("all") == "1"
    qs = services.due_follow_ups(request.user, partnership_ids=[partnership.pk] if everyone else None)
    if not everyone:
        qs = qs.filter(journey__partnership=partnership)
    due_now = request.GET.get("due") == "now"  # the home page's "due today or overdue"
    if due_now:
        qs = qs.filter(due__lte=timezone.localdate())
    record(request, "followup.list", None, partnership=partnership)
    return render(request, "bridging/follow_ups.html", {"follow_ups": qs[:200], "everyone": everyone,
                                                        "today": timezone.localdate(), "due_now": due_now})


@login_required
def follow_up_done(request, pk):
    follow_up = permissions.get_scoped_or_404(FollowUp.objects.select_related("journey__citizen"), request.user,
                                              field="journey__partnership", pk=pk)
    permissions.require_role(request.user, follow_up.journey.partnership_id, CASE_ROLES)
    form = FollowUpDoneForm(request.POST or None, initial={"next_stage": ""},
                            moving_on=services.is_last_follow_up(follow_up))
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_follow_up(request, follow_up, form.cleaned_data["note"],
                                        form.cleaned_data["next_stage"],
                                        form.cleaned_data.get("ready_to_move_on", ""))
        except services.BridgeError as exc:
            form.add_error("next_stage", str(exc))
        else:
            messages.success(request, _("Follow-up done."))
            return redirect("bridging:citizen", pk=follow_up.journey.citizen_id)
    record(request, "citizen.view", follow_up.journey.citizen, detail="follow-up")
    return render(request, "bridging/follow_up_done.html", {"follow_up": follow_up, "form": form})


@permissions.role_required(*CASE_ROLES)
def review(request):
    """Records without activity for BROBYG_INACTIVE_CITIZEN_MONTHS: review, then erase or keep."""
    from django.conf import settings

    qs = services.inactive_citizens(citizens_for(request.user)).order_by("last_activity")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    record(request, "citizen.review", None, partnership=permissions.current_partnership(request))
    return render(request, "bridging/review.html", {"page": page,
                                                    "months": settings.BROBYG_INACTIVE_CITIZEN_MONTHS})


@login_required
@require_POST
def review_keep(request, pk):
    citizen = get_citizen(request.user, pk)
    services.touch(citizen)
    record(request, "citizen.keep", citizen)
    messages.success(request, _("Kept; the record will be reviewed again later."))
    return redirect("bridging:review")
