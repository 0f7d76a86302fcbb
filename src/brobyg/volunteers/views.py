"""Volunteer screens: public sign-up, the coordinator's list and profile, tasks with explained suggestions,
onboarding, follow-up, recognition, person dependency, the 004 checklist, channel statistics and the volunteer's
own page."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core import permissions, publicforms, stats
from brobyg.core.search import private_search
from brobyg.core.spreadsheets import save_workbook
from brobyg.partnerships.models import Partnership, Role

from . import checklist, services
from .forms import (
    AnswerForm, AssessmentForm, AvailabilityForm, FilterForm, HostForm, OnboardingItemForm, OnboardingRecordForm, PauseForm,
    RecognitionForm, SignupForm, StatusForm, SupportNoteForm, TaskForm, VisitForm, VolunteerForm,
)
from .models import (
    Ask, Channel, HostAssignment, Kind, OnboardingItem, OnboardingRecord, SelfAssessment, SelfAssessmentAnswer, Source,
    Status, Task, TaskAssignment, VisitLog, VolunteerProfile,
)

STAFF = (Role.FACILITATOR, Role.BRIDGE_BUILDER)
LEADS = (Role.FACILITATOR,)
PAGE_SIZE = 50
CONFIRM_SALT = "brobyg.volunteers.confirm"


# ---------------------------------------------------------------- helpers

def _partnership(request, roles=STAFF):
    """The partnership the user works in, if they hold one of ``roles`` there (403 otherwise)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    partnership = permissions.current_partnership(request)
    if partnership is None or not permissions.has_role(request.user, partnership, roles):
        # Fall back to a partnership where the user does hold the role.
        ids = permissions.partnership_ids(request.user, roles)
        partnership = Partnership.objects.filter(pk__in=ids).order_by("name").first()
        if partnership is None:
            raise PermissionDenied
    return partnership


def _profile(request, pk, roles=STAFF) -> VolunteerProfile:
    """A volunteer of one of the user's partnerships (404 otherwise); 403 without a suitable role there."""
    return permissions.get_for_role(request, VolunteerProfile.objects.select_related("partnership", "user"), roles,
                                    pk=pk)[0]


def _task(request, pk, roles=STAFF) -> Task:
    return permissions.get_for_role(request, Task.objects.select_related("partnership"), roles, pk=pk)[0]


def _save_slots(profile, form):
    services.set_availability(profile, services.parse_slots(form.cleaned_data.get("slots") or []))


# ---------------------------------------------------------------- public sign-up (004 Del 3)

def signup_choose(request):
    partnerships = Partnership.objects.order_by("municipality", "name").only("pk", "name", "project_name",
                                                                              "municipality")
    return render(request, "volunteers/signup_choose.html", {"partnerships": partnerships})


def signup(request, partnership_id):
    partnership = get_object_or_404(Partnership, pk=partnership_id)
    form = SignupForm(request.POST or None)
    verdict = publicforms.submit(request, form) if request.method == "POST" else None
    if verdict == publicforms.ROBOT:  # answer as if all went well, store nothing
        return redirect("volunteers:signup_thanks")
    if verdict == publicforms.VALID:
        with transaction.atomic():
            profile = form.save(commit=False)
            profile.partnership = partnership
            profile.source = Source.PUBLIC_FORM
            profile.consent_given = True
            profile.consent_at = timezone.now()
            services.fill_location(profile)
            profile.save()
            _save_slots(profile, form)
            record(None, "volunteer.signup", profile, partnership=partnership, detail="public form")
            services.tell_about_signup(profile)
        token = signing.dumps(profile.pk, salt=CONFIRM_SALT)
        link = request.build_absolute_uri(reverse("volunteers:confirm", args=[token]))
        send_mail(
            _("Thank you for signing up as a volunteer"),
            _("Hello %(name)s,\n\nThank you for wanting to volunteer with %(partnership)s. A coordinator will "
              "contact you soon to hear what you would like to do – nothing is decided before you have "
              "talked together, and you can always do less.\n\nPlease confirm your e-mail address by opening "
              "this link: %(link)s\n\nIf you did not sign up, just ignore this e-mail.")
            % {"name": profile.first_name, "partnership": partnership.project_name or partnership.name,
               "link": link},
            settings.DEFAULT_FROM_EMAIL, [profile.email], fail_silently=True)
        return redirect("volunteers:signup_thanks")
    return render(request, "volunteers/signup.html", {"form": form, "partnership": partnership},
                  status=429 if verdict == publicforms.THROTTLED else 200)


def signup_thanks(request):
    return render(request, "volunteers/signup_thanks.html")


@permissions.unscoped()  # reached by the signed link in the sign-up e-mail, not by membership
def confirm_email(request, token):
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=30 * 24 * 3600)
    except signing.BadSignature:
        return render(request, "volunteers/confirm.html", {"ok": False}, status=400)
    profile = VolunteerProfile.objects.filter(pk=pk).first()
    if profile is None:
        return render(request, "volunteers/confirm.html", {"ok": False}, status=400)
    if profile.email_confirmed_at is None:
        profile.email_confirmed_at = timezone.now()
        profile.save(update_fields=["email_confirmed_at"])
        record(None, "volunteer.confirm_email", profile, partnership=profile.partnership_id)
    return render(request, "volunteers/confirm.html", {"ok": True})


