"""``Authorization: Bearer <token>`` on /api/: the call acts as the token's user within its partnership.

A bearer call carries no cookie, so it needs no CSRF token; a read-only token may only read (GET, HEAD, OPTIONS).
Placed last in MIDDLEWARE, so nothing after it sees the session user instead."""
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .models import Token
from .services import act_as, find

SAFE = {"GET", "HEAD", "OPTIONS"}


class BearerTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.path.startswith("/api/") and header[:7].lower() == "bearer ":
            token = find(header[7:].strip(), Token.Kind.API)
            if token is None:
                return JsonResponse({"detail": _("Unknown or revoked token.")}, status=401,
                                    headers={"WWW-Authenticate": "Bearer"})
            if request.method not in SAFE and not token.can_write:
                return JsonResponse({"detail": _("This token may only read.")}, status=403)
            request.user = act_as(token)
            request._dont_enforce_csrf_checks = True  # no cookie, so no cross-site request to guard against
        return self.get_response(request)
