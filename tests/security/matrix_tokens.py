"""Permission matrix entries for personal tokens (see matrix.py)."""
from .matrix import AARHUS, Rule, url

# The calendar address is its own credential (a random secret; unknown or revoked → 404).
PUBLIC = {"tokens:calendar_feed"}


def _facilitators_token(w):
    from brobyg.accounts.models import User
    from brobyg.tokens.services import issue

    token, _key = issue(User.objects.get(username="facilitator"), "api", "matrix", w.partnership)
    return token.pk


MATRIX = {
    "tokens:list": Rule(url("tokens:list"), AARHUS | {"other"}),  # one's own tokens only
    "tokens:revoke": Rule(url("tokens:revoke", _facilitators_token), {"facilitator"}, method="post"),
    "tokens:calendar_renew": Rule(url("tokens:calendar_renew"), AARHUS | {"other"}, method="post"),
}
