"""The citizen's own page (issue 21): the personal link, and what the citizen may see and do there.

The link is a capability, not a membership: whoever holds a valid token reaches that one citizen's page. Its rules:
- the token is random (``core.capability.new_token``) and only its hash is stored (``hash_token``), as for the
  network survey's personal links; it is shown once to the bridge-builder, never logged or audit-logged;
- it expires after ``BROBYG_CITIZEN_LINK_DAYS``; renewing makes a new token and the old one stops at once;
- it works only while the citizen's consent is active: withdrawal (by staff or on the page) stops it for good
  (a later consent, or a change of consent, needs a new link);
- the first visit swaps the token for a short session and redirects to a token-less address.

What the page shows is assembled here from what the citizen already knows (the activities proposed, their
reasons, the practical meeting information, their consent) — never notes, barriers or referral reasons. The
citizen's choices go through the same operations staff use (``bridge.choose``, ``services.move``,
``services.withdraw_consent``), acting as :class:`AsCitizen`; every view is audit-logged with the journey's
partnership.
"""
from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.audit.services import record
from brobyg.bridging import bridge, services as bridging
from brobyg.bridging.models import Citizen, Proposal, Stage
from brobyg.core.capability import hash_token, new_token

from .models import CitizenLink

SESSION_KEY = "brobyg_mine"
SESSION_SECONDS = 30 * 60  # the short session a personal link opens (and its idle limit)
AUDIT_DETAIL = "by the citizen (personal link)"


class AsCitizen:
    """The actor for operations the citizen takes on their own page: no user (the audit entry names no staff
    member; its detail says it was the citizen), and the services' ``who.user`` is None."""

    user = None

    def __init__(self, citizen: Citizen):
        self.citizen = citizen


