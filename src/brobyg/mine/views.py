"""The citizen's own page by personal link (issue 21), and the bridge-builder's "send / renew personal link".

The citizen's views are reached by a capability (the token, then the short session it opens), not by membership:
they are marked ``@permissions.unscoped()`` and scope everything by the link's citizen themselves (services.py).
Thin: the rules live in services.py."""
from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from brobyg.bridging.access import get_citizen
from brobyg.bridging.services import BridgeError
from brobyg.core import permissions

from . import services
from .services import LinkRefused

ACTIONS = {"choose": services.choose, "not_for_me": services.not_for_me}
STEPS = {"coming": services.coming, "pause": services.pause}


def _private(response):
    """Nothing of the page in caches, and no address passed on to another site. (Not "no-referrer": Chromium then
    sends "Origin: null" with the page's own forms and the CSRF check refuses them.)"""
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def _refused(request, reason: str):
    texts = {"unknown": _("This link does not work. Ask your contact person for a new one."),
             "expired": _("This link is too old. Ask your contact person for a new one."),
             "withdrawn": _("This link no longer works, because you withdrew your consent. Nothing more is "
                            "shared about you.")}
    return _private(render(request, "mine/refused.html", {"reason": texts[reason]},
                           status=404 if reason == "unknown" else 410))


@never_cache
@permissions.unscoped()  # reached by the citizen's personal token, checked in services.link_for_token
def enter(request, token):
    try:
        link = services.link_for_token(token)
    except LinkRefused as refused:
        return _refused(request, refused.reason)
    services.enter(request, link)
    return _private(redirect("mine:page"))


@never_cache
@permissions.unscoped()  # reached by the session a personal link opened; scoped to that link's citizen
def page(request):
    try:
        link = services.link_for_session(request)
    except LinkRefused as refused:
        return _refused(request, refused.reason)
    citizen = link.citizen
    services.audit_view(citizen, "own page")
    return _private(render(request, "mine/page.html", services.page(citizen)))


@require_POST
@permissions.unscoped()  # as page(): the session's citizen only
def act(request, action, pk=None):
    try:
        link = services.link_for_session(request)
    except LinkRefused as refused:
        return _refused(request, refused.reason)
    citizen = link.citizen
    try:
        if action in ACTIONS:
            ACTIONS[action](citizen, pk)
        elif action in STEPS:
            STEPS[action](citizen)
        elif action == "withdraw":
            if request.POST.get("confirm") != "yes":
                raise BridgeError(_("Tick the box to confirm that you want to withdraw your consent."))
            services.withdraw(citizen)
            request.session.pop(services.SESSION_KEY, None)
            return _private(render(request, "mine/withdrawn.html"))
        else:
            raise BridgeError(_("Unknown action."))
    except BridgeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, {
            "choose": _("Thank you! We have told the activity that you would like to come."),
            "not_for_me": _("Thank you for telling us. That is completely fine."),
            "coming": _("Thank you! The people there know you are coming."),
            "pause": _("Your break has started. Your contact person will not ask you for anything until you "
                       "are ready.")}[action])
    return redirect("mine:page")


@login_required
@require_POST
def send_link(request, pk):
    """The bridge-builder's "Send / renew personal link": a new link, shown once on the next page."""
    citizen = get_citizen(request.user, pk)
    try:
        token = services.issue_link(request, citizen)
    except BridgeError as exc:
        messages.error(request, str(exc))
        return redirect("bridging:citizen", pk=citizen.pk)
    url = services.link_url(request, token)
    return _private(render(request, "mine/link.html", {
        "citizen": citizen, "url": url, "qr": qr_svg(url), "days": services.link_days()}))


def qr_svg(text: str) -> str:
    """A QR code of ``text`` as inline SVG, drawn on the server, when the qrcode library is installed (the
    two-factor enrolment brings it); otherwise '' and the page shows the link only."""
    try:
        import qrcode
        import qrcode.image.svg
    except ImportError:
        return ""
    out = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).save(out)
    svg = out.getvalue().decode()
    return svg[svg.find("<svg"):]
