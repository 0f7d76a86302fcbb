from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobyg.core.publicforms import PublicForm

from . import services
from .models import (
    Ask, Channel, OnboardingItem, OnboardingRecord, Recognition, SelfAssessment, Status, StatusReason,
    SupportNote, Task, VolunteerProfile,
)


class SlotField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("When can you usually help?"))
        super().__init__(choices=services.slot_choices(), **kwargs)


def _postcode(value: str) -> str:
    value = (value or "").strip()
    if value and (not value.isdigit() or len(value) != 4):
        raise forms.ValidationError(_("A Danish postcode has four digits, e.g. 8000."))
    return value


class ProfileFieldsMixin:
    def clean_postcode(self):
        return _postcode(self.cleaned_data.get("postcode"))

    def clean(self):
        data = super().clean()
        roles = [data.get(f) for f in ("wants_companion", "wants_host", "wants_activity", "wants_other")]
        if not any(roles):
            raise forms.ValidationError(_("Choose at least one thing you would like to do."))
        return data


SIGNUP_FIELDS = ["first_name", "last_name", "email", "phone", "postcode", "travel_radius_km",
                 "wants_companion", "wants_host", "wants_activity", "wants_other", "interests", "skills",
                 "professional_skills", "languages", "availability_uneven", "commitment", "channel"]


