from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False)
    user = forms.CharField(label=_("User"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("action"):
            queryset = queryset.filter(action__icontains=data["action"])
        if data.get("user"):
            queryset = queryset.filter(actor_username__icontains=data["user"])
        if data.get("object_type"):
            queryset = queryset.filter(object_type__icontains=data["object_type"])
        if data.get("date_from"):
            queryset = queryset.filter(created__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(created__date__lte=data["date_to"])
        return queryset
