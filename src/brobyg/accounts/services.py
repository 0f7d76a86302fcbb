"""Invitations: the only way staff and volunteer accounts are created."""
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.partnerships.models import Membership

from .models import Invitation, User


def invite(request, partnership, email: str, role: str, organisation=None) -> Invitation:
    invitation = Invitation.objects.create(
        partnership=partnership, organisation=organisation, role=role, email=email, invited_by=request.user
    )
    link = request.build_absolute_uri(reverse("accounts:accept", args=[invitation.token]))
    send_mail(
        _("Invitation to Brobyg"),
        _("You have been invited to %(partnership)s in Brobyg. Open this link to create your account: %(link)s")
        % {"partnership": partnership.name, "link": link},
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    record(request, "invitation.create", invitation, partnership=partnership, detail=f"role={role}")
    return invitation


@transaction.atomic
def accept(invitation: Invitation, *, username, first_name, last_name, password) -> User:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValueError("invitation no longer usable")
    user = User(username=username, first_name=first_name, last_name=last_name, email=invitation.email)
    user.set_password(password)
    user.save()
    Membership.objects.create(
        user=user, partnership=invitation.partnership, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted", "accepted_by"])
    record(user, "invitation.accept", invitation, partnership=invitation.partnership)
    permissions.forget(user)
    return user


def password_was_reset(request, user: User) -> None:
    """A reset through the e-mailed link proves control of the account's address: the login lockout of that
    username (from every address) is lifted, so a locked-out person gets in at once with the new password."""
    reset_lockout(username=user.get_username())
    record(request, "account.password.reset", user)