class LinkRefused(Exception):
    """The link is unknown, expired or no longer valid (consent withdrawn). ``reason`` is for the page only."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def link_days() -> int:
    return settings.BROBYG_CITIZEN_LINK_DAYS


def link_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("mine:enter", args=[token]))


@transaction.atomic
def issue_link(request, citizen: Citizen) -> str:
    """A new personal link for ``citizen`` (the previous one stops). Returns the raw token, to be shown once."""
    if citizen.active_consent() is None:
        raise bridging.BridgeError(_("A personal link needs the citizen's active consent."))
    token = new_token()
    now = timezone.now()
    CitizenLink.objects.update_or_create(citizen=citizen, defaults={
        "token_hash": hash_token(token), "issued_at": now, "expires": now + dt.timedelta(days=link_days()),
        "issued_by": request.user})
    record(request, "citizen_link.issue", citizen, partnership=citizen.partnership)
    return token


def revoke(citizen: Citizen) -> None:
    CitizenLink.objects.filter(citizen=citizen).delete()


def _valid(link: CitizenLink | None) -> CitizenLink:
    if link is None:
        raise LinkRefused("unknown")
    if link.expires <= timezone.now():
        raise LinkRefused("expired")
    # Withdrawn once, the link stays dead, even if consent is given again later (then a new link is made).
    if link.citizen.active_consent() is None or link.citizen.consents.filter(withdrawn_at__gte=link.issued_at).exists():
        raise LinkRefused("withdrawn")
    return link


def link_for_token(token: str) -> CitizenLink:
    if not token or len(token) > 100:
        raise LinkRefused("unknown")
    return _valid(CitizenLink.objects.select_related("citizen__partnership")
                  .filter(token_hash=hash_token(token)).first())


def enter(request, link: CitizenLink) -> None:
    """Swap the token for a short session of its own (a new session key), audit-logged (never the token), so a
    forwarded link shows up in the log as an opening nobody expected."""
    citizen = link.citizen
    journey = citizen.current_journey()
    record(AsCitizen(citizen), "citizen_link.open", citizen,
           partnership=journey.partnership_id if journey else citizen.partnership_id, detail=AUDIT_DETAIL)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"link": link.pk, "hash": link.token_hash}
    request.session.set_expiry(SESSION_SECONDS)


def link_for_session(request) -> CitizenLink:
    """The link of this session, checked again on every request (a renewal, expiry or withdrawal ends it)."""
    held = request.session.get(SESSION_KEY) or {}
    link = (CitizenLink.objects.select_related("citizen__partnership")
            .filter(pk=held.get("link"), token_hash=held.get("hash") or "-").first())
    try:
        return _valid(link)
    except LinkRefused:
        request.session.pop(SESSION_KEY, None)
        raise


def audit_view(citizen: Citizen, what: str) -> None:
    journey = citizen.current_journey()
    record(AsCitizen(citizen), "citizen.view", citizen,
           partnership=journey.partnership_id if journey else citizen.partnership_id,
           detail=f"{what}, {AUDIT_DETAIL}")


# --- what the page shows ---------------------------------------------------------------------------------------

def _first_name(value: str) -> str:
    """The first word of a name ("Birgitte, frivillig vært" → "Birgitte"): the citizen meets a first name."""
    words = re.split(r"[\s,;:/()]+", (value or "").strip())
    return words[0] if words else ""


def _when(activity):
    occ = activity.next_occurrence() if activity else None
    return timezone.make_aware(occ.starts_at) if occ else None


def reasons_for(citizen: Citizen, activity) -> list[str]:
    """Why an activity was proposed, in the citizen's own words. Not the stored matching reasons: those are written
    for staff and can name a barrier ("money is a barrier", "quiet setting") the page must not show."""
    from brobyg.bridging.matching import interest_terms

    text = (activity.search_text or "").lower()
    liked = [word for stem, word in interest_terms(citizen.interests).items() if stem in text]
    out = [_("You said you like %(words)s") % {"words": ", ".join(liked)}] if liked else []
    if any(activity.weekday_mask & (1 << d) for d in citizen.day_list()):
        out.append(_("It meets on a day that suits you"))
    return out


def page(citizen: Citizen) -> dict:
    """Everything the page shows, from what the citizen already knows."""
    journey = citizen.current_journey()
    proposals = list(journey.proposals.select_related("activity", "activity__organisation")
                     .exclude(activity=None)) if journey else []
    arrival = getattr(journey, "arrival", None) if journey and hasattr(journey, "arrival") else None
    chosen = next((p for p in proposals if p.status == Proposal.Status.CHOSEN), None)
    companion = None
    if journey:
        c = journey.companionships.filter(active=True).select_related("profile").first()
        if c:
            companion = {"first_name": _first_name(c.profile.first_name), "meeting_at": c.meeting_at,
                         "meeting_place": c.meeting_place}
    activity = chosen.activity if chosen else None
    share = bridging.sharing(citizen)
    return {
        "citizen": citizen, "journey": journey, "paused": journey is not None and journey.stage == Stage.PAUSED,
        "proposals": [(p, reasons_for(citizen, p.activity)) for p in proposals
                      if p.status == Proposal.Status.PROPOSED],
        "chosen": chosen, "activity": activity, "next_time": _when(activity),
        # A time still ahead; once it has passed, "I'm coming" is offered again for the next time.
        "expected": arrival.expected if arrival and chosen and arrival.activity_id == chosen.activity_id
        and arrival.expected and arrival.expected >= timezone.now() else None,
        "receiver": _first_name(activity.receiver) if activity else "",
        "companion": companion, "consent": citizen.active_consent(), "sharing": share,
        "stored": stored(citizen, journey),
    }


def stored(citizen: Citizen, journey) -> list[str]:
    """What is kept about the citizen, as kinds of information (never the content), so the page stays safe to
    show on a phone someone else might look at."""
    kinds = [(True, _("Your name")),
             (citizen.phone or citizen.email, _("How we can reach you (phone or e-mail)")),
             (citizen.postcode or citizen.birth_year, _("Your postcode and year of birth, to find activities near "
                                                        "you")),
             (citizen.interests or citizen.days, _("What you would like to do, and when")),
             (citizen.welcome_needs or citizen.inclusion_needs, _("What helps you feel welcome and take part")),
             (citizen.barriers or citizen.support, _("What can make it harder for you, and the help you would like")),
             (citizen.conversations.exists(), _("Notes from your talks with your contact person")),
             (journey is not None and journey.proposals.exists(),
              _("The activities proposed to you and what you chose")),
             (citizen.outcomes.exists(), _("Your answers to the short well-being questions"))]
    return [text for present, text in kinds if present]


def proposal_of(citizen: Citizen, pk) -> Proposal:
    journey = citizen.current_journey()
    proposal = journey.proposals.select_related("journey", "activity").filter(pk=pk).first() if journey else None
    if proposal is None or proposal.activity_id is None:
        raise bridging.BridgeError(_("This activity is no longer on your page."))
    return proposal


# --- what the citizen does --------------------------------------------------------------------------------------

def choose(citizen: Citizen, pk) -> None:
    """"I would like to try this": the staff's path (bridge.choose), which takes an open place."""
    proposal = proposal_of(citizen, pk)
    bridge.choose(AsCitizen(citizen), proposal)


@transaction.atomic
def not_for_me(citizen: Citizen, pk) -> None:
    proposal = proposal_of(citizen, pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise bridging.BridgeError(_("You have already answered about this activity."))
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.DECLINED)
    record(AsCitizen(citizen), "proposal.decline", proposal, partnership=proposal.journey.partnership,
           detail=AUDIT_DETAIL)
    bridging.touch(citizen)


def coming(citizen: Citizen) -> None:
    """"I'm coming on Thursday": the arrival notice for the next time the chosen activity meets, by the staff's
    path (bridge.choose with the date), so the host and the association are told."""
    info = page(citizen)
    if info["chosen"] is None:
        raise bridging.BridgeError(_("Choose an activity first."))
    if info["next_time"] is None:
        raise bridging.BridgeError(_("The next time is not known yet. Your contact person will tell you."))
    bridge.choose(AsCitizen(citizen), info["chosen"], info["next_time"])


def pause(citizen: Citizen) -> None:
    """"I need a break": the journey pauses (no penalty: it can start again where it fits)."""
    journey = citizen.current_journey()
    if journey is None or journey.stage in (Stage.PAUSED, Stage.ENDED):
        raise bridging.BridgeError(_("Your bridge is already on a break."))
    bridging.move(AsCitizen(citizen), journey, Stage.PAUSED, note=AUDIT_DETAIL)


def withdraw(citizen: Citizen) -> None:
    """Withdraw consent by the staff's path; the link stops at once."""
    bridging.withdraw_consent(AsCitizen(citizen), citizen)
    revoke(citizen)
