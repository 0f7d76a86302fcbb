"""Making, finding and revoking personal tokens (the one place that knows how tokens are hashed)."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from brobyg.core import permissions
from brobyg.core.capability import hash_token, new_token

from .models import Token

PREFIX = "brobyg_"
TOUCH_EVERY = timedelta(minutes=1)  # last_used is written at most this often per token


def issue(user, kind: str, name: str = "", partnership=None, can_write: bool = False) -> tuple[Token, str]:
    """A new token and its secret (shown once; only the hash is stored)."""
    key = PREFIX + new_token(32)
    token = Token.objects.create(user=user, kind=kind, name=name, partnership=partnership, can_write=can_write,
                                 key_hash=hash_token(key), prefix=key[:12])
    return token, key


def renew_calendar(user) -> tuple[Token, str]:
    """Revoke the user's calendar addresses and make a new one."""
    revoke(Token.objects.filter(user=user, kind=Token.Kind.CALENDAR))
    return issue(user, Token.Kind.CALENDAR, name="calendar")


def revoke(queryset) -> int:
    return queryset.filter(revoked__isnull=True).update(revoked=timezone.now())


def find(key: str, kind: str) -> Token | None:
    """The active token with this secret, its last use noted; None for unknown or revoked ones."""
    if not key or not key.startswith(PREFIX) or len(key) > 100:
        return None
    # A token is a capability, found by its hash before anyone is logged in: the scope guard is lifted for this
    # one lookup, and act_as() then limits the request to the token's partnership.
    with permissions.unscoped():
        token = (Token.objects.filter(key_hash=hash_token(key), kind=kind, revoked__isnull=True,
                                      user__is_active=True).select_related("user", "partnership").first())
    if token is not None:
        now = timezone.now()
        if token.last_used is None or now - token.last_used > TOUCH_EVERY:
            Token.objects.filter(pk=token.pk).update(last_used=now)
            token.last_used = now
    return token


def act_as(token: Token):
    """The token's user, limited for this request to the token's partnership (the permission layer reads the
    memberships cached on the user object; a site administrator's token is limited the same way)."""
    from brobyg.partnerships.models import Membership

    user = token.user
    user.is_superuser = False  # in memory only, for this request: a token acts within its partnership
    user._brobyg_memberships = list(Membership.objects.filter(user=user, partnership=token.partnership)
                                    .values_list("partnership_id", "organisation_id", "role"))
    user._brobyg_token = token
    return user
