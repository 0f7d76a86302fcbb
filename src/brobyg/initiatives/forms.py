import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobyg.core.publicforms import PublicForm
from brobyg.partnerships.models import Partnership

from . import elements, services
from .models import Cause, CauseMeeting, Idea, IdeaNote, IdeaStatus, LogEntry, PlanLink, Story


class PublicIdeaForm(PublicForm, forms.ModelForm):
    """The public 'Do you have an idea?' form (004 Part 2), protected against robots by core.publicforms."""

    scope = "idea"
    min_seconds_setting = "BROBYG_IDEA_MIN_SECONDS"
    per_hour_setting = "BROBYG_IDEA_RATE_LIMIT"

    partnership = forms.ModelChoiceField(
        Partnership.objects.order_by("municipality", "name"), label=gettext_lazy("Where do you live or want to start it?"),
        help_text=gettext_lazy("Choose the local partnership that should receive the idea."))
    contact_consent = forms.BooleanField(
        label=gettext_lazy("I agree that the partnership stores my name and contact details to talk with me about "
                           "the idea."),
        error_messages={"required": gettext_lazy("We need your consent to store your contact details.")})

    class Meta:
        model = Idea
        fields = ["partnership", "title", "description", "initiator_name", "initiator_contact", "co_initiators",
                  "needs_staff", "needs_premises", "needs_money", "needs_other", "initiator_expects",
                  "contact_consent"]
        labels = {
            "initiator_name": gettext_lazy("Your name"),
            "initiator_contact": gettext_lazy("Your phone number or e-mail"),
            "needs_staff": gettext_lazy("We need help from staff to get started"),
            "needs_premises": gettext_lazy("We need a place to be"),
            "needs_money": gettext_lazy("We need a little money"),
            "initiator_expects": gettext_lazy("What do you hope the partnership can do for you?"),
        }
        help_texts = {
            "description": gettext_lazy("Tell it in your own words: what, for whom, and why it matters to you."),
            "initiator_contact": gettext_lazy("So we can call or write to you. We do not share it."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "initiator_expects": forms.Textarea(attrs={"rows": 3}),
                   "initiator_contact": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "text"}),
                   "initiator_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiator_contact"].required = True

    def clean(self):
        data = super().clean()
        text = " ".join(str(data.get(f) or "") for f in ("title", "description", "initiator_expects"))
        if len(re.findall(r"https?://", text)) > 2:
            raise forms.ValidationError(_("Please leave out web links; tell us about the idea in words."))
        return data


class StaffIdeaForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "description", "initiator_name", "initiator_contact", "co_initiators", "contact_consent",
                  "needs_staff", "needs_premises", "needs_money", "needs_other", "initiator_expects",
                  "partnership_expects", "plan_links"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "initiator_expects": forms.Textarea(attrs={"rows": 3}),
                   "partnership_expects": forms.Textarea(attrs={"rows": 3}),
                   "plan_links": forms.CheckboxSelectMultiple}
        help_texts = {
            "plan_links": gettext_lazy("Tie the idea to the plan: its target group, focus area or a criterion the "
                                       "partnership measures (004 Part 2)."),
            "partnership_expects": gettext_lazy("Agree it with the initiators: e.g. that they run it themselves, "
                                                "tell us how it goes, and ask when they need help."),
        }

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_links"].queryset = PlanLink.objects.filter(partnership=partnership)

    def clean(self):
        data = super().clean()
        if data.get("initiator_contact") and not data.get("contact_consent"):
            self.add_error("contact_consent", _("Contact details may only be stored with the initiator's consent."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=IdeaStatus.choices)
    explanation = forms.CharField(
        label=gettext_lazy("Explanation to the initiator"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when you decline: thank them, say why, and suggest another way forward "
                               "(another association, a smaller start, a later time)."))

    def clean(self):
        data = super().clean()
        if data.get("status") == IdeaStatus.DECLINED and not (data.get("explanation") or "").strip():
            self.add_error("explanation", _("Write a kind explanation to the initiator before declining the idea."))
        return data


class IdeaNoteForm(forms.ModelForm):
    class Meta:
        model = IdeaNote
        fields = ["date", "text"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "text": forms.Textarea(attrs={"rows": 3})}


class PlanLinkForm(forms.ModelForm):
    class Meta:
        model = PlanLink
        fields = ["kind", "name"]

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean(self):
        data = super().clean()
        if PlanLink.objects.filter(partnership=self.partnership, kind=data.get("kind"),
                                   name__iexact=(data.get("name") or "").strip()).exists():
            raise forms.ValidationError(_("This one already exists."))
        return data


class CauseForm(forms.ModelForm):
    class Meta:
        model = Cause
        fields = ["title", "purpose", "started_by", "action_plan", "call_for_helpers", "looking_for_helpers"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "action_plan": forms.Textarea(attrs={"rows": 5}),
                   "call_for_helpers": forms.Textarea(attrs={"rows": 3})}


class CauseMeetingForm(forms.ModelForm):
    class Meta:
        model = CauseMeeting
        fields = ["date", "participants", "notes", "next_steps"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "notes": forms.Textarea(attrs={"rows": 3}),
                   "next_steps": forms.Textarea(attrs={"rows": 3}),
                   "participants": forms.NumberInput(attrs={"min": 2, "max": 30})}


class StoryForm(forms.ModelForm):
    """A success story in a minute on a phone (004 Part 2). Shared only with the consent of the people in it."""

    class Meta:
        model = Story
        fields = ["title", "date", "text", "change", "people", "people_consent", "photo", "photo_consent",
                  "sharing", "share_consent"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "text": forms.Textarea(attrs={"rows": 4}),
                   "change": forms.Textarea(attrs={"rows": 2}),
                   "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                            "capture": "environment"}),
                   "sharing": forms.RadioSelect}
        help_texts = {"photo": gettext_lazy("Optional. JPEG, PNG or WebP up to 5 MB. Location data is removed."),
                      "sharing": gettext_lazy("Stories stay with staff unless the people in them agree to more.")}

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload
            from django.core.exceptions import ValidationError

            try:
                return services.clean_photo(photo)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from None
        return photo

    def clean(self):
        data = super().clean()
        if data.get("people") and not data.get("people_consent"):
            self.add_error("people_consent", _("Name people only when they have agreed to be in the story."))
        photo = data.get("photo")
        if photo and not data.get("photo_consent"):
            self.add_error("photo_consent", _("A photo may only be kept when the people in it have agreed."))
        if data.get("sharing") == Story.Sharing.REPORTS and not data.get("share_consent"):
            self.add_error("share_consent", _("The story can be shared only when the people in it have agreed."))
        return data


class LogEntryForm(forms.ModelForm):
    class Meta:
        model = LogEntry
        fields = ["date", "activity", "activity_name", "cause", "happened", "learned"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "happened": forms.Textarea(attrs={"rows": 3}),
                   "learned": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = Cause.objects.filter(partnership=partnership)
        from brobyg.directory.models import Activity

        self.fields["activity"].queryset = Activity.objects.filter(partnership=partnership).order_by("title")


class RoundForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)


class AssessmentForm(forms.Form):
    """One radio row (1–5) per statement; a partner answers every statement."""

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=None, label=gettext_lazy("I answer for"))
            from brobyg.partnerships.models import Organisation

            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        for element in elements.ELEMENTS:
            self.fields[element.key] = forms.TypedChoiceField(
                label=element.text, choices=elements.SCALE, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose an answer from 1 to 5.")})
        self.fields["comment"] = forms.CharField(label=gettext_lazy("Anything you want to add"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 3}))

    def grouped_fields(self):
        return [(label, source, [self[e.key] for e in items]) for _k, label, source, items in elements.grouped()]
