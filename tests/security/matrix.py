"""The permission matrix: every URL name and API operation that shows or changes partnership or citizen data,
with who may use it. `test_permission_matrix.py` asserts every cell and fails for any URL or operation that has
no entry here, so nobody can add an unguarded view by accident.

Principals: "anonymous"; the demo users of the Aarhus partnership by role — "facilitator", "referrer",
"bridgebuilder", "association", "volunteer", "evaluator"; "other" = a facilitator of another partnership
(facilitator-kbh) who must never see Aarhus data; "admin" = site administrator (always allowed).

Each app keeps its own entries in ``tests/security/matrix_<app>.py`` (dicts PUBLIC, MATRIX, API_PUBLIC, API_MATRIX);
this module merges them.

An entry: url name → Rule(path=callable(world) -> str, allow={principals}). ``world`` is the demo data (see
``World`` in the test). A principal not in ``allow`` must get 403/404 (or, for anonymous, a redirect to login).
"""
from dataclasses import dataclass, field
from typing import Callable

STAFF = {"facilitator", "referrer", "bridgebuilder", "association", "evaluator"}
AARHUS = STAFF | {"volunteer"}
EVERYONE = AARHUS | {"anonymous", "other"}


@dataclass
class Rule:
    path: Callable
    allow: set = field(default_factory=set)
    method: str = "get"
    # For pages every partnership has (lists, forms): texts of the Aarhus partnership that "other" must not see.
    leak: Callable | None = None


def aarhus_people(world):
    return ["Mette Holm", "Jonas Lund", "Sara Nielsen", "Peter Kjær", "Hanne Berg"]


def url(name, *args, **kwargs):
    from django.urls import reverse

    return lambda world: reverse(name, args=[a(world) if callable(a) else a for a in args] or None,
                                 kwargs={k: (v(world) if callable(v) else v) for k, v in kwargs.items()} or None)


# Pages anyone may open (no partnership or citizen data).
PUBLIC = {
    "core:home", "accounts:login", "accounts:logout", "accounts:password_reset", "accounts:password_reset_done",
    "accounts:password_reset_confirm", "accounts:password_reset_complete", "accounts:accept", "set_language",
    "healthz", "core:choose_partnership", "core:sources",
}

MATRIX = {
    "accounts:members": Rule(url("accounts:members"), {"facilitator", "other"}, leak=aarhus_people),
    # Association contacts invite colleagues of their own organisation (issue 13: its own contacts decide).
    "accounts:invite": Rule(url("accounts:invite"), {"facilitator", "association", "other"},
                            leak=lambda w: ["Hjernerystelses"]),
    "accounts:security": Rule(url("accounts:security"), AARHUS | {"other"}),
    "accounts:password_change": Rule(url("accounts:password_change"), AARHUS | {"other"}),
    # The second-factor pages concern only the signed-in user's own devices (enrolment answers the page).
    "accounts:two_factor_verify": Rule(url("accounts:two_factor_verify"), AARHUS | {"other"}),
    "accounts:two_factor_setup": Rule(url("accounts:two_factor_setup"), AARHUS | {"other"}),
    "accounts:recovery_codes": Rule(url("accounts:recovery_codes"), AARHUS | {"other"}, method="post"),
    "audit:list": Rule(url("audit:list"), {"facilitator", "other"},
                       leak=lambda w: ["bridgebuilder", "referrer", "Mennesker er også medicin"]),
}

# API operations: "METHOD /path" exactly as in the OpenAPI document → Rule (path built from the world).
API_PUBLIC = {"GET /api/v1/"}
API_MATRIX = {
    "GET /api/v1/accounts/me": Rule(lambda w: "/api/v1/accounts/me", AARHUS | {"other"}),
    "GET /api/v1/accounts/partnerships/{partnership_id}/members": Rule(
        lambda w: f"/api/v1/accounts/partnerships/{w.partnership.pk}/members", {"facilitator"}),
}


def _merge_app_matrices():
    import importlib
    import pkgutil
    from pathlib import Path

    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("matrix_"):
            module = importlib.import_module(f"{__package__}.{info.name}")
            PUBLIC.update(getattr(module, "PUBLIC", set()))
            MATRIX.update(getattr(module, "MATRIX", {}))
            API_PUBLIC.update(getattr(module, "API_PUBLIC", set()))
            API_MATRIX.update(getattr(module, "API_MATRIX", {}))


_merge_app_matrices()
