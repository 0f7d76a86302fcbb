"""An association's own inclusion self-check (000 §7.5), in our words: does the association work strategically
with including people in vulnerable positions — plans, goals, competences, a recognising and roomy culture — and
the four focus areas of §7.5.1. Rated 1–5 in rounds over time, like the partnership's self-ratings."""
from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from brobyg.audit.services import record
from brobyg.partnerships.services import SCALE

from .models import InclusionCheck, InclusionScore

STRATEGY = _("Working strategically")
FOCUS = _("Four focus areas for the leadership")
# (key, group, statement, source)
ITEMS = [
    ("plans", STRATEGY, _("We have a plan for how we include people in vulnerable positions"), "000 §7.5.2"),
    ("goals", STRATEGY, _("We have set goals for inclusion and look at how far we get"), "000 §7.5.2"),
    ("competences", STRATEGY, _("We build the skills our volunteers and staff need to support newcomers"),
     "000 §7.5.2"),
    ("culture", STRATEGY, _("Our culture recognises people and has room for difference"), "000 §7.5.2"),
    ("roles", FOCUS, _("Roles and tasks are flexible, so more people can find a place"), "000 §7.5.1"),
    ("partners", FOCUS, _("We choose our partners deliberately, e.g. the municipality for recruitment and contact "
                          "persons"), "000 §7.5.1"),
    ("learning", FOCUS, _("New volunteers learn alongside experienced ones or have a mentor"), "000 §7.5.1"),
    ("board", FOCUS, _("The board or leadership treats inclusion as strategy, not only as daily work"),
     "000 §7.5.1"),
]
KEYS = [i[0] for i in ITEMS]


class InclusionCheckForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Don't know"))] + [(str(v), label) for v, label in SCALE]
        for key, group, text, source in ITEMS:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=text, choices=choices, required=False, coerce=int, empty_value=None, widget=forms.RadioSelect)
            self.fields[f"comment_{key}"] = forms.CharField(label=_("Comment"), max_length=500, required=False)

    def rows(self):
        for key, group, text, source in ITEMS:
            yield {"group": group, "source": source, "score": self[f"score_{key}"], "comment": self[f"comment_{key}"]}


@transaction.atomic
def save_check(request, partnership, organisation, data) -> InclusionCheck:
    check = InclusionCheck.objects.create(partnership=partnership, organisation=organisation, date=data["date"],
                                          note=data["note"], created_by=request.user)
    InclusionScore.objects.bulk_create([
        InclusionScore(round=check, item=k, score=data.get(f"score_{k}"), comment=data.get(f"comment_{k}", ""))
        for k in KEYS])
    record(request, "directory.inclusion.create", check, partnership=partnership)
    return check


def history(partnership, organisation, limit: int = 6) -> dict:
    """The last rounds (oldest first) and per statement the scores, the change since the round before and the
    latest comment."""
    rounds = list(InclusionCheck.objects.filter(partnership=partnership, organisation=organisation)
                  .order_by("-date", "-pk")[:limit])[::-1]
    scores = {(s.round_id, s.item): s for s in InclusionScore.objects.filter(round__in=rounds)}
    rows = []
    for key, group, text, source in ITEMS:
        cells = [getattr(scores.get((r.pk, key)), "score", None) for r in rounds]
        change = cells[-1] - cells[-2] if len(cells) >= 2 and None not in cells[-2:] else None
        last = scores.get((rounds[-1].pk, key)) if rounds else None
        rows.append({"group": str(group), "text": text, "source": source, "cells": cells, "change": change,
                     "comment": last.comment if last else ""})
    return {"rounds": rounds, "rows": rows}
