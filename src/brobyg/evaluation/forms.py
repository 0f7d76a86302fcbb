from django import forms
from django.utils.translation import gettext_lazy as _

from . import indicators
from .models import ChangeElement, ElementKind, Frequency, Intervention, TieKind


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Network survey"))
    days = forms.IntegerField(label=_("Links expire after (days)"), min_value=1, max_value=90, initial=21)


def _month_field(label):
    # Whole months only (core.stats.period): a month picker; a full date (older links) is read as its month.
    return forms.DateField(label=label, required=False, input_formats=["%Y-%m", "%Y-%m-%d"],
                           widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}))


class PeriodForm(forms.Form):
    start = _month_field(_("From month"))
    end = _month_field(_("To month"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts. Choose a 'To' date on or after the 'From' "
                                    "date."))
        return data


class InterventionForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ElementForm(forms.ModelForm):
    class Meta:
        model = ChangeElement
        fields = ["kind", "text", "order", "indicator", "leads_to"]

    def __init__(self, *args, intervention=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"] = forms.ChoiceField(label=_("Indicator"), choices=indicators.choices,
                                                     required=False,
                                                     help_text=_("A number the system computes from its own data."))
        targets = ChangeElement.objects.filter(intervention=intervention).exclude(kind=ElementKind.ASSUMPTION)
        if self.instance.pk:
            targets = targets.exclude(pk=self.instance.pk)  # no arrow from a box to itself
        self.fields["leads_to"].queryset = targets
        self.fields["leads_to"].required = False
        self.fields["leads_to"].widget = forms.CheckboxSelectMultiple()
        self.fields["leads_to"].widget.choices = self.fields["leads_to"].choices
        self.fields["leads_to"].help_text = _("Draws an arrow to the next step (activity → output → outcome).")

    def clean(self):
        data = super().clean()
        if data.get("kind") == ElementKind.ASSUMPTION and data.get("leads_to"):
            self.add_error("leads_to", _("An assumption is shown below the diagram and has no arrows: leave this "
                                         "empty or choose another kind."))
        return data


class AnswerParser:
    """Reads the survey form (one block of fields per other actor) into the dict ``save_answers`` expects.
    Field names: a<id>_works, a<id>_freq, a<id>_kinds (several), a<id>_trust1..3, a<id>_value1..3."""

    def __init__(self, data, actors):
        self.data = data
        self.actors = actors
        self.errors: list[str] = []
        self.missing: list = []  # actors left without an answer

    def _int(self, name, low, high):
        raw = self.data.get(name, "")
        if raw in ("", None):
            return None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            self.errors.append(name)
            return None
        if not low <= value <= high:
            self.errors.append(name)
            return None
        return value

    def parse(self) -> dict:
        out = {}
        for actor in self.actors:
            p = f"a{actor.pk}_"
            answer = self.data.get(p + "works")
            if answer not in ("yes", "no", "unknown"):  # every row needs an answer: a blank is not "no tie"
                self.errors.append(p + "works")
                self.missing.append(actor)
            works = answer == "yes"
            row = {"works_together": works, "knows_target": answer != "unknown"}
            if works:
                row["frequency"] = self._int(p + "freq", Frequency.RARELY, Frequency.WEEKLY)
                row["kinds"] = [k for k in self.data.getlist(p + "kinds") if k in TieKind.values]
                for i in (1, 2, 3):
                    row[f"trust_{i}"] = self._int(f"{p}trust{i}", 1, 4)
                    row[f"value_{i}"] = self._int(f"{p}value{i}", 1, 4)
            out[actor.pk] = row
        return out
