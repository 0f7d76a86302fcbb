from __future__ import annotations

from django import forms
from django.utils.html import escape
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobyg.core.publicforms import PublicForm
from brobyg.partnerships.models import Organisation, Partnership

from .models import (
    Barrier, Citizen, CommunityKind, Consent, EndReason, GuideQuestion, ParticipationRole, QuestionKind, Referral,
    ReferralReason, Stage, Support, TimeOfDay, WishKey, WithdrawReason, split_list,
)


class CommaMultipleField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        if isinstance(value, str):
            return [v for v in value.split(",") if v]
        return value


def _join(values) -> str:
    return ",".join(values or [])


class ReferralForm(forms.ModelForm):
    reasons = CommaMultipleField(label=_("Why a community could help"), choices=ReferralReason.choices,
                                 required=False)

    class Meta:
        model = Referral
        fields = ["contact_name", "contact_phone", "contact_email", "postcode", "is_minor", "guardian_name",
                  "source", "organisation", "department", "reasons", "wants_help_with", "recruitment_owner"]
        widgets = {"wants_help_with": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"contact_name": _("Only what is needed to make contact. More is recorded after consent.")}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (partnership.organisations.all() if partnership
                                                else Organisation.objects.none())
        self.fields["source"].choices = [c for c in self.fields["source"].choices if c[0] != "self"]
        self._agreed_recruitment(partnership)

    def _agreed_recruitment(self, partnership):
        """Start from who recruits as the collaboration agreement says, and say why (000 §7.1.4)."""
        from brobyg.partnerships.services import latest_agreement

        agreement = latest_agreement(partnership) if partnership else None
        if agreement and agreement.recruitment_owner:
            self.fields["recruitment_owner"].initial = agreement.recruitment_owner
            self.fields["recruitment_owner"].help_text = _("The collaboration agreement says: %(owner)s. %(why)s") % {
                "owner": agreement.get_recruitment_owner_display(), "why": agreement.recruitment_reason}

    def clean_reasons(self):
        return _join(self.cleaned_data["reasons"])

    def clean(self):
        data = super().clean()
        if not data.get("contact_phone") and not data.get("contact_email"):
            self.add_error("contact_phone", _("Give a phone number or an e-mail address so someone can call back."))
        if data.get("is_minor") and not data.get("guardian_name"):
            self.add_error("guardian_name", _("For a child, name the parent or guardian we should contact."))
        return data


