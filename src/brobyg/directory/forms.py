from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from brobyg.core import permissions
from brobyg.partnerships.models import Partnership, Role

from . import geo
from .models import Activity, Cancellation, OneOffDate, Schedule
from .services import may_own, owner_organisations

# Fieldsets of the activity form, in the order a newcomer's questions come (000 §7.2.3, §7.6).
FIELDSETS = [
    (_("The activity"), ["organisation", "partnership", "title", "description", "categories", "inclusion",
                         "target_groups", "audience", "min_age", "max_age", "volunteer_role", "languages", "status"]),
    (_("Place"), ["address", "postcode", "city", "latitude", "longitude"]),
    (_("For the newcomer"), ["entrance", "meeting_place", "receiver", "what_to_bring", "has_host", "host_name",
                             "host_note", "companion_welcome"]),
    (_("Price and support"), ["price_type", "price_amount", "price_note", "payment_method", "financial_support"]),
    (_("Room for newcomers"), ["capacity", "open_places", "usual_participants", "need_support"]),
    (_("Accessibility"), ["wheelchair", "hearing_loop", "quiet_room", "low_stimulus", "accessible_toilet",
                          "parking", "public_transport", "accessibility_note"]),
    (_("Contact"), ["contact_name", "contact_email", "contact_phone"]),
    (_("Internal"), ["notes_for_referrers"]),
]


MAX_KM_FROM_POSTCODE = 30  # an exact position further from its postcode is most likely mistyped


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [name for _legend, names in FIELDSETS for name in names]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "host_note": forms.Textarea(attrs={"rows": 3}),
            "financial_support": forms.Textarea(attrs={"rows": 3}),
            "notes_for_referrers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = owner_organisations(user).order_by("name")
        if permissions.is_site_admin(user):
            partnerships = Partnership.objects.all()
        else:
            partnerships = Partnership.objects.filter(
                pk__in=permissions.partnership_ids(user, [Role.FACILITATOR, Role.ASSOCIATION_CONTACT]))
        self.fields["partnership"].queryset = partnerships.order_by("name")
        self.fields["organisation"].empty_label = None
        self.fields["audience"].required = False  # left out: everyone
        self.fields["city"].help_text = _("Filled in from the postcode if left empty.")
        self.fields["postcode"].help_text = _("Used to show the distance to the activity.")
        self.fields["latitude"].label = _("Exact position: latitude (optional)")
        self.fields["latitude"].help_text = _(
            "Decimal degrees from a map, e.g. 56.1572. Left empty, distances are measured from the middle of the "
            "postcode area.")
        self.fields["longitude"].label = _("Exact position: longitude (optional)")
        self.fields["longitude"].help_text = _("Decimal degrees from a map, e.g. 10.2107.")
        # A position that was filled in from the postcode is not an exact one: show the fields empty, so that a
        # new postcode moves the activity instead of keeping the old postcode's middle.
        place = geo.lookup_postcode(self.instance.postcode) if self.instance.pk and self.instance.postcode else None
        if place and (self.instance.latitude, self.instance.longitude) == (place.latitude, place.longitude):
            self.initial["latitude"] = self.initial["longitude"] = None

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def clean_audience(self):
        return self.cleaned_data.get("audience") or Activity.Audience.EVERYONE

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_age", _("The maximum age must not be lower than the minimum age."))
        if data.get("price_type") == Activity.PriceType.FEE and data.get("price_amount") in (None, ""):
            self.add_error("price_amount", _("Say what it costs, or choose 'Free'."))
        cap, open_places = data.get("capacity"), data.get("open_places")
        if cap is not None and open_places is not None and open_places > cap:
            self.add_error("open_places", _("There cannot be more open places than the capacity."))
        data["need_support"] = data.get("need_support") or 0
        if data.get("usual_participants") is not None and data["need_support"] > data["usual_participants"]:
            self.add_error("need_support", _("Cannot be more than the number of participants."))
        postcode = data.get("postcode")
        if postcode and geo.lookup_postcode(postcode) is None:
            self.add_error("postcode", _("We do not know that postcode. Please enter a Danish postcode, e.g. 8000."))
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None) and not {"latitude", "longitude"} & set(self._errors or {}):
            self.add_error("longitude" if lon is None else "latitude",
                           _("Give both latitude and longitude, or leave both empty."))
        elif lat is not None and lon is not None:
            place = geo.lookup_postcode(postcode) if postcode else geo.from_address(data.get("address", ""))
            km = geo.haversine_km(lat, lon, place.latitude, place.longitude) if place else 0
            if km > MAX_KM_FROM_POSTCODE:
                self.add_error("latitude", _(
                    "This position is %(km)d km from postcode %(code)s. Check the numbers: latitude first "
                    "(about 54.5–57.8), longitude second (about 8–15).") % {"km": km, "code": place.code})
        organisation, partnership = data.get("organisation"), data.get("partnership")
        if organisation is not None and not may_own(self.user, organisation.pk, getattr(partnership, "pk", None)):
            self.add_error("partnership", _("You cannot keep an activity of %(org)s in this partnership: choose the "
                                            "partnership in which you act for it.") % {"org": organisation.name})
        if not postcode and not geo.from_address(data.get("address", "")) and \
                data.get("status") == Activity.Status.PUBLISHED:
            self.add_error("postcode", _("A published activity needs a postcode so people can find it near them."))
        return data

    def save(self, commit=True):
        activity = super().save(commit=False)
        if "postcode" in self.changed_data or "address" in self.changed_data:
            activity.municipality = ""
            if "postcode" in self.changed_data and "city" not in self.changed_data:
                activity.city = ""
        if activity.latitude is None or activity.longitude is None:
            activity.latitude = activity.longitude = None  # no exact position: the postcode's middle
        activity.fill_place()
        if commit:
            activity.save()
            self.save_m2m()
        return activity


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["frequency", "weekday", "week_of_month", "start_time", "end_time", "valid_from", "valid_until"]
        widgets = {"start_time": TIME, "end_time": TIME, "valid_from": DATE, "valid_until": DATE}

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The end must be after the start."))
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("The end date must not be before the start date."))
        return data


class OneOffForm(forms.ModelForm):
    class Meta:
        model = OneOffDate
        fields = ["date", "start_time", "end_time", "note"]
        widgets = {"date": DATE, "start_time": TIME, "end_time": TIME}


class CancellationForm(forms.ModelForm):
    class Meta:
        model = Cancellation
        fields = ["starts", "ends", "reason"]
        widgets = {"starts": DATE, "ends": DATE}

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The end date must not be before the start date."))
        return data


ScheduleFormSet = inlineformset_factory(Activity, Schedule, form=ScheduleForm, extra=1, can_delete=True)
OneOffFormSet = inlineformset_factory(Activity, OneOffDate, form=OneOffForm, extra=1, can_delete=True)
CancellationFormSet = inlineformset_factory(Activity, Cancellation, form=CancellationForm, extra=1,
                                            can_delete=True)