# ---------------------------------------------------------------- coordinator: list, export, create, edit

def filtered_volunteers(partnership, data):
    form = FilterForm(data or None)
    qs = VolunteerProfile.objects.filter(partnership=partnership)
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            q = d["q"].strip()
            # Only the columns the text can match: an e-mail has "@", a phone number digits, a name neither.
            # Half the per-row work of searching every column (issue 5: list p95 ≤ 150 ms).
            if "@" in q:
                qs = qs.filter(email__icontains=q)
            elif any(ch.isdigit() for ch in q):
                qs = qs.filter(Q(phone__icontains=q) | Q(phone__icontains=q.replace(" ", "")))
            else:
                # Names, and what the person brings: skills (also professional), interests, languages and areas
                # ("pædagog", "fodbold", "arabisk", "Viby"); every word must match somewhere.
                for part in q.split():
                    qs = qs.filter(Q(first_name__icontains=part) | Q(last_name__icontains=part)
                                   | Q(skills__icontains=part) | Q(professional_skills__icontains=part)
                                   | Q(interests__icontains=part) | Q(languages__icontains=part)
                                   | Q(city__icontains=part) | Q(postcode=part))
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["role"]:
            qs = qs.filter(**{f"wants_{d['role']}": True})
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["channel"]:
            qs = qs.filter(channel=d["channel"])
        if d["language"]:
            qs = qs.filter(languages__icontains=d["language"].strip())
        if d["postcode"]:
            qs = qs.filter(postcode=d["postcode"].strip())
        if d["slot"]:
            slots = services.parse_slots([d["slot"]])
            if slots:
                bit = services.slot_bit(*slots[0])
                qs = qs.annotate(_free=F("availability_mask").bitand(bit)).filter(
                    Q(_free__gt=0) | Q(availability_uneven=True))
    return form, qs