class SelfReferralForm(PublicForm):
    """The public form: a citizen asks to be contacted. Nothing more than needed to call back is asked."""

    scope = "ask"
    min_seconds_setting = "BROBYG_ASK_MIN_SECONDS"
    per_hour_setting = "BROBYG_ASK_PER_HOUR"

    partnership = forms.ModelChoiceField(label=_("Where do you live?"), queryset=Partnership.objects.none(),
                                         help_text=_("Choose the local partnership near you."))
    contact_name = forms.CharField(label=_("Your first name"), max_length=100)
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\d{4}$", required=False,
                                error_messages={"invalid": _("A Danish postcode has four digits.")})
    wants_help_with = forms.CharField(label=_("What would you like to do, or what would you like help with?"),
                                      widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    agree = forms.BooleanField(
        label=_("I agree that the partnership stores this so that someone can contact me. Nothing else is stored "
                "until we have talked."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.order_by("municipality", "name")
        self.fields["partnership"].label_from_instance = lambda p: f"{p.municipality}: {p.project_name or p.name}"

    def clean(self):
        data = super().clean()
        if not data.get("contact_phone") and not data.get("contact_email"):
            self.add_error("contact_phone", _("Give a phone number or an e-mail address so we can contact you."))
        return data


class CitizenForm(forms.ModelForm):
    roles = CommaMultipleField(label=_("Participation roles"), choices=ParticipationRole.choices, required=False)

    class Meta:
        model = Citizen
        fields = ["first_name", "last_name", "phone", "email", "postcode", "home_latitude", "home_longitude",
                  "birth_year", "gender", "languages", "guardian_name", "guardian_phone", "welcome_needs",
                  "inclusion_needs"]
        widgets = {"welcome_needs": forms.Textarea(attrs={"rows": 3}),
                   "inclusion_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["roles"]
        self.fields["home_latitude"].help_text = _(
            "Optional and coarse (a street or the district is enough): distances are then measured from here "
            "instead of the postcode's middle.")

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and not (1900 <= year <= timezone.now().year):
            raise forms.ValidationError(_("Give a year between 1900 and this year."))
        return year

    def clean_postcode(self):
        value = (self.cleaned_data.get("postcode") or "").strip()
        if value and not (len(value) == 4 and value.isdigit()):
            raise forms.ValidationError(_("A Danish postcode has four digits."))
        return value

    def clean(self):
        data = super().clean()
        if (data.get("home_latitude") is None) != (data.get("home_longitude") is None):
            self.add_error("home_longitude", _("Give both latitude and longitude, or leave both empty."))
        for key in ("home_latitude", "home_longitude"):
            if data.get(key) is not None:
                data[key] = round(data[key], 3)  # about 100 m: as coarse as matching needs
        year = data.get("birth_year")
        if year and timezone.now().year - year < 18 and not data.get("guardian_name"):
            self.add_error("guardian_name", _("For a child, name the parent or guardian."))
        return data


class WishesForm(forms.ModelForm):
    barriers = CommaMultipleField(label=_("Barriers"), choices=Barrier.choices, required=False)
    support = CommaMultipleField(label=_("Support wanted"), choices=Support.choices, required=False)
    days = CommaMultipleField(label=_("Days that work"), required=False, choices=[
        ("0", _("Monday")), ("1", _("Tuesday")), ("2", _("Wednesday")), ("3", _("Thursday")), ("4", _("Friday")),
        ("5", _("Saturday")), ("6", _("Sunday"))])
    day_parts = CommaMultipleField(label=_("Parts of the day"), required=False, choices=[
        c for c in TimeOfDay.choices if c[0] != TimeOfDay.ANY], help_text=_("None ticked: any time."))
    open_target_groups = CommaMultipleField(
        label=_("Communities for … they would consider"), required=False,
        help_text=_("The citizen chooses; private, never shown to anyone else. None ticked: ordinary communities "
                    "only — a fine answer (002)."))

    class Meta:
        model = Citizen
        fields = ["interests", "community_kind", "as_volunteer", "days", "days_strict", "day_parts", "travel_km",
                  "barriers", "max_price", "needs_step_free", "support", "open_target_groups", "with_family"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from brobyg.directory.models import TargetGroup
        from brobyg.directory.taxonomy import EVERYONE as EVERYONE_GROUP

        self.fields["open_target_groups"].choices = [
            (g.slug, g.label) for g in TargetGroup.objects.exclude(slug=EVERYONE_GROUP)]
        if self.instance.pk and not self.instance.day_parts and self.instance.time_of_day != TimeOfDay.ANY:
            self.initial["day_parts"] = self.instance.time_of_day  # recorded before parts of the day were several

    def clean_day_parts(self):
        return _join(self.cleaned_data["day_parts"])

    def clean_open_target_groups(self):
        return _join(self.cleaned_data["open_target_groups"])

    def save(self, commit=True):
        citizen = super().save(commit=False)
        parts = split_list(citizen.day_parts)
        citizen.time_of_day = parts[0] if len(parts) == 1 else TimeOfDay.ANY
        if commit:
            citizen.save()
        return citizen

    def clean_barriers(self):
        return _join(self.cleaned_data["barriers"])

    def clean_support(self):
        return _join(self.cleaned_data["support"])

    def clean_days(self):
        return _join(self.cleaned_data["days"])

    def clean_travel_km(self):
        km = self.cleaned_data["travel_km"]
        if km > 200:
            raise forms.ValidationError(_("At most 200 km."))
        return km


class ConsentForm(forms.ModelForm):
    confirm = forms.BooleanField(label=_("The citizen (or guardian) has agreed to what is ticked here."))

    class Meta:
        model = Consent
        fields = ["method", "given_by_guardian", "share_with_association", "share_with_companion",
                  "outcome_measures", "contact_for_follow_up", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text": _("E.g. 'Agreed on the phone that Sara may tell the walking group her first name "
                                "and that she prefers to be met at the door.'")}


    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing is shared unless the citizen says yes: every sharing box starts empty (issue 14).
        for name in ("share_with_association", "share_with_companion", "outcome_measures", "contact_for_follow_up"):
            self.fields[name].initial = False


class FollowUpAddForm(forms.Form):
    due = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(label=_("What about"), max_length=100)


class WithdrawForm(forms.Form):
    # Optional: withdrawal is a right and is never refused; the reason is recorded when given.
    reason = forms.ChoiceField(label=_("Why"), choices=[("", "—")] + list(WithdrawReason.choices), required=False)


class ConsentCitizenForm(CitizenForm):
    """At consent: the citizen record is created from the referral."""


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles now"), choices=ParticipationRole.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=_("Roles change both ways: stepping back to user is fine "
                                                  "(000 §7.4.1)."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.ChoiceField(label=_("Reason (when ending)"), choices=[("", "—"), *EndReason.choices],
                               required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("to_stage") == Stage.ENDED and not data.get("reason"):
            self.add_error("reason", _("Say why the journey ends."))
        return data


class FollowUpDoneForm(forms.Form):
    note = forms.CharField(label=_("How is it going?"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           help_text=_("Still coming? Wants a change? Would like to help as a volunteer?"))
    next_stage = forms.ChoiceField(label=_("Stage after this follow-up"), required=False,
                                   choices=[("", _("(no change)")), *Stage.choices])
    # Asked at the last follow-up only (see services.is_last_follow_up): bridge on when the citizen is ready for a
    # change (000 §7.4.4–7.4.5). The answer is kept as a participation record.
    ready_to_move_on = forms.ChoiceField(
        label=_("Ready to move on?"), required=False,
        choices=[("", _("(not asked)")), ("yes", _("Yes, ready for something new")),
                 ("not_yet", _("Not yet: stays where they are"))],
        help_text=_("Ask the citizen. If yes, look at other offers in the area together."))

    def __init__(self, *args, moving_on=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not moving_on:
            del self.fields["ready_to_move_on"]


class FirstVisitForm(forms.Form):
    first_visit = forms.DateField(label=_("Date of the first visit"), widget=forms.DateInput(attrs={"type": "date"}))


LIKERT_UCLA = [(1, _("Hardly ever")), (2, _("Some of the time")), (3, _("Often"))]
LIKERT_WHO5 = [(5, _("All of the time")), (4, _("Most of the time")), (3, _("More than half of the time")),
               (2, _("Less than half of the time")), (1, _("Some of the time")), (0, _("At no time"))]


class OutcomeForm(forms.Form):
    """UCLA 3-item loneliness scale (Hughes et al. 2004) and WHO-5 well-being index, both optional."""

    occasion = forms.CharField(label=_("Occasion"), max_length=60, required=False,
                               help_text=_("E.g. start, 3 months."))
    ucla_1 = forms.TypedChoiceField(label=_("How often do you feel that you lack companionship?"),
                                    choices=[("", "—"), *LIKERT_UCLA], coerce=int, required=False, empty_value=None)
    ucla_2 = forms.TypedChoiceField(label=_("How often do you feel left out?"),
                                    choices=[("", "—"), *LIKERT_UCLA], coerce=int, required=False, empty_value=None)
    ucla_3 = forms.TypedChoiceField(label=_("How often do you feel isolated from others?"),
                                    choices=[("", "—"), *LIKERT_UCLA], coerce=int, required=False, empty_value=None)
    who5_1 = forms.TypedChoiceField(label=_("Over the last two weeks I have felt cheerful and in good spirits"),
                                    choices=[("", "—"), *LIKERT_WHO5], coerce=int, required=False, empty_value=None)
    who5_2 = forms.TypedChoiceField(label=_("I have felt calm and relaxed"),
                                    choices=[("", "—"), *LIKERT_WHO5], coerce=int, required=False, empty_value=None)
    who5_3 = forms.TypedChoiceField(label=_("I have felt active and vigorous"),
                                    choices=[("", "—"), *LIKERT_WHO5], coerce=int, required=False, empty_value=None)
    who5_4 = forms.TypedChoiceField(label=_("I woke up feeling fresh and rested"),
                                    choices=[("", "—"), *LIKERT_WHO5], coerce=int, required=False, empty_value=None)
    who5_5 = forms.TypedChoiceField(label=_("My daily life has been filled with things that interest me"),
                                    choices=[("", "—"), *LIKERT_WHO5], coerce=int, required=False, empty_value=None)
    own_words = forms.CharField(label=_("In the citizen's own words"), widget=forms.Textarea(attrs={"rows": 3}),
                                required=False)


class ConversationForm(forms.Form):
    """Built from the questions of one guide version."""

    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, guide, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(guide.questions.all())
        initial_answers = initial_answers or {}
        for q in self.questions:
            name = f"q{q.pk}"
            initial = initial_answers.get(q.pk, "")
            if q.kind == QuestionKind.CHOICE and q.choice_pairs():
                field = forms.ChoiceField(choices=[("", "—"), *q.choice_pairs()], required=False)
            elif q.kind == QuestionKind.MULTI and q.choice_pairs():
                field = forms.MultipleChoiceField(choices=q.choice_pairs(), required=False,
                                                  widget=forms.CheckboxSelectMultiple)
                initial = [v for v in initial.split(",") if v]
            elif q.kind == QuestionKind.NUMBER:
                field = forms.DecimalField(required=False, min_value=0, max_value=100000, decimal_places=1)
            else:
                field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
            field.label = q.text
            field.help_text = escape(q.help)  # _form.html renders help as safe HTML
            field.initial = initial
            self.fields[name] = field
            if initial_answers.get(q.pk):
                # What was said before stays unless cleared on purpose: a blank field keeps its value.
                self.fields[f"clear_q{q.pk}"] = forms.BooleanField(
                    label=_("Clear this answer on purpose"), required=False,
                    help_text=_("A field left empty keeps the earlier answer; tick this to remove it."))
        self.order_fields([n for q in self.questions for n in (f"q{q.pk}", f"clear_q{q.pk}")] + ["notes"])

    def cleared(self) -> set[int]:
        return {q.pk for q in self.questions if self.cleaned_data.get(f"clear_q{q.pk}")}

    def answers(self) -> dict[int, str]:
        out = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if isinstance(value, list):
                value = ",".join(value)
            elif value is None:
                value = ""
            else:
                value = str(value)
                if value.endswith(".0"):
                    value = value[:-2]
            out[q.pk] = value
        return out


class GuideForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class GuideQuestionForm(forms.ModelForm):
    delete = forms.BooleanField(label=_("Remove"), required=False)

    class Meta:
        model = GuideQuestion
        fields = ["order", "section", "text", "help", "kind", "choices", "key"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 2}), "help": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["key"].choices = WishKey.choices


GuideQuestionFormSet = forms.formset_factory(GuideQuestionForm, extra=2, max_num=60)

# Referenced by views for choice labels.
__all__ = ["CommunityKind", "TimeOfDay"]


# --- The bridge after the conversation ---------------------------------------------------------------------------

class ProposeForm(forms.Form):
    activities = forms.TypedMultipleChoiceField(label=_("Propose to the citizen"), coerce=int,
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [(m.activity_id, m.title) for m in matches]


class ChooseForm(forms.Form):
    expected = forms.DateTimeField(label=_("Expected first time"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


class CompanionForm(forms.Form):
    profile = forms.ModelChoiceField(label=_("Companion"), queryset=None)
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=300, required=False)
    entrance = forms.CharField(label=_("Entrance"), max_length=300, required=False)
    receiver = forms.CharField(label=_("Who receives you"), max_length=300, required=False)
    meeting_at = forms.DateTimeField(label=_("Time"), required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])

    def __init__(self, *args, partnership=None, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from brobyg.volunteers.models import Status, VolunteerProfile

        self.fields["profile"].queryset = VolunteerProfile.objects.filter(
            partnership=partnership, status=Status.ACTIVE, wants_companion=True)
        if suggestions:
            self.fields["profile"].initial = suggestions[0].profile.pk


class VisitForm(forms.ModelForm):
    class Meta:
        from .models import Visit

        model = Visit
        fields = ["date", "outcome", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class ParticipationForm(forms.ModelForm):
    class Meta:
        from .models import Participation

        model = Participation
        fields = ["date", "still_coming", "wants_change", "wants_to_volunteer", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
