"""The audit log in plain words (issue 14): who, what, which record — by a name the reader may see — and when,
with filters by person and by record, and a CSV export. Reads the entries as stored (type and id only); the names
are looked up at reading time and only for records of the partnerships the reader facilitates."""
from __future__ import annotations

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import AuditFilterForm

NOUNS = {
    "citizen": gettext_lazy("citizen"), "referral": gettext_lazy("referral"), "consent": gettext_lazy("consent"),
    "conversation": gettext_lazy("conversation"), "journey": gettext_lazy("journey"),
    "followup": gettext_lazy("follow-up"), "proposal": gettext_lazy("suggestion"),
    "companion": gettext_lazy("companionship"), "arrival": gettext_lazy("newcomer's arrival"),
    "newcomer": gettext_lazy("newcomer"), "visit": gettext_lazy("visit"),
    "participation": gettext_lazy("participation"), "outcome": gettext_lazy("well-being answers"),
    "volunteer": gettext_lazy("volunteer"), "activity": gettext_lazy("activity"), "idea": gettext_lazy("idea"),
    "story": gettext_lazy("story"), "survey": gettext_lazy("network survey"),
    "partnership": gettext_lazy("partnership"), "guide": gettext_lazy("conversation guide"),
    "dashboard": gettext_lazy("dashboard"), "invitation": gettext_lazy("invitation"),
}
VERBS = {
    "view": gettext_lazy("opened"), "list": gettext_lazy("opened the list"), "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"), "change": gettext_lazy("changed"), "save": gettext_lazy("saved"),
    "erase": gettext_lazy("erased"), "export": gettext_lazy("exported"), "move": gettext_lazy("moved"),
    "record": gettext_lazy("recorded"), "withdraw": gettext_lazy("withdrew"), "choose": gettext_lazy("chosen"),
    "assign": gettext_lazy("assigned"), "end": gettext_lazy("ended"), "done": gettext_lazy("completed"),
    "schedule": gettext_lazy("scheduled"), "add": gettext_lazy("added"), "decline": gettext_lazy("declined"),
    "notify": gettext_lazy("told by e-mail"), "remind": gettext_lazy("reminded"), "roles": gettext_lazy("roles changed"),
    "minimise": gettext_lazy("reduced to the minimal record"), "keep": gettext_lazy("kept after review"),
    "signup": gettext_lazy("signed up"), "status": gettext_lazy("status changed"), "release_place":
    gettext_lazy("place given back"), "start": gettext_lazy("started"), "close": gettext_lazy("closed"),
    "answer": gettext_lazy("answered"),
}
PHRASES = {
    "citizen.view": gettext_lazy("Opened the citizen's record"),
    "citizen.list": gettext_lazy("Opened the list of citizens"),
    "volunteer.self.citizens": gettext_lazy("Looked at the citizens they accompany"),
    "companion.view": gettext_lazy("Opened a companion's meeting information"),
    "newcomer.view": gettext_lazy("Opened a newcomer's welcome information"),
}
# Records named by something the reader recognises; the rest by their kind and number.
NAMED = {"bridging.citizen", "bridging.journey", "bridging.referral", "volunteers.volunteerprofile",
         "directory.activity", "partnerships.partnership", "partnerships.organisation"}


def describe_action(action: str) -> str:
    if action in PHRASES:
        return str(PHRASES[action])
    parts = action.split(".")
    noun, verb = NOUNS.get(parts[0]), VERBS.get(parts[-1])
    if noun and verb:
        return _("%(noun)s: %(verb)s") % {"noun": str(noun).capitalize(), "verb": verb}
    return action


def _name(obj) -> str:
    label = obj._meta.label_lower
    if label == "bridging.citizen":
        return f"{obj.first_name} {obj.last_name}".strip()
    if label == "bridging.journey":
        return _("%(name)s's journey") % {"name": obj.citizen.first_name}
    if label == "bridging.referral":
        return _("referral of %(name)s") % {"name": obj.contact_name or "–"}
    if label == "volunteers.volunteerprofile":
        return f"{obj.first_name} {obj.last_name}".strip()
    return str(getattr(obj, "title", None) or obj)