class SignupForm(ProfileFieldsMixin, PublicForm, forms.ModelForm):
    """Public sign-up: no login, works on a phone; protected against robots by core.publicforms."""

    scope = "signup"
    min_seconds_setting = "BROBYG_SIGNUP_MIN_SECONDS"
    per_hour_setting = "BROBYG_SIGNUP_PER_HOUR"

    slots = SlotField()
    consent = forms.BooleanField(
        label=_("I agree that the partnership stores these details to find volunteer tasks for me."),
        help_text=_("You can ask us to delete them at any time."), required=True,
        error_messages={"required": _("We can only register you if you agree that we store your details.")})

    class Meta:
        model = VolunteerProfile
        fields = SIGNUP_FIELDS
        widgets = {
            "interests": forms.TextInput, "skills": forms.TextInput, "professional_skills": forms.TextInput,
            "commitment": forms.RadioSelect, "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        }
        labels = {"wants_companion": _("Companion (følgeven) – go along with a citizen to an activity"),
                  "wants_host": _("Host (vært) – welcome newcomers at an activity"),
                  "wants_activity": _("Help run an activity"),
                  "wants_other": _("Practical tasks – e.g. coffee, driving, posters"),
                  "channel": _("How did you hear about us?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["postcode"].required = True


class VolunteerForm(ProfileFieldsMixin, forms.ModelForm):
    slots = SlotField()

    class Meta:
        model = VolunteerProfile
        fields = ["first_name", "last_name", "email", "phone", "postcode", "travel_radius_km",
                  "wants_companion", "wants_host", "wants_activity", "wants_other", "kind", "commitment",
                  "interests", "skills", "professional_skills", "skill_domain", "languages",
                  "availability_uneven", "availability_note", "channel", "max_companion_load", "max_tasks",
                  "consent_given", "notes"]
        widgets = {"interests": forms.TextInput, "skills": forms.TextInput,
                   "professional_skills": forms.TextInput, "phone": forms.TextInput(attrs={"type": "tel"})}
        help_texts = {"consent_given": _("Only tick this when the volunteer has agreed that we store their "
                                         "details.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["slots"] = [f"{d}-{p}" for d, p in self.instance.slots]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=StatusReason.choices, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    resting_until = forms.DateField(label=_("Resting until"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.STOPPED and not data.get("reason"):
            self.add_error("reason", _("Say why the volunteer stops – it helps you learn about drop-out."))
        return data


class PauseForm(forms.Form):
    resting_until = forms.DateField(label=_("Pause until (optional)"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Anything you want us to know (optional)"), max_length=300, required=False)

    def clean_resting_until(self):
        value = self.cleaned_data.get("resting_until")
        if value and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        return value


class AvailabilityForm(forms.Form):
    slots = SlotField()
    availability_uneven = forms.BooleanField(label=_("My time varies – ask me"), required=False)
    availability_note = forms.CharField(label=_("Note"), max_length=200, required=False)


class OnboardingRecordForm(forms.ModelForm):
    class Meta:
        model = OnboardingRecord
        fields = ["item", "completed_on", "expires_on", "note"]
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"expires_on": _("Filled in from the item's validity if left empty.")}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = OnboardingItem.objects.filter(partnership=partnership)
        self.fields["item"].label = _("What was done")
        self.initial.setdefault("completed_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        item, done, expires = data.get("item"), data.get("completed_on"), data.get("expires_on")
        if done and done > timezone.localdate():
            self.add_error("completed_on", _("The date cannot be in the future."))
        if item and done and not expires and item.valid_months:
            data["expires_on"] = done + timedelta(days=round(item.valid_months * 30.44))
        if done and data.get("expires_on") and data["expires_on"] < done:
            self.add_error("expires_on", _("The expiry date must be after the date it was done."))
        return data


class OnboardingItemForm(forms.ModelForm):
    class Meta:
        model = OnboardingItem
        fields = ["name", "kind", "description", "required_for_all", "valid_months", "order"]


def partnership_activities(partnership):
    """Directory activities of the partnership or of its member organisations (for linking tasks and hosts)."""
    from brobyg.directory.models import Activity

    if partnership is None:
        return Activity.objects.none()
    return (Activity.objects.filter(Q(partnership=partnership) | Q(organisation__actor_in__partnership=partnership))
            .exclude(status="ended").distinct().order_by("title", "pk"))


class HostForm(forms.Form):
    activity = forms.ModelChoiceField(queryset=None, label=_("Activity"))

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = partnership_activities(partnership)


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "kind", "activity", "description", "keywords", "languages", "weekday", "day_part", "start_time",
                  "end_time", "starts_on", "ends_on", "meeting_place", "postcode", "commitment", "hours_per_month",
                  "volunteers_needed", "involves_children", "requirements", "status"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "start_time": forms.TimeInput(attrs={"type": "time"}),
                   "end_time": forms.TimeInput(attrs={"type": "time"}),
                   "requirements": forms.CheckboxSelectMultiple}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirements"].queryset = OnboardingItem.objects.filter(partnership=partnership)
        self.fields["activity"].queryset = partnership_activities(partnership)
        self.fields["requirements"].help_text = _("Items from the onboarding checklist the volunteer must have "
                                                  "done first.")

    def clean_postcode(self):
        return _postcode(self.cleaned_data.get("postcode"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last date must be after the first date."))
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The end time must be after the start time."))
        if data.get("day_part") and data.get("weekday") is None:
            self.add_error("weekday", _("Choose the weekday too."))
        return data


class SupportNoteForm(forms.ModelForm):
    class Meta:
        model = SupportNote
        fields = ["date", "kind", "note", "next_follow_up"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "next_follow_up": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", _("The date cannot be in the future."))
        if data.get("date") and data.get("next_follow_up") and data["next_follow_up"] <= data["date"]:
            self.add_error("next_follow_up", _("The next follow-up must be after this one."))
        return data


class RecognitionForm(forms.ModelForm):
    class Meta:
        model = Recognition
        fields = ["date", "kind", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class AskForm(forms.Form):
    profile = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=[c for c in Ask.Answer.choices if c[0] != "pending"])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VisitForm(forms.Form):
    ref = forms.CharField(max_length=64, widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Short note (optional)"), max_length=300, required=False)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("You can only log a visit that has happened."))
        return value


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["initiative", "date", "participants"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class FastSelect(forms.Select):
    """A plain <select> rendered in Python: the template-per-option rendering of Django's widget costs a
    noticeable share of the volunteer list (issue 5: list p95 ≤ 150 ms). Same markup, no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        current = "" if value is None else str(value[0] if isinstance(value, (list, tuple)) and value else value)
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) == current else "", label) for v, label in self.choices))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name, e-mail, phone, skills, interests, languages or area."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Status.choices,
                               widget=FastSelect)
    role = forms.ChoiceField(label=_("Wants to be"), required=False, widget=FastSelect, choices=[
        ("", _("Any")), ("companion", _("Companion")), ("host", _("Host")), ("activity", _("Activity volunteer")),
        ("other", _("Other tasks"))])
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect,
                             choices=[("", _("Any")), ("core", _("Core volunteer")), ("user", _("User volunteer"))])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("Any"))] + Channel.choices,
                                widget=FastSelect)
    language = forms.CharField(label=_("Language"), required=False, max_length=40)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=4)
    slot = forms.ChoiceField(label=_("Free at"), required=False, widget=FastSelect,
                             choices=[("", _("Any time"))] + services.slot_choices())
