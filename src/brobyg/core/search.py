"""Searches over personal data keep their terms out of URLs — and so out of access logs, browser history and
Referer headers (issue 13 §3: the citizen search put name and phone in the URL).

The search form posts (``method="post"`` with the CSRF token); ``private_search`` keeps the terms in the
server-side session under the page's key and sends the browser back to the page (post/redirect/get), which reads
them from the session. Page links then carry only the page number. A form field named ``clear`` forgets the terms.
"""
from __future__ import annotations

from django.http import HttpResponseRedirect, QueryDict

_SKIP = {"csrfmiddlewaretoken", "page", "clear"}


def private_search(request, key: str) -> tuple[QueryDict, HttpResponseRedirect | None]:
    """The search terms of page ``key`` and, after a POST, the redirect to answer with (None for htmx requests,
    which render the result in place and never show a URL)."""
    session_key = f"search:{key}"
    if request.method == "POST":
        if "clear" in request.POST:
            request.session.pop(session_key, None)
        else:
            request.session[session_key] = {name: values for name, values in request.POST.lists()
                                             if name not in _SKIP and any(v.strip() for v in values)}
        if not request.headers.get("HX-Request"):
            return QueryDict(), HttpResponseRedirect(request.path)
    data = QueryDict(mutable=True)
    for name, values in request.session.get(session_key, {}).items():
        data.setlist(name, values)
    return data, None
