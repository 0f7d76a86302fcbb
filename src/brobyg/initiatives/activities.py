"""The link to the directory and volunteers apps: idea → activity with its initiators as core volunteers,
involvement level and degree of steering (004 Table 1), hosting rota (002) and the balance rule (002)."""
from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobyg.audit.services import record
from brobyg.core.permissions import get_for_role, has_role, partnership_for
from brobyg.partnerships.models import Role

from . import services
from .models import (ActivityInitiator, ActivityInvolvement, HostShift, Idea, IdeaStatus, Level,
                     LogEntry, Steering)

# Who sets levels, rota and balance: those who run activities with the citizens.
ACTIVITY_EDIT_ROLES = (Role.FACILITATOR, Role.ASSOCIATION_CONTACT, Role.BRIDGE_BUILDER)
ACTIVITY_READ_ROLES = services.IDEA_ROLES + (Role.VOLUNTEER, Role.EVALUATOR)


def _directory():
    from brobyg.directory import services as directory_services
    from brobyg.directory.models import Activity

    return Activity, directory_services


# --- forms -----------------------------------------------------------------------------------------------------------

class IdeaActivityForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Organisation that hosts it"))
    title = forms.CharField(label=gettext_lazy("Name of the activity"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description for the directory"), widget=forms.Textarea(
        attrs={"rows": 3}))
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    postcode = forms.RegexField(r"^\d{4}$", label=gettext_lazy("Postcode"), required=False,
                                error_messages={"invalid": gettext_lazy("A Danish postcode has four digits.")})
    level = forms.TypedChoiceField(label=gettext_lazy("Involvement level"), choices=Level.choices, coerce=int,
                                   initial=Level.SUPPORTED)
    publish = forms.BooleanField(label=gettext_lazy("Publish in the directory now"), required=False, initial=True)
    initiators_consent = forms.BooleanField(
        label=gettext_lazy("The initiators agreed to be registered as core volunteers of the activity"),
        error_messages={"required": gettext_lazy("Ask the initiators first: they become core volunteers with their "
                                                 "name and contact details.")})

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InvolvementForm(forms.Form):
    level = forms.TypedChoiceField(label=gettext_lazy("Involvement level"), choices=Level.choices, coerce=int,
                                   widget=forms.RadioSelect)
    steering = forms.ChoiceField(label=gettext_lazy("Degree of steering"), choices=Steering.choices,
                                 help_text=gettext_lazy("Set it by the kind of activity, its purpose, the expected "
                                                        "outcome and what the volunteers need and can (004)."))
    set_on = forms.DateField(label=gettext_lazy("From"), initial=timezone.localdate,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=gettext_lazy("Why"), max_length=300, required=False)


