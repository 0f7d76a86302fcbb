"""Permission matrix of the citizen's own page (brobyg.mine, issue 21)."""
from .matrix import Rule, url
from .matrix_bridging import CASE, _citizen

# Reached by a personal link's token (then the short session it opens), never by membership: without a valid token
# everybody, staff and site administrators included, is refused with 404/410 — tested through HTTP in
# tests/bridging/test_citizen_page.py (guessed, expired, renewed and withdrawn links; staff without a link).
PUBLIC = {"mine:enter", "mine:page", "mine:act", "mine:act_on"}

MATRIX = {
    # Only the citizen's own partnership's case workers make (or renew) the link; another partnership's
    # facilitator gets 404.
    "mine:send_link": Rule(url("mine:send_link", _citizen("Karim")), CASE, method="post"),
}