@login_required
def volunteer_list(request):
    partnership = _partnership(request)
    terms, done = private_search(request, "volunteers")
    if done:
        return done
    form, qs = filtered_volunteers(partnership, terms)
    paginator = Paginator(qs.order_by("first_name", "last_name", "pk").only(
        "pk", "first_name", "last_name", "postcode", "city", "status", "kind", "channel", "wants_companion",
        "wants_host", "wants_activity", "wants_other", "last_follow_up", "availability_uneven"), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    record(request, "volunteer.list", None, partnership=partnership, detail=f"page={page.number}")
    return render(request, "volunteers/list.html", {
        "partnership": partnership, "form": form, "page": page,
        "weeks": 8, "due_since": timezone.localdate() - timedelta(weeks=8)})


@login_required
def export(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    partnership = _partnership(request)
    _form, qs = filtered_volunteers(partnership, private_search(request, "volunteers")[0])  # the list's filters
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Volunteers"))[:31]
    head = [_("First name"), _("Last name"), _("E-mail"), _("Phone"), _("Postcode"), _("City"), _("Status"),
            _("Reason"), _("Companion"), _("Host"), _("Activity volunteer"), _("Other tasks"), _("Kind"),
            _("Commitment"), _("Languages"), _("Interests"), _("Skills"), _("Professional skills"),
            _("Available"), _("Time varies"), _("Channel"), _("Last follow-up"), _("Consent given")]
    ws.append([str(h) for h in head])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    yes, no = str(_("Yes")), str(_("No"))
    for p in qs.order_by("first_name", "last_name", "pk").iterator(chunk_size=2000):
        ws.append([p.first_name, p.last_name, p.email, p.phone, p.postcode, p.city, p.get_status_display(),
                   p.get_status_reason_display() if p.status_reason else "",
                   yes if p.wants_companion else no, yes if p.wants_host else no,
                   yes if p.wants_activity else no, yes if p.wants_other else no, p.get_kind_display(),
                   p.get_commitment_display(), p.languages, p.interests, p.skills, p.professional_skills,
                   ", ".join(str(services.slot_label(d, part)) for d, part in p.slots),
                   yes if p.availability_uneven else no, p.get_channel_display(), p.last_follow_up,
                   p.consent_at.date() if p.consent_at else ""])
    for col, width in zip("ABCDEFGHIJKLMNOPQRSTUVW", [14, 16, 28, 14, 9, 14, 12, 18] + [12] * 15):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    record(request, "volunteer.export", None, partnership=partnership, detail="xlsx")
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="frivillige-{timezone.localdate():%Y-%m-%d}.xlsx"'
    save_workbook(wb, response)
    return response


@login_required
def volunteer_create(request):
    partnership = _partnership(request)
    # Coming from the step from participant to volunteer (000 §7.4.1): offer to link the new profile to the
    # citizen's journey, if the person agrees. Nothing from the citizen record is copied into the form.
    origin = (request.POST.get("origin") or request.GET.get("journey") or "").strip()[:12]
    origin = origin if services.origin_allowed(request, origin, partnership) else ""
    initial = {"channel": Channel.PARTICIPANT, "kind": Kind.USER} if origin else {"channel": Channel.PERSONAL}
    form = VolunteerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile = form.save(commit=False)
            profile.partnership = partnership
            profile.source = Source.STAFF
            if profile.consent_given:
                profile.consent_at = timezone.now()
            services.fill_location(profile)
            profile.save()
            _save_slots(profile, form)
            record(request, "volunteer.create", profile, partnership=partnership)
            linked = bool(origin and request.POST.get("link_origin") and
                          services.link_origin(request, origin, profile))
        messages.success(request, _("The volunteer has been registered.") + (
            " " + _("The citizen's journey shows the registration.") if linked else ""))
        return redirect("volunteers:detail", pk=profile.pk)
    return render(request, "volunteers/form.html", {"form": form, "partnership": partnership, "origin": origin,
                                                    "link_origin": request.method != "POST"
                                                    or bool(request.POST.get("link_origin")),
                                                    "title": _("Register a volunteer")})


@login_required
def volunteer_edit(request, pk):
    profile = _profile(request, pk)
    had_consent = profile.consent_given
    form = VolunteerForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            profile = form.save(commit=False)
            if profile.consent_given and not had_consent:
                profile.consent_at = timezone.now()
            if "postcode" in form.changed_data:
                services.fill_location(profile)
            profile.save()
            _save_slots(profile, form)
            record(request, "volunteer.update", profile)
        messages.success(request, _("Saved."))
        return redirect("volunteers:detail", pk=profile.pk)
    return render(request, "volunteers/form.html", {"form": form, "profile": profile,
                                                    "title": _("Edit %(name)s") % {"name": profile.name}})


@login_required
def volunteer_detail(request, pk):
    profile = _profile(request, pk)
    record(request, "volunteer.view", profile)
    items = services.ensure_checklist(profile.partnership)
    records = {r.item_id: r for r in profile.onboarding.all()}
    today = timezone.localdate()
    onboarding = [{"item": i, "record": records.get(i.pk),
                   "valid": records.get(i.pk) is not None and records[i.pk].is_valid_on(today)} for i in items]
    hosts = []
    host_model = services._host_model()
    if host_model is not None:
        hosts = list(host_model.objects.filter(profile=profile, active=True).select_related("activity"))
    return render(request, "volunteers/detail.html", {
        "profile": profile, "onboarding": onboarding,
        "onboarding_form": OnboardingRecordForm(partnership=profile.partnership),
        "assignments": profile.task_assignments.filter(active=True).select_related("task"),
        "past_assignments": profile.task_assignments.filter(active=False).select_related("task")[:10],
        "asks": profile.asks.select_related("task")[:20], "hosts": hosts,
        "host_form": HostForm(partnership=profile.partnership, auto_id="host_%s"),
        "companions": services.companion_assignments(profile),
        "support": profile.support_notes.all()[:20], "support_form": SupportNoteForm(initial={"date": today}, auto_id="support_%s"),
        "recognitions": profile.recognitions.all()[:20], "recognition_form": RecognitionForm(initial={"date": today}, auto_id="recognition_%s"),
        "status_form": StatusForm(auto_id="status_%s", initial={"status": profile.status, "reason": profile.status_reason,
                                           "note": profile.status_note}),
        "status_history": profile.status_changes.all()[:10],
        "suggestions": services.suggest_tasks(profile, limit=8) if profile.status == Status.ACTIVE else [],
        "visits": profile.visits.all()[:10],
    })


@login_required
@require_POST
def volunteer_status(request, pk):
    profile = _profile(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.change_status(profile, d["status"], d["reason"] or "", d["note"], user=request.user,
                               resting_until=d["resting_until"])
        record(request, "volunteer.status", profile, detail=f"status={d['status']}")
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("volunteers:detail", pk=profile.pk)


@login_required
@require_POST
def onboarding_add(request, pk):
    profile = _profile(request, pk)
    form = OnboardingRecordForm(request.POST, partnership=profile.partnership)
    if form.is_valid():
        d = form.cleaned_data
        OnboardingRecord.objects.update_or_create(
            profile=profile, item=d["item"],
            defaults={"completed_on": d["completed_on"], "expires_on": d.get("expires_on"), "note": d["note"],
                      "recorded_by": request.user})
        record(request, "volunteer.onboarding", profile, detail=f"item={d['item'].pk}")
        messages.success(request, _("Onboarding recorded: %(item)s.") % {"item": d["item"].name})
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("volunteers:detail", args=[profile.pk]) + "#onboarding")


@login_required
@require_POST
def host_add(request, pk):
    """Make the volunteer a host (vært) of one of the partnership's directory activities (000 §7.3)."""
    profile = _profile(request, pk)
    form = HostForm(request.POST, partnership=profile.partnership)
    if form.is_valid():
        activity = form.cleaned_data["activity"]
        try:
            services.assign_host(profile, activity, user=request.user)
        except services.RequirementsNotMet as exc:
            messages.error(request, _("%(name)s cannot host yet: %(reasons)s")
                           % {"name": profile.name, "reasons": "; ".join(exc.reasons)})
        else:
            record(request, "volunteer.host.add", profile, detail=f"activity={activity.pk}")
            messages.success(request, _("%(name)s is now a host of %(activity)s.")
                             % {"name": profile.name, "activity": activity.title})
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("volunteers:detail", args=[profile.pk]) + "#tasks")


@login_required
@require_POST
def host_end(request, pk):
    host = permissions.get_scoped_or_404(HostAssignment.objects.select_related("profile"), request.user,
                                         field="profile__partnership", pk=pk)
    permissions.require_role(request.user, host.profile.partnership_id, STAFF)
    services.end_host(host)
    record(request, "volunteer.host.end", host.profile, detail=f"activity={host.activity_id}")
    messages.success(request, _("The hosting has ended."))
    return redirect(reverse("volunteers:detail", args=[host.profile_id]) + "#tasks")


@login_required
@require_POST
def support_add(request, pk):
    profile = _profile(request, pk)
    form = SupportNoteForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            note = form.save(commit=False)
            note.profile = profile
            note.by = request.user
            note.save()
            if profile.last_follow_up is None or note.date > profile.last_follow_up:
                VolunteerProfile.objects.filter(pk=profile.pk).update(last_follow_up=note.date)
        record(request, "volunteer.support", profile)
        messages.success(request, _("The follow-up has been recorded."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("volunteers:detail", args=[profile.pk]) + "#support")


@login_required
@require_POST
def recognition_add(request, pk):
    profile = _profile(request, pk)
    form = RecognitionForm(request.POST)
    if form.is_valid():
        rec = form.save(commit=False)
        rec.profile = profile
        rec.by = request.user
        rec.save()
        record(request, "volunteer.recognition", profile)
        messages.success(request, _("The recognition has been recorded."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse("volunteers:detail", args=[profile.pk]) + "#recognition")


# ---------------------------------------------------------------- onboarding checklist of the partnership

@login_required
def checklist_items(request):
    partnership = _partnership(request, LEADS)
    items = services.ensure_checklist(partnership)
    form = OnboardingItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.partnership = partnership
        item.save()
        record(request, "volunteer.checklist.add", item, partnership=partnership)
        messages.success(request, _("Added to the onboarding checklist."))
        return redirect("volunteers:checklist_items")
    return render(request, "volunteers/checklist_items.html", {"items": items, "form": form,
                                                               "partnership": partnership})


# ---------------------------------------------------------------- tasks and suggestions (004)

@login_required
def task_list(request):
    partnership = _partnership(request)
    tasks = (Task.objects.filter(partnership=partnership)
             .annotate(n=Count("assignments", filter=Q(assignments__active=True)))
             .order_by(F("status").desc(), "title"))
    return render(request, "volunteers/tasks.html", {"tasks": tasks, "partnership": partnership})


def _task_form_save(request, form, partnership, task=None):
    with transaction.atomic():
        obj = form.save(commit=False)
        obj.partnership = partnership
        if task is None:
            obj.created_by = request.user
        if "postcode" in form.changed_data or task is None:
            services.fill_location(obj)
        obj.save()
        form.save_m2m()
    record(request, "volunteer.task.save", obj, partnership=partnership)
    return obj


@login_required
def task_create(request):
    partnership = _partnership(request)
    services.ensure_checklist(partnership)
    form = TaskForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        task = _task_form_save(request, form, partnership)
        messages.success(request, _("The task has been created. Here are volunteers who might fit."))
        return redirect("volunteers:task_detail", pk=task.pk)
    return render(request, "volunteers/task_form.html", {"form": form, "title": _("New task")})


@login_required
def task_edit(request, pk):
    task = _task(request, pk)
    form = TaskForm(request.POST or None, instance=task, partnership=task.partnership)
    if request.method == "POST" and form.is_valid():
        _task_form_save(request, form, task.partnership, task)
        messages.success(request, _("Saved."))
        return redirect("volunteers:task_detail", pk=task.pk)
    return render(request, "volunteers/task_form.html", {"form": form, "task": task, "title": _("Edit task")})


@login_required
def task_detail(request, pk):
    task = _task(request, pk)
    suggestions = services.suggest_volunteers(task, limit=15) if task.status != Task.TaskStatus.CLOSED else []
    record(request, "volunteer.task.suggest", task, detail=f"n={len(suggestions)}")
    return render(request, "volunteers/task_detail.html", {
        "task": task, "suggestions": suggestions,
        "requirements": services.required_items(task),
        "assignments": task.assignments.filter(active=True).select_related("profile"),
        "asks": task.asks.select_related("profile", "asked_by"), "answer_form": AnswerForm(),
        "refusal": request.session.pop("volunteers_refusal", None),
    })


@login_required
@require_POST
def task_ask(request, pk):
    task = _task(request, pk)
    profile = _posted_profile(request, task)
    if profile is None:
        return redirect("volunteers:task_detail", pk=task.pk)
    match = next((s for s in services.suggest_volunteers(task, limit=200, include_unwilling=True)
                  if s.profile.pk == profile.pk), None)
    Ask.objects.create(task=task, profile=profile, asked_by=request.user, score=match.score if match else 0,
                       reasons="; ".join(match.reasons)[:500] if match else "")
    record(request, "volunteer.task.ask", task, detail=f"volunteer={profile.pk}")
    messages.success(request, _("Noted that you asked %(name)s. Record the answer when it comes – no hurry (004).")
                     % {"name": profile.name})
    return redirect(reverse("volunteers:task_detail", args=[task.pk]) + "#asks")


@login_required
@require_POST
def ask_answer(request, pk):
    ask = permissions.get_scoped_or_404(Ask.objects.select_related("task", "profile"), request.user,
                                        field="task__partnership", pk=pk)
    permissions.require_role(request.user, ask.task.partnership_id, STAFF)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer."))
        return redirect("volunteers:task_detail", pk=ask.task_id)
    ask.answer = form.cleaned_data["answer"]
    ask.note = form.cleaned_data["note"]
    ask.answered_at = timezone.now()
    ask.save(update_fields=["answer", "note", "answered_at"])
    record(request, "volunteer.task.answer", ask.task, detail=f"answer={ask.answer}")
    if ask.answer == Ask.Answer.YES:
        return _assign(request, ask.task, ask.profile)
    messages.success(request, _("The answer has been recorded."))
    return redirect(reverse("volunteers:task_detail", args=[ask.task_id]) + "#asks")


def _assign(request, task, profile):
    try:
        services.assign_task(profile, task, user=request.user)
    except services.RequirementsNotMet as exc:
        request.session["volunteers_refusal"] = {"name": profile.name, "reasons": exc.reasons,
                                                 "profile": profile.pk}
        record(request, "volunteer.task.refused", task, detail=f"volunteer={profile.pk}")
        messages.error(request, _("%(name)s cannot take the task yet: %(reasons)s")
                       % {"name": profile.name, "reasons": "; ".join(exc.reasons)})
        return redirect("volunteers:task_detail", pk=task.pk)
    record(request, "volunteer.task.assign", task, detail=f"volunteer={profile.pk}")
    messages.success(request, _("%(name)s now has the task.") % {"name": profile.name})
    return redirect("volunteers:task_detail", pk=task.pk)


@login_required
@require_POST
def task_assign(request, pk):
    task = _task(request, pk)
    profile = _posted_profile(request, task)
    if profile is None:
        return redirect("volunteers:task_detail", pk=task.pk)
    return _assign(request, task, profile)


def _posted_profile(request, task):
    """The volunteer chosen in the POST, from the task's own partnership (404 for anybody else's)."""
    pk = request.POST.get("profile", "")
    if not pk.isdigit():
        messages.error(request, _("Choose a volunteer."))
        return None
    profile = _profile(request, int(pk))
    if profile.partnership_id != task.partnership_id:
        raise Http404
    return profile


@login_required
@require_POST
def assignment_end(request, pk):
    assignment = permissions.get_scoped_or_404(TaskAssignment.objects.select_related("task", "profile"),
                                               request.user, field="task__partnership", pk=pk)
    permissions.require_role(request.user, assignment.task.partnership_id, STAFF)
    services.end_task_assignment(assignment)
    record(request, "volunteer.task.end", assignment.task, detail=f"volunteer={assignment.profile_id}")
    messages.success(request, _("The assignment has ended."))
    return redirect("volunteers:task_detail", pk=assignment.task_id)


# ---------------------------------------------------------------- follow-up, risk, channels

@login_required
def due_list(request):
    partnership = _partnership(request)
    try:
        weeks = max(1, min(52, int(request.GET.get("weeks", 8))))
    except ValueError:
        weeks = 8
    paginator = Paginator(services.due_for_follow_up(partnership, weeks), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    record(request, "volunteer.due", None, partnership=partnership)
    return render(request, "volunteers/due.html", {"page": page, "weeks": weeks, "query": f"weeks={weeks}",
                                                   "partnership": partnership})


@login_required
def risk(request):
    partnership = _partnership(request)
    tasks = list(services.single_person_tasks(partnership)[:200])
    for t in tasks:
        t.holder = t.assignments.filter(active=True).select_related("profile").first() if t.n == 1 else None
    activities = []
    host_model = services._host_model()
    if host_model is not None:
        activities = services.single_host_activities(partnership)
    record(request, "volunteer.risk", None, partnership=partnership)
    return render(request, "volunteers/risk.html", {
        "tasks": tasks, "activities": activities, "overloaded": services.overloaded_volunteers(partnership)[:100],
        "partnership": partnership})


@login_required
def channels(request):
    partnership = _partnership(request, LEADS + (Role.EVALUATOR,))
    rows = list(VolunteerProfile.objects.filter(partnership=partnership).values("channel")
                .annotate(total=Count("id"), active=Count("id", filter=Q(status=Status.ACTIVE)),
                          stopped=Count("id", filter=Q(status=Status.STOPPED))))
    figures = _channel_figures(rows)
    labels = dict(Channel.choices)
    data = []
    for r in rows:
        total, active, stopped = (figures[f"{r['channel']}:{c}"] for c in ("total", "active", "stopped"))
        data.append({"label": labels.get(r["channel"], r["channel"]), "total": total, "active": active,
                     "stopped": stopped, "suppressed": total is None,
                     "share": None if total is None or active is None else stats.share(r["active"], r["total"])})
        if data[-1]["share"] is not None:
            data[-1]["share"] = round(100 * data[-1]["share"])
    data.sort(key=lambda d: (d["suppressed"], -(d["total"] or 0)))  # hidden rows last: no hint of their size
    shown = [d for d in data if not d["suppressed"]]
    biggest = max([d["total"] for d in shown], default=1)
    for i, d in enumerate(shown):
        d["y"] = 10 + i * 34
        d["width"] = round(420 * d["total"] / biggest)
        d["active_width"] = round(420 * (d["active"] or 0) / biggest)
    record(request, "volunteer.channels", None, partnership=partnership)
    return render(request, "volunteers/channels.html", {
        "rows": data, "shown": shown, "rule": stats.rule_text(), "chart_height": 20 + 34 * len(shown),
        "hidden": sum(1 for d in data if d["suppressed"]), "partnership": partnership})


def _channel_figures(rows) -> stats.Protected:
    """The channel table after the disclosure rule: per channel the volunteers, the active and the stopped (the rest
    are resting), and the columns add up to the partnership's volunteers, active and stopped (known from the
    evaluation dashboard), so the table is protected as a whole (core.stats.protect)."""
    counts, relations = {}, []
    for column in ("total", "active", "stopped"):
        counts[f"*:{column}"] = sum(r[column] for r in rows)
        relations.append(stats.Relation(f"*:{column}", tuple(f"{r['channel']}:{column}" for r in rows)))
    relations.append(stats.Relation("*:total", ("*:active", "*:stopped"), exhaustive=False))
    for r in rows:
        counts.update({f"{r['channel']}:{c}": r[c] for c in ("total", "active", "stopped")})
        relations.append(stats.Relation(f"{r['channel']}:total", (f"{r['channel']}:active", f"{r['channel']}:stopped"),
                                        exhaustive=False))
    return stats.protect(counts, relations)


# ---------------------------------------------------------------- the 004 checklist as self-assessment

@login_required
def assessments(request):
    partnership = _partnership(request, LEADS + (Role.BRIDGE_BUILDER,))
    form = AssessmentForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            a = form.save(commit=False)
            a.partnership = partnership
            a.created_by = request.user
            a.save()
            previous = (SelfAssessment.objects.filter(partnership=partnership, initiative__iexact=a.initiative)
                        .exclude(pk=a.pk).first())
            old = {x.question: x for x in previous.answers.all()} if previous else {}
            SelfAssessmentAnswer.objects.bulk_create([
                SelfAssessmentAnswer(assessment=a, question=q.key, answer=old[q.key].answer if q.key in old else "",
                                     status=old[q.key].status if q.key in old else "not_yet",
                                     notes=old[q.key].notes if q.key in old else "")
                for q in checklist.QUESTIONS])
        record(request, "volunteer.assessment.create", a, partnership=partnership)
        return redirect("volunteers:assessment", pk=a.pk)
    items = SelfAssessment.objects.filter(partnership=partnership).annotate(
        done=Count("answers", filter=Q(answers__status="in_place")))
    return render(request, "volunteers/assessments.html", {"items": items, "form": form,
                                                           "total": len(checklist.QUESTIONS)})


@login_required
def assessment(request, pk):
    a = permissions.get_scoped_or_404(SelfAssessment.objects.all(), request.user, pk=pk)
    permissions.require_role(request.user, a.partnership_id, LEADS + (Role.BRIDGE_BUILDER,))
    answers = {x.question: x for x in a.answers.all()}
    statuses = SelfAssessmentAnswer.AnswerStatus
    errors = []
    if request.method == "POST":
        with transaction.atomic():
            for q in checklist.QUESTIONS:
                ans = answers.get(q.key) or SelfAssessmentAnswer(assessment=a, question=q.key)
                status = request.POST.get(f"{q.key}-status", ans.status)
                if status not in statuses.values:
                    errors.append(q.key)
                    continue
                ans.status = status
                ans.answer = request.POST.get(f"{q.key}-answer", ans.answer)[:5000]
                ans.notes = request.POST.get(f"{q.key}-notes", ans.notes)[:300]
                ans.save()
                answers[q.key] = ans
            if errors:
                transaction.set_rollback(True)
        if not errors:
            record(request, "volunteer.assessment.update", a, partnership=a.partnership_id)
            messages.success(request, _("The self-assessment has been saved."))
            return redirect("volunteers:assessment", pk=a.pk)
        messages.error(request, _("Some answers had an unknown status; nothing was saved."))
    previous = (SelfAssessment.objects.filter(partnership_id=a.partnership_id, initiative__iexact=a.initiative,
                                              date__lte=a.date).exclude(pk=a.pk).order_by("-date", "-pk").first())
    prev_answers = {x.question: x for x in previous.answers.all()} if previous else {}
    sections = []
    for key, label, questions in checklist.grouped():
        sections.append({"key": key, "label": label, "questions": [
            {"q": q, "a": answers.get(q.key), "prev": prev_answers.get(q.key)} for q in questions]})
    counts = {s: sum(1 for x in answers.values() if x.status == s) for s in statuses.values}
    return render(request, "volunteers/assessment.html", {
        "a": a, "sections": sections, "statuses": statuses.choices, "previous": previous, "counts": counts,
        "total": len(checklist.QUESTIONS)})


# ---------------------------------------------------------------- the volunteer's own page (mobile first)

def _my_profiles(request):
    return list(VolunteerProfile.objects.filter(user=request.user).select_related("partnership"))


def upcoming_dates(profile, days: int = 28):
    """The next dates of the volunteer's tasks, hosted activities and companion meetings."""
    today = timezone.localdate()
    end = today + timedelta(days=days)
    out = []
    for a in profile.task_assignments.filter(active=True).select_related("task"):
        t = a.task
        for day in _task_dates(t, today, end):
            out.append({"date": day, "title": t.title, "time": t.start_time, "end": t.end_time,
                        "place": t.meeting_place, "ref": f"task:{t.pk}"})
    for c in services.companion_assignments(profile):
        if c.get("next_date"):
            start = c.get("start")  # the agreed meeting time, kept (not only the day)
            out.append({"date": c["next_date"], "title": c.get("title", ""),
                        "time": timezone.localtime(start).time() if start else None, "end": None,
                        "place": c.get("meeting", ""), "ref": c.get("ref", "")})
    out.extend(_host_dates(profile, today, end))
    out.sort(key=lambda d: (d["date"], d["time"] or datetime.min.time()))
    return out


def _host_dates(profile, start, end) -> list[dict]:
    """The dates of the activities the volunteer hosts (000 §7.3), from the directory's schedule, within the
    host assignment's own period; cancelled dates are left out."""
    from brobyg.directory.schedule import occurrences

    out = []
    hosts = (HostAssignment.objects.filter(profile=profile, active=True).select_related("activity")
             .prefetch_related("activity__schedules", "activity__one_off_dates", "activity__cancellations"))
    for h in hosts:
        first = max(start, h.starts) if h.starts else start
        last = min(end, h.ends) if h.ends else end
        if first > last:
            continue
        a = h.activity
        place = ", ".join(x for x in (a.meeting_place, a.place_line()) if x)
        for occ in occurrences(a, first, last):
            out.append({"date": occ.date, "title": a.title, "time": occ.start, "end": occ.end,
                        "place": place, "ref": f"host:{h.pk}"})
    return out


def _task_dates(task, start, end):
    first = max(start, task.starts_on or start)
    last = min(end, task.ends_on or end)
    if task.weekday is None:
        if task.starts_on and start <= task.starts_on <= end:
            return [task.starts_on]
        return []
    day = first + timedelta(days=(task.weekday - first.weekday()) % 7)
    out = []
    while day <= last:
        out.append(day)
        day += timedelta(days=7)
    return out


@login_required
def me(request):
    profiles = _my_profiles(request)
    blocks = []
    for p in profiles:
        hosts = []
        host_model = services._host_model()
        if host_model is not None:
            hosts = list(host_model.objects.filter(profile=p, active=True).select_related("activity"))
        blocks.append({
            "profile": p,
            "assignments": p.task_assignments.filter(active=True).select_related("task"),
            "hosts": hosts, "companions": services.companion_assignments(p),
            "dates": upcoming_dates(p),
            "availability_form": AvailabilityForm(initial={
                "slots": [f"{d}-{x}" for d, x in p.slots], "availability_uneven": p.availability_uneven,
                "availability_note": p.availability_note}, prefix=f"p{p.pk}"),
            "pause_form": PauseForm(prefix=f"p{p.pk}"),
            "visit_form_date": timezone.localdate(),
            "visits": p.visits.all()[:5],
            "newcomers": services.host_newcomers(p),
        })
        for h in hosts:
            h.newcomers = [n for n in blocks[-1]["newcomers"] if n.get("activity_id") == h.activity_id]
    for b in blocks:
        if b["companions"] or b["newcomers"]:
            # Consented first names and welcome needs of citizens are on the page: the read is audit-logged.
            record(request, "volunteer.self.citizens", b["profile"],
                   detail=f"{len(b['companions'])} accompanied, {len(b['newcomers'])} newcomers")
    from brobyg.tokens.models import Token

    calendar = {"url": request.session.pop("tokens.calendar_url", None),  # shown once, right after it was made
                "exists": Token.objects.filter(user=request.user, kind=Token.Kind.CALENDAR,
                                               revoked__isnull=True).exists()}
    return render(request, "volunteers/me.html", {"blocks": blocks, "calendar": calendar})


def _own_profile(request):
    """The volunteer's own profile named in the POST (or their only one); None if they have none."""
    mine = VolunteerProfile.objects.filter(user=request.user)
    pk = request.POST.get("profile", "")
    if pk.isdigit():
        return mine.filter(pk=int(pk)).first()
    return mine.first() if mine.count() == 1 else None


def _no_profile(request):
    messages.error(request, _("Your login is not linked to a volunteer profile yet. Ask your coordinator."))
    return redirect("volunteers:me")


@login_required
@require_POST
def me_availability(request):
    profile = _own_profile(request)
    if profile is None:
        return _no_profile(request)
    form = AvailabilityForm(request.POST, prefix=f"p{profile.pk}")
    if form.is_valid():
        d = form.cleaned_data
        services.set_availability(profile, services.parse_slots(d["slots"]), uneven=d["availability_uneven"])
        VolunteerProfile.objects.filter(pk=profile.pk).update(availability_note=d["availability_note"])
        record(request, "volunteer.self.availability", profile)
        messages.success(request, _("Thank you – your times are updated."))
    else:
        messages.error(request, _("Your times could not be saved. Please try again."))
    return redirect("volunteers:me")


@login_required
@require_POST
def me_pause(request):
    profile = _own_profile(request)
    if profile is None:
        return _no_profile(request)
    if request.POST.get("resume"):
        services.change_status(profile, Status.ACTIVE, user=request.user, by_volunteer=True)
        record(request, "volunteer.self.resume", profile)
        messages.success(request, _("Welcome back! Your coordinator can see that you are active again."))
        return redirect("volunteers:me")
    form = PauseForm(request.POST, prefix=f"p{profile.pk}")
    if form.is_valid():
        services.change_status(profile, Status.RESTING, "", form.cleaned_data["note"], user=request.user,
                               by_volunteer=True, resting_until=form.cleaned_data["resting_until"])
        record(request, "volunteer.self.pause", profile)
        messages.success(request, _("You are taking a break. No one will ask you for tasks until you are back – "
                                    "and you are welcome back any time."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("volunteers:me")


@login_required
@require_POST
def me_visit(request):
    profile = _own_profile(request)
    if profile is None:
        return _no_profile(request)
    form = VisitForm(request.POST)
    allowed = {f"task:{a.task_id}" for a in profile.task_assignments.filter(active=True)}
    allowed |= {c.get("ref") for c in services.companion_assignments(profile)}
    host_model = services._host_model()
    if host_model is not None:
        allowed |= {f"host:{h.pk}" for h in host_model.objects.filter(profile=profile, active=True)}
    if form.is_valid() and form.cleaned_data["ref"] in allowed:
        VisitLog.objects.create(profile=profile, date=form.cleaned_data["date"], ref=form.cleaned_data["ref"],
                                note=form.cleaned_data["note"])
        record(request, "volunteer.self.visit", profile, detail=form.cleaned_data["ref"][:60])
        messages.success(request, _("Thank you – the visit has been noted."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs)
                       or _("That visit could not be noted."))
    return redirect("volunteers:me")


def _plain(text) -> str:
    """Calendar text without markup (some calendar programs render HTML in event fields)."""
    return str(text or "").replace("<", "‹").replace(">", "›")


@login_required
def me_calendar(request):
    response = HttpResponse(volunteer_calendar(request.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="frivillig.ics"'
    return response


def volunteer_calendar(user) -> bytes:
    """The volunteer's own calendar (tasks, hosting, companion meetings); also served at their personal,
    revocable calendar address (brobyg.tokens)."""
    from icalendar import Event

    from brobyg.directory.ical import finish, new_calendar

    cal = new_calendar(str(_("My volunteering")), prodid="-//Brobyg//volunteers//DA")
    tz = timezone.get_current_timezone()
    stamp = timezone.now()
    for p in VolunteerProfile.objects.filter(user=user).select_related("partnership"):
        for a in p.task_assignments.filter(active=True).select_related("task"):
            t = a.task
            dates = _task_dates(t, timezone.localdate(), timezone.localdate() + timedelta(days=90))
            for day in dates:
                ev = Event()
                ev.add("uid", f"task-{t.pk}-{day:%Y%m%d}@brobyg")
                ev.add("dtstamp", stamp)
                ev.add("summary", _plain(t.title))
                if t.start_time:
                    start = datetime.combine(day, t.start_time, tzinfo=tz)
                    ev.add("dtstart", start)
                    ev.add("dtend", datetime.combine(day, t.end_time, tzinfo=tz) if t.end_time
                           else start + timedelta(hours=1))
                else:
                    ev.add("dtstart", day)
                if t.meeting_place:
                    ev.add("location", _plain(t.meeting_place))
                cal.add_component(ev)
        for d in _host_dates(p, timezone.localdate(), timezone.localdate() + timedelta(days=90)):
            ev = Event()
            ev.add("uid", f"{d['ref'].replace(':', '-')}-{d['date']:%Y%m%d}@brobyg")
            ev.add("dtstamp", stamp)
            ev.add("summary", _plain(_("Host: %(activity)s") % {"activity": d["title"]}))
            if d["time"]:
                start = datetime.combine(d["date"], d["time"], tzinfo=tz)
                ev.add("dtstart", start)
                ev.add("dtend", datetime.combine(d["date"], d["end"], tzinfo=tz) if d["end"]
                       else start + timedelta(hours=1))
            else:
                ev.add("dtstart", d["date"])
            if d["place"]:
                ev.add("location", _plain(d["place"]))
            cal.add_component(ev)
        for c in services.companion_assignments(p):
            if c.get("next_date"):
                ev = Event()
                ev.add("uid", f"{c.get('ref', 'companion')}-{c['next_date']:%Y%m%d}@brobyg")
                ev.add("dtstamp", stamp)
                ev.add("summary", _plain(c.get("title") or _("Companion")))
                if c.get("start"):  # a timed event at the agreed meeting time (an hour unless told otherwise)
                    ev.add("dtstart", timezone.localtime(c["start"]))
                    ev.add("dtend", timezone.localtime(c["start"]) + timedelta(hours=1))
                else:
                    ev.add("dtstart", c["next_date"])
                if c.get("meeting"):
                    ev.add("location", _plain(c["meeting"]))
                cal.add_component(ev)
    return finish(cal)


__all__ = ["IntegrityError"]
