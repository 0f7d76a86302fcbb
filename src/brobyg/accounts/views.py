from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from brobyg.core.permissions import current_partnership, require_role
from brobyg.partnerships.models import Membership, Role

from . import services
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
    partnership = _facilitated_partnership(request)
    form = InvitationForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        services.invite(request, partnership, form.cleaned_data["email"], form.cleaned_data["role"],
                        form.cleaned_data["organisation"])
        messages.success(request, _("The invitation has been sent."))
        return redirect("accounts:members")
    return render(request, "accounts/invite.html", {"form": form, "partnership": partnership})


def accept(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    if not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.accept(invitation, username=data["username"], first_name=data["first_name"],
                               last_name=data["last_name"], password=data["password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Brobyg."))
        return redirect("core:home")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})
