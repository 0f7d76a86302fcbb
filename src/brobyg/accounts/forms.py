from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from brobyg.core import permissions
from brobyg.partnerships.models import Organisation, Role

from .models import User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct. Note that both are case-sensitive."),
        "inactive": _("This account is not active."),
    }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person you invite"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(label=_("On behalf of organisation"), queryset=Organisation.objects.none(),
                                          required=False)

    def __init__(self, *args, partnership, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership, self.user = partnership, user
        self.fields["organisation"].queryset = partnership.organisations.all()
        if not permissions.has_role(user, partnership, [Role.FACILITATOR]):
            # An association contact brings in colleagues of their own organisation, nothing else.
            self.fields["role"].choices = [(Role.ASSOCIATION_CONTACT.value, Role.ASSOCIATION_CONTACT.label)]
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=permissions.organisation_ids(user, [Role.ASSOCIATION_CONTACT], partnership))
            self.fields["organisation"].required = True
            self.fields["organisation"].empty_label = None

    def clean(self):
        data = super().clean()
        org = data.get("organisation")
        if data.get("role") == Role.ASSOCIATION_CONTACT and org is not None and \
                not permissions.may_appoint_contact(self.user, self.partnership, org):
            self.add_error("organisation", _(
                "%(org)s decides itself who acts for it: ask one of its association contacts or a site "
                "administrator to invite this person.") % {"org": org.name})
        return data


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput,
                                help_text=password_validation.password_validators_help_text_html())
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken. Choose another."))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            user = User(username=data.get("username", ""), first_name=data.get("first_name", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