class HostShiftForm(forms.ModelForm):
    class Meta:
        model = HostShift
        fields = ["week", "host", "host_name", "connected", "invited", "facilitated"]
        widgets = {"week": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "connected": forms.Textarea(attrs={"rows": 2}), "invited": forms.Textarea(attrs={"rows": 2}),
                   "facilitated": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        from brobyg.volunteers.models import Status, VolunteerProfile

        self.activity = activity
        self.fields["host"].queryset = VolunteerProfile.objects.filter(
            partnership=activity.partnership, status=Status.ACTIVE).order_by("first_name", "last_name")
        self.fields["week"].help_text = _("The Monday of the week. Hosting can rotate – choose the host at the "
                                          "weekly meeting (002).")

    def clean_week(self):
        week = self.cleaned_data["week"]
        return week - timedelta(days=week.weekday())

    def clean(self):
        data = super().clean()
        if not data.get("host") and not (data.get("host_name") or "").strip():
            raise forms.ValidationError(_("Choose a host or write the host's name."))
        week = data.get("week")
        if week and HostShift.objects.filter(activity=self.activity, week=week).exclude(pk=self.instance.pk).exists():
            self.add_error("week", _("This week already has a host."))
        return data


class BalanceForm(forms.Form):
    """The two numbers the association states; the rule and the newcomers holding a place are the directory's."""

    usual_participants = forms.IntegerField(label=gettext_lazy("usual number of participants"), min_value=0,
                                            max_value=100000)
    need_support = forms.IntegerField(
        label=gettext_lazy("of whom need special support"), min_value=0, max_value=100000, required=False,
        help_text=gettext_lazy("Not counting newcomers who came through Brobyg: they are counted from their "
                               "journeys."))

    def clean(self):
        data = super().clean()
        data["need_support"] = data.get("need_support") or 0
        if data["need_support"] > (data.get("usual_participants") or 0):
            self.add_error("need_support", _("Cannot be more than the number of participants."))
        return data


# --- services --------------------------------------------------------------------------------------------------------

def current_involvement(activity) -> ActivityInvolvement | None:
    return activity.involvement.order_by("-set_on", "-id").first()


def set_involvement(request, activity, level: int, steering: str, set_on=None, note: str = ""):
    row = ActivityInvolvement.objects.create(activity=activity, level=int(level), steering=steering,
                                             set_on=set_on or timezone.localdate(), note=note, set_by=request.user)
    record(request, "activity.involvement", activity, partnership=activity.partnership, detail=f"level {level}")
    return row


def _split_contact(contact: str) -> dict:
    contact = (contact or "").strip()
    if "@" in contact:
        try:
            validate_email(contact)
            return {"email": contact}
        except forms.ValidationError:
            return {}
    digits = re.sub(r"[^\d+ ]", "", contact)[:30]
    return {"phone": digits} if digits.strip() else {}


def _names(idea: Idea) -> list[str]:
    names = [idea.initiator_name]
    for part in re.split(r",| og | and ", idea.co_initiators or ""):
        if part.strip():
            names.append(part.strip())
    return names[:10]


@transaction.atomic
def idea_to_activity(request, idea: Idea, data: dict):
    """Create the directory activity, register the initiators as core volunteers (volunteers app) and link them;
    record the first involvement level; mark the idea as running. All or nothing."""
    Activity, directory_services = _directory()
    from brobyg.volunteers.models import Kind, Source, VolunteerProfile

    activity = Activity(
        organisation=data["organisation"], partnership=idea.partnership, title=data["title"],
        description=data["description"], address=data.get("address", ""), postcode=data.get("postcode", ""),
        status=Activity.Status.PUBLISHED if data.get("publish") else Activity.Status.DRAFT)
    activity.fill_place()
    activity.save()
    directory_services.refresh_derived(activity)
    now = timezone.now()
    for i, name in enumerate(_names(idea)):
        profile = None
        if i == 0 and idea.initiator_user_id:
            profile = VolunteerProfile.objects.filter(partnership=idea.partnership, user=idea.initiator_user).first()
        if profile is None:
            first, _sep, last = name.partition(" ")
            profile = VolunteerProfile.objects.create(
                partnership=idea.partnership, user=idea.initiator_user if i == 0 else None, first_name=first[:100],
                last_name=last[:100], kind=Kind.CORE, wants_activity=True, source=Source.STAFF,
                consent_given=True, consent_at=now, **(_split_contact(idea.initiator_contact) if i == 0 else {}))
        elif profile.kind != Kind.CORE:
            profile.kind = Kind.CORE
            profile.save(update_fields=["kind"])
        ActivityInitiator.objects.get_or_create(activity=activity, profile=profile, defaults={"idea": idea})
    ActivityInvolvement.objects.create(activity=activity, level=data["level"], set_by=request.user,
                                       steering=Steering.LITTLE if data["level"] >= 5 else Steering.SOME,
                                       note=_("Started from a citizen's idea"))
    idea.activity = activity
    idea.save(update_fields=["activity"])
    if idea.status != IdeaStatus.RUNNING:
        services.set_status(request, idea, IdeaStatus.RUNNING)
    record(request, "activity.create", activity, partnership=idea.partnership, detail=f"from idea {idea.pk}")
    return activity


def ladder_paths(activities) -> list[dict]:
    """Per activity its level over time as an SVG step line (x = time, y = level), for the ladder page."""
    rows = ActivityInvolvement.objects.filter(activity__in=activities).order_by("activity_id", "set_on", "id")
    by_activity: dict[int, list] = {}
    for r in rows:
        by_activity.setdefault(r.activity_id, []).append(r)
    if not by_activity:
        return []
    today = timezone.localdate()
    first = min(min(r[0].set_on for r in by_activity.values()), today - timedelta(days=60))
    span = max((today - first).days, 1)
    width, top, step = 320, 6, 12  # level 6 at y=6, level 1 at y=66

    def x(day):
        return round(10 + width * (day - first).days / span, 1)

    def y(level):
        return top + (6 - level) * step

    out = []
    for activity in activities:
        hist = by_activity.get(activity.pk)
        if not hist:
            out.append({"activity": activity, "points": "", "current": None, "history": []})
            continue
        points = []
        for i, r in enumerate(hist):
            if i:
                points.append(f"{x(r.set_on)},{y(hist[i - 1].level)}")
            points.append(f"{x(r.set_on)},{y(r.level)}")
        points.append(f"{x(today)},{y(hist[-1].level)}")
        out.append({"activity": activity, "points": " ".join(points), "current": hist[-1], "history": hist,
                    "moved": hist[-1].level - hist[0].level,
                    "dots": [{"x": x(r.set_on), "y": y(r.level), "level": r.level} for r in hist]})
    return out


# --- views -----------------------------------------------------------------------------------------------------------

def idea_context(request, idea) -> dict:
    """What the idea page shows about the directory: the activity it became, or the form to create it."""
    Activity, directory_services = _directory()
    out = {}
    if idea.activity_id:
        out["activity"] = idea.activity
        out["activity_url"] = reverse("initiatives:activity", args=[idea.activity_id])
        return out
    organisations = directory_services.owner_organisations(request.user).filter(
        actor_in__partnership=idea.partnership).distinct()
    if organisations.exists():
        out["activity_form"] = IdeaActivityForm(organisations=organisations, initial={
            "title": idea.title, "description": idea.description})
        out["activity_action"] = reverse("initiatives:idea_activity", args=[idea.pk])
    return out


@login_required
def idea_activity(request, pk):
    idea = get_for_role(request, Idea.objects.select_related("partnership"), services.IDEA_ROLES, pk=pk)[0]
    Activity, directory_services = _directory()
    organisations = directory_services.owner_organisations(request.user).filter(
        actor_in__partnership=idea.partnership).distinct()
    if not organisations.exists():
        raise PermissionDenied
    if idea.activity_id:
        return redirect("initiatives:activity", idea.activity_id)
    form = IdeaActivityForm(request.POST or None, organisations=organisations,
                            initial={"title": idea.title, "description": idea.description})
    if request.method == "POST" and form.is_valid():
        activity = idea_to_activity(request, idea, form.cleaned_data)
        messages.success(request, _("The activity has been created with the initiators as core volunteers."))
        return redirect("initiatives:activity", activity.pk)
    return render(request, "initiatives/form.html", {
        "form": form, "title": _("Make the idea an activity"), "back": reverse("initiatives:idea", args=[idea.pk])})


def _activity(request, pk, roles):
    Activity, _s = _directory()
    return get_for_role(request, Activity.objects.select_related("partnership", "organisation"), roles, pk=pk)[0]


@login_required
def activity_panel(request, pk):
    """An activity seen from the initiatives side: level and steering, the initiators, hosting rota, balance."""
    activity = _activity(request, pk, ACTIVITY_READ_ROLES)
    can_edit = has_role(request.user, activity.partnership, ACTIVITY_EDIT_ROLES)
    form = InvolvementForm(request.POST or None) if "level" in request.POST else InvolvementForm()
    from brobyg.directory import balance as balance_rule

    balance = activity if activity.usual_participants is not None else None
    balance_form = BalanceForm(request.POST if "usual_participants" in request.POST else None, initial={
        "usual_participants": activity.usual_participants, "need_support": activity.need_support})
    shift_form = HostShiftForm(request.POST if "week" in request.POST else None, activity=activity,
                               initial={"week": timezone.localdate() - timedelta(days=timezone.localdate().weekday())})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "level" in request.POST and form.is_valid():
            d = form.cleaned_data
            set_involvement(request, activity, d["level"], d["steering"], d["set_on"], d["note"])
            messages.success(request, _("The involvement level has been recorded."))
            return redirect("initiatives:activity", activity.pk)
        if "usual_participants" in request.POST and balance_form.is_valid():
            with transaction.atomic():
                Activity, _s = _directory()
                Activity.objects.filter(pk=activity.pk).update(**balance_form.cleaned_data)
                record(request, "activity.balance", activity, partnership=activity.partnership)
            return redirect("initiatives:activity", activity.pk)
        if "week" in request.POST and shift_form.is_valid():
            with transaction.atomic():
                shift = shift_form.save(commit=False)
                shift.activity = activity
                shift.save()
                record(request, "activity.host_shift", activity, partnership=activity.partnership)
            messages.success(request, _("The host of the week has been saved."))
            return redirect("initiatives:activity", activity.pk)
    current = current_involvement(activity)
    if current and not form.is_bound:
        form = InvolvementForm(initial={"level": current.level, "steering": current.steering,
                                        "set_on": timezone.localdate()})
    room = balance_rule.newcomer_room(activity)
    paths = ladder_paths([activity])
    record(request, "activity.initiatives.view", activity, partnership=activity.partnership)
    return render(request, "initiatives/activity.html", {
        "activity": activity, "can_edit": can_edit, "form": form, "current": current,
        "history": activity.involvement.select_related("set_by").order_by("-set_on", "-id"),
        "initiators": activity.initiators.select_related("profile", "idea"),
        "shifts": activity.host_shifts.select_related("host")[:8], "shift_form": shift_form,
        "balance": balance, "balance_form": balance_form, "room": room, "share": balance_rule.percent(),
        "held": balance_rule.held_count(activity),
        "path": paths[0] if paths else None, "levels": Level.choices,
        "roles_by_level": [(v, label, services.staff_role(v)) for v, label in Level.choices],
        "can_log": has_role(request.user, activity.partnership, services.LOG_ROLES),
        "can_ideas": has_role(request.user, activity.partnership, services.IDEA_ROLES),
        "log": LogEntry.objects.filter(activity=activity)[:5]})


@login_required
def ladder(request):
    """The partnership's activities on the involvement ladder and how they moved over time (004 Table 1)."""
    partnership = partnership_for(request, ACTIVITY_READ_ROLES)
    Activity, _s = _directory()
    activities = list(Activity.objects.filter(partnership=partnership).exclude(status=Activity.Status.ENDED)
                      .order_by("title"))
    paths = ladder_paths(activities)
    from brobyg.directory.balance import newcomer_rooms

    rooms = newcomer_rooms([a.pk for a in activities])
    for p in paths:
        p["room"] = rooms.get(p["activity"].pk)
    return render(request, "initiatives/ladder.html", {
        "partnership": partnership, "paths": paths, "levels": Level.choices,
        "roles_by_level": [(v, label, services.staff_role(v)) for v, label in Level.choices]})


# --- the host's own page: host of the week (002) ------------------------------------------------------------------

class HostNotesForm(forms.ModelForm):
    """The host's own notes on the three sides of hosting, written with the prompts in view (002)."""

    class Meta:
        model = HostShift
        fields = ["connected", "invited", "facilitated"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        help_texts = {
            "connected": gettext_lazy("Open the group: introduce a newcomer to one or two of the regulars and tell "
                                      "them what they have in common (002: connecting)."),
            "invited": gettext_lazy("Meet people at the entrance, make it safe to be new, and ask someone "
                                    "personally to come again next time (002: inviting)."),
            "facilitated": gettext_lazy("Point out a way to take part – a small task, a wish someone mentioned – "
                                        "and help it grow (002: facilitating)."),
        }


def host_shifts_of(user):
    """The weeks in which ``user`` (through their volunteer profile) is or was host of the week."""
    return HostShift.objects.filter(host__user=user).select_related("activity")


def home_host_weeks(user) -> list[str]:
    """Lines for the volunteer's home card: this week's and coming host weeks."""
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    return [_("%(activity)s, week %(week)s") % {"activity": s.activity.title, "week": s.week.isocalendar()[1]}
            for s in host_shifts_of(user).filter(week__gte=monday).order_by("week")[:3]]


@login_required
def my_hosting(request):
    """The host's own weeks with the three sides of hosting as prompts; the host writes their notes here."""
    shifts = host_shifts_of(request.user)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    bound = None
    if request.method == "POST":
        pk = request.POST.get("shift", "")
        shift = shifts.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 12 else None
        if shift is None:
            raise Http404
        bound = HostNotesForm(request.POST, instance=shift, prefix=f"s{shift.pk}")
        if bound.is_valid():
            with transaction.atomic():
                bound.save()
                record(request, "activity.host_shift.notes", shift.activity,
                       partnership=shift.activity.partnership, detail=f"week {shift.week:%Y-%m-%d}")
            messages.success(request, _("Your notes have been saved. Thank you for hosting."))
            return redirect("initiatives:my_hosting")
    rows = []
    coming = list(shifts.filter(week__gte=monday).order_by("week")[:10])
    past = list(shifts.filter(week__lt=monday).order_by("-week")[:10])
    for shift in coming + past:
        form = bound if bound is not None and bound.instance.pk == shift.pk else HostNotesForm(
            instance=shift, prefix=f"s{shift.pk}")
        rows.append({"shift": shift, "form": form, "now": shift.week == monday, "coming": shift.week >= monday})
    return render(request, "initiatives/hosting.html", {"rows": rows})
