"""Navigation and 'what to do next' cards per role.

Entries name URL patterns; entries whose URL does not exist (an app not built yet) are skipped, so apps can
land independently. Each app may add entries by appending to NAV and HOME_CARDS from its AppConfig.ready().
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from brobyg.partnerships.models import Role


@dataclass
class Entry:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty = every logged-in user; ("anonymous",) = public only
    text: str = ""
    order: int = 50
    public: bool = False
    kwargs: dict = field(default_factory=dict)
    # Optional live lines for a home card: items(user) -> list[str] (e.g. the open follow-up actions).
    items: Callable | None = None

    def url(self) -> str | None:
        try:
            return reverse(self.url_name, kwargs=self.kwargs or None)
        except NoReverseMatch:
            return None


NAV: list[Entry] = [
    Entry(_("Home"), "core:home", order=0, public=True),
    Entry(_("Find activities"), "directory:public_list", order=10, public=True),
    Entry(_("Audit log"), "audit:list", roles=(Role.FACILITATOR,), order=90),
    Entry(_("People"), "accounts:members", roles=(Role.FACILITATOR,), order=80),
]

# An app's own tabs (e.g. "initiatives"), shown with {% subnav "initiatives" %}: like NAV, each tab names the roles
# that may open it, so nobody is shown a tab that answers "access denied".
SUBNAV: dict[str, list[Entry]] = {}

HOME_CARDS: list[Entry] = [
    Entry(_("Invite a colleague"), "accounts:invite", roles=(Role.FACILITATOR, Role.ASSOCIATION_CONTACT),
          text=_("Staff accounts are created by invitation only. Invite partners with the role they need."),
          order=80),
    Entry(_("Review the audit log"), "audit:list", roles=(Role.FACILITATOR,),
          text=_("See who has read or changed data in your partnership."), order=90),
]


@dataclass
class Waiting:
    """A "waiting for you" count on the home page (issue 14): ``count(user)`` → how many, ``text(n)`` → the line,
    linking to the list filtered to exactly those. Work lists for the person who does the work, not statistics, so
    the small-count rule does not apply (each item is one they can open anyway)."""

    roles: tuple[str, ...]
    count: Callable
    text: Callable
    url_name: str
    query: str = ""
    order: int = 50


WAITING: list[Waiting] = []


def waiting(user, role: str) -> list[dict]:
    out = []
    for w in sorted(WAITING, key=lambda w: w.order):
        if role not in w.roles:
            continue
        try:
            url = reverse(w.url_name)
        except NoReverseMatch:
            continue
        n = w.count(user)
        if n:
            out.append({"n": n, "text": w.text(n), "url": url + (f"?{w.query}" if w.query else "")})
    return out


def _visible(entry: Entry, user, roles: set[str]) -> bool:
    if not user.is_authenticated:
        return entry.public
    if not entry.roles:
        return True
    return user.is_superuser or bool(roles.intersection(entry.roles))


def entries(items: list[Entry], user, roles: set[str]) -> list[dict]:
    out = []
    for entry in sorted(items, key=lambda e: e.order):
        if not _visible(entry, user, roles):
            continue
        url = entry.url()
        if url:
            out.append({"label": entry.label, "url": url, "text": entry.text,
                        "items": entry.items(user) if entry.items else []})
    return out
