"""Two-factor log-in (TOTP, django-otp) for the roles in ``BROBYG_2FA_ROLES``, with recovery codes.

After the password, a user who needs the second factor can reach only the pages of this flow (verify, enrol,
log out) until a code from their authenticator app — or one of their single-use recovery codes — verifies the
session. A user without an authenticator is sent to enrol: a QR code drawn on the server (no third-party
request), a first code to confirm it, then ten recovery codes shown once. The API answers 403 until verified.
A site administrator can delete a person's devices in the admin (lost phone); they then enrol again.
"""
from __future__ import annotations

import base64
import io
from base64 import b32encode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobyg.core import permissions

SITE_ADMIN = "site_admin"
RECOVERY_CODES = 10
# Pages a signed-in user who still owes the second factor may open.
OPEN_URL_NAMES = ("accounts:two_factor_verify", "accounts:two_factor_setup", "accounts:logout", "set_language")


def required(user) -> bool:
    roles = set(settings.BROBYG_2FA_ROLES)
    if not roles or not user.is_authenticated:
        return False
    if SITE_ADMIN in roles and permissions.is_site_admin(user):
        return True
    return bool(permissions.roles_of(user) & roles)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The authenticator being enrolled (unconfirmed), created on first use of the enrolment page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def secret(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (drawn here; the CSP allows data: images)."""
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def confirm(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token.strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ten new single-use ones; returned once, stored as django-otp does."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify(user, token: str):
    """The device (authenticator or recovery codes) that accepts ``token``, or None. Devices throttle failures."""
    token = (token or "").strip().replace(" ", "")
    return match_token(user, token) if token else None


class TwoFactorMiddleware:
    """After OTPMiddleware: keeps an unverified user who needs the second factor inside the flow."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and required(user):
            if not self._open(request):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "Two-factor verification required: log in on the website"},
                                        status=403)
                target = "accounts:two_factor_verify" if has_authenticator(user) else "accounts:two_factor_setup"
                query = f"?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else ""
                return redirect(reverse(target) + query)
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        if request.path.startswith(settings.STATIC_URL) or request.path == "/healthz":
            return True
        return request.path in {reverse(name) for name in OPEN_URL_NAMES}
