from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from brobyg.audit.services import record
from brobyg.core.permissions import current_partnership, has_role, require_role, unscoped
from brobyg.partnerships.models import Membership, Role

from . import services, two_factor
from .forms import AcceptInvitationForm, InvitationForm, LoginForm
from .models import Invitation


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_was_reset(self.request, form.user)
        return response


@login_required
def security(request):
    """One's own account: password, two-factor log-in."""
    user = request.user
    return render(request, "accounts/security.html", {
        "two_factor_required": two_factor.required(user), "has_authenticator": two_factor.has_authenticator(user),
        "verified": user.is_verified(), "recovery_left": two_factor.recovery_codes_left(user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the old one first). Other sessions of the user end; this one stays."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)  # update_session_auth_hash keeps this session
        record(self.request, "account.password.change", self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _facilitated_partnership(request):
    partnership = current_partnership(request)
    if partnership is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    require_role(request.user, partnership, [Role.FACILITATOR])
    return partnership


@login_required
def members(request):
    partnership = _facilitated_partnership(request)
    rows = (Membership.objects.filter(partnership=partnership)
            .select_related("user", "organisation").order_by("user__first_name", "user__username", "role"))
    invitations = Invitation.objects.filter(partnership=partnership, accepted__isnull=True)
    return render(request, "accounts/members.html",
                  {"partnership": partnership, "memberships": rows, "invitations": invitations})


@login_required
def invite(request):
    """Facilitators invite people into their partnership; an association contact invites colleagues of their own
    organisation (who acts for an organisation is its own contacts' decision, issue 13)."""
    partnership = current_partnership(request)
    if partnership is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    require_role(request.user, partnership, [Role.FACILITATOR, Role.ASSOCIATION_CONTACT])
    form = InvitationForm(request.POST or None, partnership=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.invite(request, partnership, form.cleaned_data["email"], form.cleaned_data["role"],
                        form.cleaned_data["organisation"])
        messages.success(request, _("The invitation has been sent."))
        facilitator = has_role(request.user, partnership, [Role.FACILITATOR])
        return redirect("accounts:members" if facilitator else "core:home")
    return render(request, "accounts/invite.html", {"form": form, "partnership": partnership})


@unscoped()  # reached by the invitation's token, not by membership
def accept(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.accept(invitation, username=data["username"], first_name=data["first_name"],
                                   last_name=data["last_name"], password=data["password1"])
        except ValueError:  # accepted in a parallel request (or expired) while this form was being sent
            return render(request, "accounts/invitation_expired.html", status=410)
        except IntegrityError:  # the username was taken in a parallel request
            form.add_error("username", _("This username is taken. Choose another."))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Brobyg."))
            return redirect("core:home")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


# --- two-factor log-in ---------------------------------------------------------------------------------------------

def _next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                         require_https=request.is_secure())
    return target if ok and target.startswith("/") else reverse("core:home")


@login_required
def two_factor_verify(request):
    """The second step of the log-in: a code from the authenticator app or a recovery code."""
    if not two_factor.has_authenticator(request.user):
        return redirect("accounts:two_factor_setup")
    error = ""
    if request.method == "POST":
        device = two_factor.verify(request.user, request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            record(request, "account.2fa.verify", request.user,
                   detail="recovery code" if device.persistent_id.startswith("otp_static") else "authenticator")
            if device.persistent_id.startswith("otp_static"):
                messages.warning(request, _("You used a recovery code. %(n)d are left.")
                                 % {"n": two_factor.recovery_codes_left(request.user)})
            return redirect(_next(request))
        error = _("The code is not correct or has expired. Try the newest code from your app.")
    return render(request, "accounts/two_factor_verify.html", {"error": error, "next": _next(request)},
                  status=200)


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a first code."""
    if two_factor.has_authenticator(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")  # replacing an authenticator needs the current one first
    device = two_factor.pending_device(request.user)
    error = ""
    if request.method == "POST":
        if two_factor.confirm(device, request.POST.get("token", "")):
            otp_login(request, device)
            codes = two_factor.new_recovery_codes(request.user)
            record(request, "account.2fa.enrol", request.user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
        error = _("The code is not correct. Check the time on your phone and try the newest code.")
    return render(request, "accounts/two_factor_setup.html", {
        "qr": two_factor.qr_data_uri(device), "secret": two_factor.secret(device), "error": error,
        "next": _next(request)})


@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working), shown once."""
    if not (two_factor.has_authenticator(request.user) and request.user.is_verified()):
        return redirect("accounts:two_factor_setup")
    codes = two_factor.new_recovery_codes(request.user)
    record(request, "account.2fa.recovery_codes", request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:security")})
