"""Screens of the bridge after the conversation: suggestions and proposals (000 §7.1.3), the companion (§7.2),
newcomers for association contacts and hosts (§7.3), participation (§7.4). Thin: the rules live in bridge.py,
matching.py and access.py. Every read of citizen data is audit-logged."""
from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.models import Role

from . import bridge, matching
from .access import CASE_ROLES, get_arrival_for_contact, get_citizen, get_companion_card
from .forms import ChooseForm, CompanionForm, ParticipationForm, ProposeForm, VisitForm
from .models import Companionship, Journey, Proposal
from .services import BridgeError


def citizen_bridge_context(request, citizen, journey):
    """The bridge part of the citizen page (bridge-builders and facilitators only)."""
    if journey is None:
        return {}
    arrival = getattr(journey, "arrival", None) if hasattr(journey, "arrival") else None
    suggestions = bridge.companion_suggestions(citizen)
    return {
        "bridge_template": "bridging/_bridge.html",
        "proposals": journey.proposals.select_related("activity"),
        "arrival": arrival, "choose_form": ChooseForm(auto_id="choose_%s"),
        "companionships": journey.companionships.select_related("profile"),
        "companion_suggestions": suggestions,
        "resting_companions": _resting_companions(citizen),
        "companion_form": CompanionForm(partnership=citizen.partnership, suggestions=suggestions, initial={
            "meeting_place": arrival.activity.meeting_place if arrival else "",
            "entrance": arrival.activity.entrance if arrival else "",
            "receiver": arrival.activity.receiver if arrival else "",
            "meeting_at": timezone.localtime(arrival.expected).strftime("%Y-%m-%dT%H:%M")
            if arrival and arrival.expected else ""}),
        "visits": journey.visits.all(), "participations": journey.participations.all(),
        "companion_visits": bridge.companion_visit_logs(journey),
        "participation_form": ParticipationForm(auto_id="participation_%s"),
        "volunteer_step_open": bridge.volunteer_step_open(journey),
        "volunteer_wish": bridge.volunteer_wish(journey),
    }


def _resting_companions(citizen):
    """Companions taking a break are not suggested or asked (002: stepping back without penalty) — but flagged, so
    the bridge-builder knows why someone is missing."""
    from brobyg.volunteers.models import Status, VolunteerProfile

    return list(VolunteerProfile.objects.filter(partnership=citizen.partnership, status=Status.RESTING,
                                                wants_companion=True).order_by("first_name")[:8])


def _journey_of(request, citizen_pk):
    citizen = get_citizen(request.user, citizen_pk)
    journey = citizen.current_journey()
    if journey is None:
        raise Http404
    return citizen, journey


@login_required
def citizen_matches(request, pk):
    """Suggested activities with the reasons for each; the bridge-builder ticks the ones to propose."""
    citizen = get_citizen(request.user, pk)
    journey = citizen.current_journey()
    matches = matching.suggest(citizen, limit=10)
    form = ProposeForm(request.POST or None, matches=matches)
    if request.method == "POST" and form.is_valid() and journey:
        try:
            bridge.propose(request, journey, form.cleaned_data["activities"])
        except BridgeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Proposed. Now let the citizen choose."))
            return redirect("bridging:citizen", pk=citizen.pk)
    record(request, "citizen.view", citizen, detail="matches")
    proposed = set(journey.proposals.values_list("activity_id", flat=True)) if journey else set()
    near, also_fits = bridge.near_balance(matches)
    return render(request, "bridging/matches.html", {
        "citizen": citizen, "matches": matches, "form": form, "proposed": proposed,
        "farther": matching.farther(citizen, matches),
        "left_out": bridge.left_out(citizen), "near_balance": near, "also_fits": also_fits,
        "quality": bridge.matching_quality(Journey.objects.filter(partnership=citizen.partnership))})


@login_required
@require_POST
def proposal_choose(request, pk):
    proposal = permissions.get_scoped_or_404(Proposal.objects.select_related("journey__citizen", "activity"),
                                             request.user, field="journey__partnership", pk=pk)
    permissions.require_role(request.user, proposal.journey.partnership_id, CASE_ROLES)
    form = ChooseForm(request.POST)
    expected = form.cleaned_data["expected"] if form.is_valid() else None
    try:
        bridge.choose(request, proposal, expected)
    except bridge.PlaceTaken as exc:
        # Full: say so and offer another — the suggestions page leaves full activities out.
        messages.error(request, str(exc))
        return redirect("bridging:citizen_matches", pk=proposal.journey.citizen_id)
    except BridgeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The citizen's choice is saved: it holds one of the activity's open places, "
                                    "and the association is told a newcomer is coming."))
    return redirect("bridging:citizen", pk=proposal.journey.citizen_id)


@login_required
@require_POST
def companion_assign(request, pk):
    citizen, journey = _journey_of(request, pk)
    form = CompanionForm(request.POST, partnership=citizen.partnership)
    if form.is_valid():
        data = form.cleaned_data
        try:
            bridge.assign_companion(request, journey, data["profile"], {k: data[k] for k in (
                "meeting_place", "entrance", "receiver", "meeting_at")})
        except BridgeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The companion has been assigned and sees the meeting information."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("bridging:citizen", pk=citizen.pk)