def record_names(entries, allowed_partnerships) -> dict:
    """(object_type, object_id) → a name the reader may see, for the entries of one page."""
    wanted: dict[str, set] = {}
    for e in entries:
        if e.object_type and e.object_id.isdigit():
            wanted.setdefault(e.object_type, set()).add(int(e.object_id))
    names = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        qs = model.objects.all()
        if label == "bridging.journey":
            qs = qs.select_related("citizen")
        for pk, obj in qs.in_bulk(list(ids)).items():
            partnership_id = getattr(obj, "partnership_id", None)
            if allowed_partnerships is not None and partnership_id is not None \
                    and partnership_id not in allowed_partnerships:
                continue
            if label in NAMED:
                names[(label, str(pk))] = _name(obj)
            else:
                names[(label, str(pk))] = f"{model._meta.verbose_name} #{pk}"
    return names


def rows(entries, allowed_partnerships) -> list[dict]:
    entries = list(entries)
    names = record_names(entries, allowed_partnerships)
    out = []
    for e in entries:
        who = e.actor.display_name() if e.actor_id and e.actor else (e.actor_username or _("the system"))
        record = names.get((e.object_type, e.object_id))
        if record is None and e.object_type:
            try:
                kind = apps.get_model(e.object_type)._meta.verbose_name
            except (LookupError, ValueError):
                kind = e.object_type
            record = f"{kind} #{e.object_id}" + (f" ({_('no longer exists')})" if e.object_id else "")
        out.append({"entry": e, "when": e.created, "who": who, "what": describe_action(e.action),
                    "record": record or "–", "code": e.action})
    return out


class PlainAuditFilterForm(AuditFilterForm):
    record = forms.CharField(label=gettext_lazy("Record (a name)"), required=False, max_length=100,
                             help_text=gettext_lazy("E.g. a citizen's or a volunteer's name, or an activity."))

    def __init__(self, *args, allowed_partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed_partnerships
        self.fields["user"].label = gettext_lazy("Person (who did it)")

    def filter(self, queryset):
        person = (self.cleaned_data.get("user") or "").strip()
        self.cleaned_data["user"] = ""
        queryset = super().filter(queryset)
        if person:
            queryset = queryset.filter(Q(actor_username__icontains=person) | Q(actor__first_name__icontains=person)
                                       | Q(actor__last_name__icontains=person))
        text = (self.cleaned_data.get("record") or "").strip()
        if text:
            queryset = queryset.filter(record_q(text, self.allowed))
        return queryset


def record_q(text: str, allowed) -> Q:
    """Entries about records whose name contains ``text``: citizens (and their journeys), volunteers, activities."""
    Citizen = apps.get_model("bridging", "Citizen")
    Journey = apps.get_model("bridging", "Journey")
    Profile = apps.get_model("volunteers", "VolunteerProfile")
    Activity = apps.get_model("directory", "Activity")
    scope = {} if allowed is None else {"partnership_id__in": list(allowed)}
    q = Q(pk__in=[])
    for part in text.split()[:3]:
        citizens = list(Citizen.objects.filter(Q(first_name__icontains=part) | Q(last_name__icontains=part),
                                               **scope).values_list("pk", flat=True)[:200])
        journeys = list(Journey.objects.filter(citizen_id__in=citizens).values_list("pk", flat=True)[:400])
        profiles = list(Profile.objects.filter(Q(first_name__icontains=part) | Q(last_name__icontains=part),
                                               **scope).values_list("pk", flat=True)[:200])
        activities = list(Activity.objects.filter(title__icontains=part).values_list("pk", flat=True)[:200])
        q |= (Q(object_type="bridging.citizen", object_id__in=[str(i) for i in citizens])
              | Q(object_type="bridging.journey", object_id__in=[str(i) for i in journeys])
              | Q(object_type="volunteers.volunteerprofile", object_id__in=[str(i) for i in profiles])
              | Q(object_type="directory.activity", object_id__in=[str(i) for i in activities]))
    return q
