"""Screens for ideas, causes, success stories, logbooks and partnership self-assessments (issue 8)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core import publicforms
from brobyg.core.permissions import get_for_role, get_scoped_or_404, has_role, partnership_for, require_role

from . import services
from .forms import (AssessmentForm, CauseForm, CauseMeetingForm, IdeaNoteForm, LogEntryForm, PlanLinkForm,
                    PublicIdeaForm, RoundForm, StaffIdeaForm, StatusForm, StoryForm)
from .models import AssessmentResponse, AssessmentRound, Cause, Idea, IdeaStatus, LogEntry, PlanLink, Story
from .services import (ASSESS_ANSWER_ROLES, ASSESS_RESULT_ROLES, CAUSE_READ_ROLES, IDEA_ROLES, LOG_ROLES,
                       MANAGE_ROLES, OVERVIEW_ROLES, STORY_WRITE_ROLES)






# --- overview --------------------------------------------------------------------------------------------------------

@login_required
def overview(request):
    partnership = partnership_for(request, OVERVIEW_ROLES)
    data = services.counts(partnership)
    record(request, "initiatives.overview", partnership, partnership=partnership)
    return render(request, "initiatives/overview.html", {
        "partnership": partnership, "data": data, "can_ideas": has_role(request.user, partnership, IDEA_ROLES),
        "can_results": has_role(request.user, partnership, ASSESS_RESULT_ROLES)})


# --- ideas -----------------------------------------------------------------------------------------------------------

def idea_public(request):
    """'Do you have an idea?' – open to everybody, phone-friendly, no third-party spam service (004 Part 2)."""
    initial = {}
    chosen = request.GET.get("p", "")
    if chosen.isdigit():
        initial["partnership"] = int(chosen)
    form = PublicIdeaForm(request.POST or None, initial=initial)
    verdict = publicforms.submit(request, form) if request.method == "POST" else None
    if verdict == publicforms.ROBOT:  # a bot filled the hidden field: say thanks, keep nothing
        return redirect("initiatives:idea_thanks")
    if verdict == publicforms.VALID:
        with transaction.atomic():
            idea = form.save(commit=False)
            idea.source = Idea.Source.PUBLIC
            idea.save()
            record(None, "idea.submit", idea, partnership=idea.partnership, detail="public form")
        return redirect("initiatives:idea_thanks")
    return render(request, "initiatives/idea_public.html", {"form": form},
                  status=429 if verdict == publicforms.THROTTLED else 200)


def idea_thanks(request):
    return render(request, "initiatives/idea_thanks.html")


@login_required
def ideas(request):
    partnership = partnership_for(request, IDEA_ROLES)
    qs = Idea.objects.filter(partnership=partnership).prefetch_related("plan_links")
    status = request.GET.get("status", "")
    if status in IdeaStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    record(request, "idea.list", partnership, partnership=partnership)
    return render(request, "initiatives/ideas.html", {
        "partnership": partnership, "page": page, "status": status, "statuses": IdeaStatus.choices,
        "query": urlencode({"status": status}) if status else ""})


@login_required
def idea_new(request):
    partnership = partnership_for(request, IDEA_ROLES)
    form = StaffIdeaForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            idea = form.save(commit=False)
            idea.partnership = partnership
            idea.source = Idea.Source.STAFF
            idea.created_by = request.user
            idea.responsible = request.user
            idea.save()
            form.save_m2m()
            record(request, "idea.create", idea, partnership=partnership)
        messages.success(request, _("The idea has been received."))
        return redirect("initiatives:idea", idea.pk)
    return render(request, "initiatives/form.html", {
        "form": form, "title": _("Enter an idea"), "back": reverse("initiatives:ideas"),
        "intro": _("For ideas that come by phone, at a meeting or over coffee. Write the initiator's own words.")})


@login_required
def idea_detail(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership", "responsible"), IDEA_ROLES, pk=pk)[0]
    record(request, "idea.view", idea)
    return render(request, "initiatives/idea_detail.html", {
        "idea": idea, "notes": idea.notes.select_related("author"), "causes": idea.causes.all(),
        "status_form": StatusForm(initial={"status": idea.status, "explanation": idea.explanation}),
        "note_form": IdeaNoteForm(), "extra": _idea_extras(request, idea), "erased": idea.initiator_name ==
        services.ERASED, "can_erase": has_role(request.user, idea.partnership, MANAGE_ROLES),
        "months": services.retention_months()})


def _idea_extras(request, idea):
    """Room for later steps (idea → activity) that depend on other apps."""
    from . import activities

    return activities.idea_context(request, idea)


@login_required
def idea_edit(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership"), IDEA_ROLES, pk=pk)[0]
    form = StaffIdeaForm(request.POST or None, instance=idea, partnership=idea.partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request, "idea.update", idea)
        messages.success(request, _("The idea has been saved."))
        return redirect("initiatives:idea", idea.pk)
    return render(request, "initiatives/form.html", {
        "form": form, "title": _("Edit the idea"), "back": reverse("initiatives:idea", args=[idea.pk])})


@login_required
@require_POST
def idea_status(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership"), IDEA_ROLES, pk=pk)[0]
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(request, idea, form.cleaned_data["status"], form.cleaned_data["explanation"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("initiatives:idea", idea.pk)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("initiatives:idea", idea.pk)


@login_required
@require_POST
def idea_note(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership"), IDEA_ROLES, pk=pk)[0]
    form = IdeaNoteForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            note = form.save(commit=False)
            note.idea = idea
            note.author = request.user
            note.save()
            if idea.status == IdeaStatus.NEW:
                services.set_status(request, idea, IdeaStatus.DIALOGUE)
            record(request, "idea.note", idea)
        messages.success(request, _("The note has been added."))
    else:
        messages.error(request, _("Write what was talked about."))
    return redirect("initiatives:idea", idea.pk)


@login_required
@require_POST
def idea_cause(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership"), IDEA_ROLES, pk=pk)[0]
    cause = services.idea_to_cause(request, idea)
    messages.success(request, _("The cause has been started. Add the first meeting and the action plan."))
    return redirect("initiatives:cause", cause.pk)


@login_required
@require_POST
def idea_erase(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership"), MANAGE_ROLES, pk=pk)[0]
    services.erase_initiator(request, idea, detail="on request")
    messages.success(request, _("The initiators' personal data has been erased from the idea."))
    return redirect("initiatives:idea", idea.pk)


@login_required
def plan_links(request):
    partnership = partnership_for(request, MANAGE_ROLES)
    form = PlanLinkForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        link = form.save(commit=False)
        link.partnership = partnership
        link.save()
        record(request, "planlink.create", link, partnership=partnership)
        messages.success(request, _("Added."))
        return redirect("initiatives:plan_links")
    return render(request, "initiatives/plan_links.html", {
        "form": form, "links": PlanLink.objects.filter(partnership=partnership), "partnership": partnership})


# --- causes ----------------------------------------------------------------------------------------------------------

@login_required
def causes(request):
    partnership = partnership_for(request, CAUSE_READ_ROLES)
    rows = Cause.objects.filter(partnership=partnership).prefetch_related("meetings")
    return render(request, "initiatives/causes.html", {
        "partnership": partnership, "causes": rows, "can_edit": has_role(request.user, partnership, IDEA_ROLES)})


@login_required
def cause_new(request):
    partnership = partnership_for(request, IDEA_ROLES)
    form = CauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            cause = form.save(commit=False)
            cause.partnership = partnership
            cause.created_by = request.user
            cause.save()
            record(request, "cause.create", cause, partnership=partnership)
        return redirect("initiatives:cause", cause.pk)
    return render(request, "initiatives/form.html", {
        "form": form, "title": _("Start a cause"), "back": reverse("initiatives:causes"),
        "intro": _("A cause begins in a small circle, meets with 2–30 people, makes an action plan and then "
                   "reaches out for helpers (002, Sager der Samler).")})


@login_required
def cause_detail(request, pk):
    cause = get_for_role(request, Cause.objects.select_related("partnership", "idea"), CAUSE_READ_ROLES, pk=pk)[0]
    can_edit = has_role(request.user, cause.partnership, IDEA_ROLES)
    form = CauseMeetingForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                meeting = form.save(commit=False)
                meeting.cause = cause
                meeting.save()
                record(request, "cause.meeting", cause)
            messages.success(request, _("The meeting has been added."))
            return redirect("initiatives:cause", cause.pk)
    return render(request, "initiatives/cause_detail.html", {
        "cause": cause, "meetings": cause.meetings.all(), "form": form, "can_edit": can_edit,
        "log": cause.log_entries.all()[:10]})


@login_required
def cause_edit(request, pk):
    cause = get_for_role(request, Cause.objects.select_related("partnership"), IDEA_ROLES, pk=pk)[0]
    form = CauseForm(request.POST or None, instance=cause)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request, "cause.update", cause)
        return redirect("initiatives:cause", cause.pk)
    return render(request, "initiatives/form.html", {
        "form": form, "title": _("Edit the cause"), "back": reverse("initiatives:cause", args=[cause.pk])})


# --- success stories ----------------------------------------------------------------------------------------------

@login_required
def stories(request):
    partnership = partnership_for(request, STORY_WRITE_ROLES)
    q = request.GET.get("q", "")[:100]
    qs = services.search_stories(services.visible_stories(request.user, partnership), q)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    record(request, "story.list", partnership, partnership=partnership)
    return render(request, "initiatives/stories.html", {
        "partnership": partnership, "page": page, "q": q, "query": urlencode({"q": q}) if q else ""})


@login_required
def story_new(request):
    partnership = partnership_for(request, STORY_WRITE_ROLES)
    form = StoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            story = form.save(commit=False)
            story.partnership = partnership
            story.author = request.user
            story.save()
            record(request, "story.create", story, partnership=partnership)
        messages.success(request, _("Thank you – the story has been saved."))
        return redirect("initiatives:story", story.pk)
    return render(request, "initiatives/story_form.html", {"form": form})


def _story(request, pk):
    story = get_scoped_or_404(Story.objects.select_related("partnership"), request.user, pk=pk)
    if not services.visible_stories(request.user, story.partnership).filter(pk=story.pk).exists():
        raise PermissionDenied
    return story


@login_required
def story_detail(request, pk):
    story = _story(request, pk)
    record(request, "story.view", story)
    return render(request, "initiatives/story_detail.html", {"story": story})


@login_required
@require_POST
def story_withdraw(request, pk):
    story = _story(request, pk)
    services.withdraw_story_consent(request, story)
    messages.success(request, _("Consent withdrawn: the photo and names are removed and the story is staff-only."))
    return redirect("initiatives:story", story.pk)


@login_required
def story_photo(request, pk):
    """The photo is served through the permission check, never from a public media URL."""
    story = _story(request, pk)
    if not story.photo:
        raise Http404
    record(request, "story.photo.view", story)
    try:
        with story.photo.open("rb") as handle:
            data = handle.read()  # re-encoded on upload to at most 1600 px, so small
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


# --- logbook -------------------------------------------------------------------------------------------------------

@login_required
def logbook(request):
    partnership = partnership_for(request, LOG_ROLES)
    form = LogEntryForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            entry = form.save(commit=False)
            entry.partnership = partnership
            entry.author = request.user
            entry.save()
            record(request, "logbook.create", entry, partnership=partnership)
        messages.success(request, _("The note has been added to the logbook."))
        return redirect("initiatives:logbook")
    qs = LogEntry.objects.filter(partnership=partnership).select_related("cause", "author", "activity")
    about = request.GET.get("about", "")[:200]
    if about:
        qs = qs.filter(activity_name=about)
    activity_id = request.GET.get("activity", "")
    if activity_id.isdigit():
        qs = qs.filter(activity_id=int(activity_id))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    names = (LogEntry.objects.filter(partnership=partnership).exclude(activity_name="")
             .values_list("activity_name", flat=True).distinct().order_by("activity_name"))
    return render(request, "initiatives/logbook.html", {
        "partnership": partnership, "form": form, "page": page, "about": about, "names": names,
        "query": urlencode({"about": about}) if about else ""})


# --- self-assessment -------------------------------------------------------------------------------------------------

@login_required
def assessments(request):
    partnership = partnership_for(request, ASSESS_ANSWER_ROLES + ASSESS_RESULT_ROLES)
    can_manage = has_role(request.user, partnership, MANAGE_ROLES)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            rnd = AssessmentRound.objects.create(partnership=partnership, title=form.cleaned_data["title"],
                                                 created_by=request.user)
            record(request, "assessment.round.create", rnd, partnership=partnership)
            messages.success(request, _("The round is open. Ask each partner to answer on their own."))
            return redirect("initiatives:assessment", rnd.pk)
    rounds = AssessmentRound.objects.filter(partnership=partnership).prefetch_related("responses")
    mine = {o.pk for o in services.partner_organisations(request.user, partnership)}
    answered = set(AssessmentResponse.objects.filter(round__partnership=partnership, organisation_id__in=mine)
                   .values_list("round_id", flat=True))
    return render(request, "initiatives/assessments.html", {
        "partnership": partnership, "rounds": rounds, "form": form, "can_manage": can_manage,
        "can_answer": bool(mine), "answered": answered,
        "can_results": has_role(request.user, partnership, ASSESS_RESULT_ROLES)})


@login_required
def assessment_answer(request, pk):
    rnd = get_for_role(request, AssessmentRound.objects.select_related("partnership"), ASSESS_ANSWER_ROLES, pk=pk)[0]
    organisations = services.partner_organisations(request.user, rnd.partnership)
    if not organisations:
        raise PermissionDenied
    form = AssessmentForm(request.POST or None, organisations=organisations,
                          initial=None if request.method == "POST" else _earlier_answers(request, rnd, organisations))
    if rnd.closed:
        messages.warning(request, _("This round is closed."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data.get("organisation") or organisations[0]
        scores = {k: v for k, v in data.items() if k not in ("organisation", "comment")}
        try:
            services.save_response(request, rnd, organisation, scores, data.get("comment", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. Your answers have been saved."))
            return redirect("initiatives:assessments")
    return render(request, "initiatives/assessment_answer.html", {
        "round": rnd, "form": form, "organisations": organisations})


def _earlier_answers(request, rnd, organisations) -> dict:
    """The partner's saved answers as the form's starting point, so correcting one answer keeps the others
    (with several organisations: the one named in ?organisation=, else the first)."""
    wanted = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if str(o.pk) == wanted), organisations[0])
    response = AssessmentResponse.objects.filter(round=rnd, organisation=organisation).first()
    if response is None:
        return {"organisation": organisation.pk}
    return {"organisation": organisation.pk, "comment": response.comment,
            **{s.element: s.score for s in response.scores.all()}}


@login_required
def assessment_results(request, pk):
    rnd = get_for_role(request, AssessmentRound.objects.select_related("partnership"), ASSESS_RESULT_ROLES, pk=pk)[0]
    if request.method == "POST":
        require_role(request.user, rnd.partnership, MANAGE_ROLES)
        rnd.closed = request.POST.get("closed") == "1"
        rnd.save(update_fields=["closed"])
        record(request, "assessment.round.close" if rnd.closed else "assessment.round.open", rnd)
        return redirect("initiatives:assessment", rnd.pk)
    record(request, "assessment.results.view", rnd)
    summary = services.round_summary(rnd)
    actors = rnd.partnership.actors.select_related("organisation").order_by("organisation__name")
    done = {r.organisation_id for r in summary["responses"]}
    return render(request, "initiatives/assessment_results.html", {
        "summary": summary, "round": rnd, "can_manage": has_role(request.user, rnd.partnership, MANAGE_ROLES),
        "missing": [a.organisation for a in actors if a.organisation_id not in done],
        "ticks": [{"x": services._x(v), "label": v} for v in range(1, 6)]})
