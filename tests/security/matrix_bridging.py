"""Permission matrix of the citizen's bridge (brobyg.bridging). See src/brobyg/bridging/access.py for the rules."""
from .matrix import Rule, url

CASE = {"facilitator", "bridgebuilder"}


def _citizen(name):
    def get(world):
        from brobyg.bridging.models import Citizen

        return Citizen.objects.get(partnership=world.partnership, first_name=name).pk
    return get


def _referral(**lookup):
    def get(world):
        from brobyg.bridging.models import Referral

        return Referral.objects.filter(partnership=world.partnership, **lookup).order_by("pk").first().pk
    return get


def _journey(name):
    def get(world):
        from brobyg.bridging.models import Journey

        return Journey.objects.get(citizen__partnership=world.partnership, citizen__first_name=name).pk
    return get


def _follow_up(world):
    from brobyg.bridging.models import FollowUp

    return FollowUp.objects.filter(journey__partnership=world.partnership).order_by("pk").first().pk


def _guide(world):
    from brobyg.bridging.models import Guide

    return Guide.objects.filter(partnership__isnull=True).first().pk


def _conversation(world):
    from brobyg.bridging.models import Conversation

    c = Conversation.objects.filter(citizen__partnership=world.partnership, citizen__first_name="Karim").first()
    return c.pk


def names(world):
    return ["Birgitte", "Karim", "Lone Vestergaard", "Susanne"]


def _proposal(world):
    from brobyg.bridging.models import Proposal

    return Proposal.objects.filter(journey__partnership=world.partnership,
                                   journey__citizen__first_name="Mads").order_by("pk").first().pk


def _companionship(world):
    from brobyg.bridging.models import Companionship

    return Companionship.objects.get(journey__partnership=world.partnership, journey__citizen__first_name="Karim").pk


def _companionship_ended(world):
    from brobyg.bridging.models import Companionship

    return Companionship.objects.get(journey__partnership=world.partnership, journey__citizen__first_name="Lone").pk


def _arrival(world):
    from brobyg.bridging.models import Arrival

    return Arrival.objects.get(journey__partnership=world.partnership, journey__citizen__first_name="Karim").pk


PUBLIC = {"bridging:ask", "bridging:ask_thanks"}

MATRIX = {
    "bridging:referrals": Rule(url("bridging:referrals"), CASE | {"referrer", "other"}, leak=names),
    "bridging:referral_new": Rule(url("bridging:referral_new"), CASE | {"referrer", "other"},
                                  leak=lambda w: ["Hjernerystelses"]),
    "bridging:referral": Rule(url("bridging:referral", _referral(source="municipality", citizen__isnull=True)),
                              CASE | {"referrer"}),
    "bridging:referral_consent": Rule(url("bridging:referral_consent", _referral(source="self")), CASE),
    "bridging:referral_decline": Rule(url("bridging:referral_decline", _referral(source="self")), CASE,
                                      method="post"),
    "bridging:citizens": Rule(url("bridging:citizens"), CASE | {"other"}, leak=names),
    "bridging:review": Rule(url("bridging:review"), CASE | {"other"}, leak=names),
    "bridging:citizen": Rule(url("bridging:citizen", _citizen("Karim")), CASE),
    "bridging:citizen_edit": Rule(url("bridging:citizen_edit", _citizen("Karim")), CASE),
    "bridging:consent_new": Rule(url("bridging:consent_new", _citizen("Karim")), CASE),
    "bridging:consent_withdraw": Rule(url("bridging:consent_withdraw", _citizen("Ida")), CASE, method="post"),
    "bridging:citizen_export": Rule(url("bridging:citizen_export", _citizen("Karim")), CASE),
    "bridging:citizen_erase": Rule(url("bridging:citizen_erase", _citizen("Karim")), CASE),
    "bridging:review_keep": Rule(url("bridging:review_keep", _citizen("Ida")), CASE, method="post"),
    "bridging:citizen_minimise": Rule(url("bridging:citizen_minimise", _citizen("Ida")), CASE, method="post"),
    "bridging:citizen_roles": Rule(url("bridging:citizen_roles", _citizen("Ida")), CASE, method="post"),
    "bridging:outcome_new": Rule(url("bridging:outcome_new", _citizen("Birgitte")), CASE),
    "bridging:conversation": Rule(url("bridging:conversation", _citizen("Karim")), CASE),
    "bridging:conversation_edit": Rule(url("bridging:conversation_edit", _citizen("Karim"), _conversation), CASE),
    "bridging:guide": Rule(url("bridging:guide"), CASE | {"referrer", "association", "volunteer", "other"}),
    "bridging:guide_version": Rule(url("bridging:guide_version", _guide),
                                   CASE | {"referrer", "association", "volunteer", "other"}),
    "bridging:guide_edit": Rule(url("bridging:guide_edit"), {"facilitator", "other"}),
    "bridging:journey_move": Rule(url("bridging:journey_move", _journey("Ida")), CASE, method="post"),
    "bridging:follow_up_add": Rule(url("bridging:follow_up_add", _journey("Ida")), CASE, method="post"),
    "bridging:journey_first_visit": Rule(url("bridging:journey_first_visit", _journey("Ida")), CASE,
                                         method="post"),
    "bridging:board": Rule(url("bridging:board"), CASE | {"other"}, leak=names),
    "bridging:follow_ups": Rule(url("bridging:follow_ups"), CASE | {"other"}, leak=names),
    "bridging:follow_up_done": Rule(url("bridging:follow_up_done", _follow_up), CASE),
}

MATRIX.update({
    "bridging:citizen_matches": Rule(url("bridging:citizen_matches", _citizen("Karim")), CASE),
    "bridging:companion_assign": Rule(url("bridging:companion_assign", _citizen("Ida")), CASE, method="post"),
    "bridging:participation_new": Rule(url("bridging:participation_new", _citizen("Ida")), CASE, method="post"),
    "bridging:volunteer_step": Rule(url("bridging:volunteer_step", _citizen("Mads")), CASE, method="post"),
    "bridging:proposal_choose": Rule(url("bridging:proposal_choose", _proposal), CASE, method="post"),
    "bridging:companionship_end": Rule(url("bridging:companionship_end", _companionship_ended), CASE,
                                       method="post"),
    # The companion (the demo volunteer Hanne accompanies Karim) and the association contact (Karim is coming to
    # Hjernerystelsesforeningen's walk) — each only their own; the other partnership's facilitator sees nothing.
    "bridging:accompany": Rule(url("bridging:accompany"), {"volunteer"}),
    "bridging:accompany_detail": Rule(url("bridging:accompany_detail", _companionship), {"volunteer"}),
    # The demo volunteer Hanne also hosts the walk (000 §7.3), so she is told Karim is coming, as its host.
    "bridging:newcomers": Rule(url("bridging:newcomers"), {"association", "volunteer"}),
    "bridging:newcomer": Rule(url("bridging:newcomer", _arrival), {"association", "volunteer"}),
})

API_PUBLIC: set = set()
API_MATRIX: dict = {
    "GET /api/v1/bridging/citizens/{citizen_id}/matches": Rule(
        lambda w: f"/api/v1/bridging/citizens/{_citizen('Karim')(w)}/matches", CASE),
    "GET /api/v1/bridging/journeys": Rule(
        lambda w: f"/api/v1/bridging/journeys?partnership_id={w.partnership.pk}", CASE),
    "GET /api/v1/bridging/journeys/{journey_id}/proposals": Rule(
        lambda w: f"/api/v1/bridging/journeys/{_journey('Karim')(w)}/proposals", CASE),
}
