"""The client's network address, taken the same way everywhere (login lockout, throttles of public forms)."""
import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The address the request came from.

    Without a proxy that is ``REMOTE_ADDR``. Behind the documented proxy (``BEHIND_PROXY=1``: one reverse proxy that
    appends the peer's address to ``X-Forwarded-For``, as nginx's ``$proxy_add_x_forwarded_for`` does) it is the
    right-most entry of that header — the one our proxy wrote. Entries to its left come from the client and can be
    anything, so they are never used; a malformed entry falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-1]))
    except ValueError:
        return remote
