"""No dead ends: every link a user is shown leads to a page that user may open.

For each demo role (and an anonymous visitor) the test starts at the home page and follows the site's own links
breadth-first (bounded), the way the load run and real users do; a link that answers 403/404/5xx for the user who
was shown it is a defect (a menu or button offered to the wrong role, or a broken URL).
"""
import re
from collections import deque

import pytest
from django.core.cache import cache
from django.core.management import call_command

from .test_permission_matrix import _client

ROLES = ["anonymous", "facilitator", "referrer", "bridgebuilder", "association", "volunteer", "evaluator", "other"]
SKIP = re.compile(r"^/(accounts/logout|admin|static|media|i18n|api)|\.(pdf|xlsx|ics|png|svg|jpg|json|csv)(\?|$)|"
                  r"/(export|download|erase|withdraw|print|flyer|ical|calendar)")
LIMIT = 120


def links(html: str) -> set[str]:
    return {h.replace("&amp;", "&").split("#")[0] for h in re.findall(r'<a [^>]*href="(/[^"]*)"', html)}


def _generic(path: str) -> str:
    """One representative per kind of page (the same list with another filter or page number adds nothing)."""
    return re.sub(r"\d+", "<n>", path.split("?")[0])


@pytest.mark.django_db
def test_every_link_shown_to_a_user_opens_for_that_user():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    cache.clear()  # rate limits of earlier tests must not answer for the pages
    problems = []
    for role in ROLES:
        client = _client(role)
        queue, seen_kinds, visited = deque([("/", "(start)")]), set(), 0
        while queue and visited < LIMIT:
            path, source = queue.popleft()
            kind = _generic(path)
            if kind in seen_kinds or SKIP.search(path):
                continue
            seen_kinds.add(kind)
            visited += 1
            response = client.get(path)
            if response.status_code >= 400:
                problems.append(f"{role}: {path} answers {response.status_code} (linked from {source})")
                continue
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                queue.extend((link, path) for link in links(response.content.decode()) if link != path)
        if visited <= (3 if role == "anonymous" else 5):
            problems.append(f"{role} found almost nothing to open: {sorted(seen_kinds)}")
    assert not problems, "\n".join(problems)
