"""Forms of the partnership workspace. Owner and actor choices are limited to the partnership's own."""
from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (AgreementTask, AgreementVersion, ContactPerson, FollowUpAction, Meeting, Membership,
                     Organisation, PartnershipOrganisation, PhaseItem, Sector)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _user_label(user):
    return user.get_full_name() or user.username


class ActorForm(forms.ModelForm):
    """Add or edit an actor. A new actor may be a new organisation (name + sector) or one already in the system."""

    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, required=False)

    class Meta:
        model = PartnershipOrganisation
        fields = ["actor_role", "partner_type", "holds_authority", "joined", "contribution", "notes"]
        widgets = {"joined": DATE, "contribution": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if self.instance.pk:
            del self.fields["organisation_name"]
            del self.fields["sector"]
        else:
            self.fields["organisation_name"].required = True
            self.fields["sector"].required = True
            self.order_fields(["organisation_name", "sector"])
        self.fields["partner_type"].help_text = _("Leave empty to use the type the sector suggests.")

    def clean_organisation_name(self):
        name = self.cleaned_data["organisation_name"].strip()
        if PartnershipOrganisation.objects.filter(partnership=self.partnership,
                                                  organisation__name__iexact=name).exists():
            raise forms.ValidationError(_("This organisation is already an actor in the partnership."))
        return name

    def _reusable(self, name):
        """An organisation of this name that only this partnership has ever used (say, an actor that was removed and
        comes back), else None. An organisation known to another partnership, its people or its activities is never
        taken over by typing its name: the new actor gets an organisation record of its own (issue 13)."""
        from brobyg.directory.models import Activity

        pid = self.partnership.pk
        for org in Organisation.objects.filter(name__iexact=name, municipality=self.partnership.municipality):
            if not (PartnershipOrganisation.objects.filter(organisation=org).exclude(partnership_id=pid).exists()
                    or Membership.objects.filter(organisation=org).exclude(partnership_id=pid).exists()
                    or Activity.objects.filter(organisation=org).exclude(partnership_id=pid).exists()):
                return org
        return None

    def save(self, commit=True):
        actor = super().save(commit=False)
        if not actor.pk:
            name = self.cleaned_data["organisation_name"]
            org = self._reusable(name)
            if org is None:
                org = Organisation.objects.create(name=name, sector=self.cleaned_data["sector"],
                                                  municipality=self.partnership.municipality)
            actor.organisation = org
            actor.partnership = self.partnership
        if commit:
            actor.save()
        return actor


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone", "is_ally", "in_steering_group", "notes"]


class PhaseItemForm(forms.ModelForm):
    class Meta:
        model = PhaseItem
        fields = ["title", "phase", "status", "owner", "date", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.member_users(partnership)
        self.fields["owner"].label_from_instance = _user_label
        if self.instance.pk and self.instance.key:  # advice items keep their text and phase
            del self.fields["title"]
            del self.fields["phase"]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "form", "place", "organisations", "attendees", "decisions", "notes"]
        widgets = {"date": DATE, "organisations": forms.CheckboxSelectMultiple,
                   "attendees": forms.Textarea(attrs={"rows": 3}), "decisions": forms.Textarea(attrs={"rows": 5}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = services.actors(partnership)
        self.fields["organisations"].label_from_instance = lambda a: a.organisation.name


class ActionForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["text", "owner", "owner_actor", "due"]
        widgets = {"due": DATE}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.member_users(partnership)
        self.fields["owner"].label_from_instance = _user_label
        self.fields["owner_actor"].queryset = services.actors(partnership)
        self.fields["owner_actor"].label_from_instance = lambda a: a.organisation.name


class AgreementForm(forms.ModelForm):
    class Meta:
        model = AgreementVersion
        fields = ["purpose", "values", "resources", "meeting_rhythm", "starts", "ends", "signed_off_by",
                  "signed_off_on", "recruitment_owner", "recruitment_reason", "change_note"]
        widgets = {"starts": DATE, "ends": DATE, "signed_off_on": DATE,
                   "purpose": forms.Textarea(attrs={"rows": 4}), "values": forms.Textarea(attrs={"rows": 4}),
                   "resources": forms.Textarea(attrs={"rows": 4}), "signed_off_by": forms.Textarea(attrs={"rows": 3}),
                   "recruitment_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "purpose": _("What the partnership wants to change, and for whom."),
            "values": _("The values and view of people everybody in the project lives up to (000 §6.3.2)."),
            "resources": _("Staff hours, premises, money and other resources each party puts in."),
            "meeting_rhythm": _("How often you meet and talk, and about what (000 §6.4.2)."),
            "ends": _("The agreement's duration: until when it runs."),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The end date is before the start date."))
        return data


class TaskForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Party"), queryset=PartnershipOrganisation.objects.none(),
                                   required=False, empty_label=_("All parties"))
    area = forms.ChoiceField(label=_("Area"), choices=AgreementTask.Area.choices)
    description = forms.CharField(label=_("Task and responsibility"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = services.actors(partnership)
        self.fields["actor"].label_from_instance = lambda a: a.organisation.name


class BaseTaskFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Rows copied from the previous version are unchanged, but they are still the agreement: validate every row
        # and drop only those without a description (see tasks()).
        kwargs["empty_permitted"] = False
        return super()._construct_form(i, **kwargs)

    def tasks(self):
        return [f.cleaned_data for f in self.forms
                if f.cleaned_data and f.cleaned_data.get("description", "").strip()]


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=3, max_num=60, validate_max=True)


class RatingRoundForm(forms.Form):
    """One field per condition (score and comment), built from services.CONDITIONS."""

    date = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("For example 'Steering group, spring'."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Don't know"))] + [(str(v), label) for v, label in services.SCALE]
        for key, group, text, source in services.CONDITIONS:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=text, choices=choices, required=False, coerce=int, empty_value=None,
                widget=forms.RadioSelect, help_text=f"{group} · {source}")
            self.fields[f"comment_{key}"] = forms.CharField(label=_("Comment"), max_length=500, required=False)

    def rows(self):
        for key, group, text, source in services.CONDITIONS:
            yield {"group": group, "source": source, "score": self[f"score_{key}"],
                   "comment": self[f"comment_{key}"]}

    def scores(self):
        return {k: self.cleaned_data.get(f"score_{k}") for k in services.CONDITION_KEYS}

    def comments(self):
        return {k: self.cleaned_data.get(f"comment_{k}", "") for k in services.CONDITION_KEYS}