@login_required
@require_POST
def companionship_end(request, pk):
    companionship = permissions.get_scoped_or_404(Companionship.objects.select_related("journey"), request.user,
                                                  field="journey__partnership", pk=pk)
    permissions.require_role(request.user, companionship.journey.partnership_id, CASE_ROLES)
    bridge.end_companionship(request, companionship, tell=True)
    messages.success(request, _("The companionship has ended."))
    return redirect("bridging:citizen", pk=companionship.journey.citizen_id)


@login_required
@require_POST
def participation_new(request, pk):
    citizen, journey = _journey_of(request, pk)
    form = ParticipationForm(request.POST)
    if form.is_valid():
        bridge.record_participation(request, journey, form.cleaned_data)
        messages.success(request, _("Saved."))
    return redirect("bridging:citizen", pk=citizen.pk)


@login_required
@require_POST
def volunteer_step(request, pk):
    """Take the step a participation record opened (000 §7.4.1): the volunteer role is added and marked on the
    journey, then the bridge-builder registers the person with the volunteers app's own form."""
    citizen, journey = _journey_of(request, pk)
    try:
        bridge.start_volunteer_step(request, journey)
    except BridgeError as exc:
        messages.error(request, str(exc))
        return redirect("bridging:citizen", pk=citizen.pk)
    messages.success(request, _("The volunteer role has been added. Now register the person as a volunteer – "
                                "together with them, and with their own consent."))
    return redirect(f"{reverse('volunteers:create')}?journey={journey.pk}")


# --- The companion's and the association's views -----------------------------------------------------------------

@permissions.role_required(Role.VOLUNTEER)
def accompany(request):
    """The companion's own list: meeting information, first name and welcome needs — nothing else."""
    shown = [(c, card) for c in bridge.companionships_for_volunteer(request.user)
             if (card := bridge.companion_card(c))]
    cards = [card for _c, card in shown]
    _record_read(request, "companion.list", [c.journey.partnership_id for c, _card in shown])
    from brobyg.core.notify import recent_notices

    return render(request, "bridging/accompany.html", {"cards": cards, "notices": recent_notices(request.user)})


@permissions.role_required(Role.VOLUNTEER)
def accompany_detail(request, pk):
    card = get_companion_card(request.user, pk)
    companionship = get_object_or_404(Companionship.objects.select_related("journey"), pk=pk)
    record(request, "companion.view", companionship, partnership=companionship.journey.partnership_id)
    return render(request, "bridging/accompany_detail.html", {"card": card})


def _record_read(request, action, partnership_ids) -> None:
    """A list read, written to the audit log of each partnership whose citizens it showed (with how many), so every
    partnership's own log shows who read its people (issue 13); one entry without a partnership when it was empty."""
    counts = Counter(partnership_ids)
    for partnership_id, n in sorted(counts.items()) or [(None, 0)]:
        record(request, action, None, partnership=partnership_id, detail=str(n))


@permissions.role_required(Role.ASSOCIATION_CONTACT, Role.VOLUNTEER)
def newcomers(request):
    """Newcomers on their way to the contact's own activities or the activities the volunteer hosts (consented
    fields only)."""
    shown = [(a, c) for a in bridge.arrivals_for_receiver(request.user)[:200] if (c := bridge.newcomer_card(a))]
    cards = [c for _a, c in shown]
    _record_read(request, "newcomer.list", [a.journey.partnership_id for a, _c in shown])
    return render(request, "bridging/newcomers.html", {"cards": cards})


@permissions.role_required(Role.ASSOCIATION_CONTACT, Role.VOLUNTEER)
def newcomer(request, pk):
    """One newcomer: what helps them feel welcome; the host records how the first visits went and, later,
    whether they keep coming."""
    arrival = get_arrival_for_contact(request.user, pk)
    card = bridge.newcomer_card(arrival)
    visit_form = VisitForm(request.POST if request.POST.get("kind") == "visit" else None, prefix="v")
    part_form = ParticipationForm(request.POST if request.POST.get("kind") == "participation" else None,
                                  prefix="p")
    if request.method == "POST":
        if visit_form.is_bound and visit_form.is_valid():
            bridge.record_visit(request, arrival, visit_form.cleaned_data)
            messages.success(request, _("Thank you. The bridge-builder can see how it went."))
            return redirect("bridging:newcomer", pk=arrival.pk)
        if part_form.is_bound and part_form.is_valid():
            bridge.record_participation(request, arrival.journey, part_form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("bridging:newcomer", pk=arrival.pk)
    record(request, "newcomer.view", arrival, partnership=arrival.journey.partnership)
    return render(request, "bridging/newcomer.html", {
        "card": card, "arrival": arrival, "visit_form": visit_form, "part_form": part_form,
        "visits": arrival.journey.visits.filter(activity=arrival.activity)})
