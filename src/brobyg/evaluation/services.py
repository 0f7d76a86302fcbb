"""Domain rules of the evaluation app: network survey rounds, their measures and map, theories of change and the
dashboard (003 §6). Views, exports, demo and benchmarks call these functions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from brobyg.audit.services import record
from brobyg.core import formats, stats
from brobyg.core.capability import hash_token, new_token
from brobyg.core.stats import fewer_than, small_count, suppress
from brobyg.partnerships.models import PartnershipOrganisation, Role, Sector

from . import indicators, network
from .models import ChangeElement, ElementKind, Invitation, SurveyRound, Tie, TieKind

MANAGE_ROLES = (Role.FACILITATOR,)
VIEW_ROLES = (Role.FACILITATOR, Role.EVALUATOR)
DEFAULT_DAYS = 21

# The survey's own questions (PARTNER-style composites: three questions each, answered 1–4; 003 §6).
def trust_questions():
    return [_("They do what they say they will do."),
            _("They share the purpose we work towards in the partnership."),
            _("We can raise disagreements with them openly.")]


def value_questions():
    return [_("They bring resources we need: people, rooms, money or knowledge."),
            _("They take an active part in the partnership's work."),
            _("Through them we reach citizens or partners we could not reach alone.")]


def scale_choices():
    return [(1, _("Not at all")), (2, _("A little")), (3, _("Quite a lot")), (4, _("Very much"))]


# --- tokens ----------------------------------------------------------------------------------------------------------

def survey_url(request, token: str) -> str:
    path = reverse("evaluation:answer", args=[token])
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(path)
    return f"{settings.BROBYG_BASE_URL.rstrip('/')}{path}"


def issue_link(invitation: Invitation) -> str:
    """A fresh token for ``invitation``; the previous link stops working. Returns the raw token (shown once)."""
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    return token


class TokenRefused(Exception):
    """The link is unknown, expired or its round closed. ``reason`` says which (for the page, not for logging)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_for_token(token: str) -> Invitation:
    if not token or len(token) > 100:
        raise TokenRefused("unknown")
    invitation = (Invitation.objects.select_related("round__partnership", "actor__organisation")
                  .filter(token_hash=hash_token(token)).first())
    if invitation is None:
        raise TokenRefused("unknown")
    if invitation.round.closed:
        raise TokenRefused("closed")
    if invitation.round.expires <= timezone.now():
        raise TokenRefused("expired")
    return invitation


# --- rounds ----------------------------------------------------------------------------------------------------------

def actors_of(partnership):
    return list(PartnershipOrganisation.objects.filter(partnership=partnership).select_related("organisation")
                .order_by("organisation__name"))


def default_contact(actor) -> tuple[str, str]:
    """Name and e-mail of the actor's representative: its contact person (the ally first), else a member of the
    partnership for that organisation, else the organisation's own address."""
    from brobyg.partnerships.models import ContactPerson, Membership

    contact = ContactPerson.objects.filter(actor=actor).exclude(email="").order_by("-is_ally", "name").first()
    if contact:
        return contact.name, contact.email
    member = (Membership.objects.filter(partnership_id=actor.partnership_id, organisation_id=actor.organisation_id)
              .exclude(role=Role.VOLUNTEER).select_related("user").order_by("pk").first())
    if member and member.user.email:
        return member.user.get_full_name() or member.user.get_username(), member.user.email
    return "", actor.organisation.email


@transaction.atomic
def start_round(request, partnership, title: str, days: int = DEFAULT_DAYS) -> tuple[SurveyRound, dict[int, str]]:
    """Open a round with a personal link for every actor. Returns the round and {invitation id: raw token}."""
    user = getattr(request, "user", request)
    rnd = SurveyRound.objects.create(partnership=partnership, title=title,
                                     expires=timezone.now() + dt.timedelta(days=days),
                                     created_by=user if getattr(user, "is_authenticated", False) else None)
    tokens = {}
    for actor in actors_of(partnership):
        name, email = default_contact(actor)
        token = new_token()
        inv = Invitation.objects.create(round=rnd, actor=actor, respondent_name=name, email=email,
                                        token_hash=hash_token(token))
        tokens[inv.pk] = token
    record(request, "survey.start", rnd, partnership=partnership, detail=f"{len(tokens)} invitations")
    return rnd, tokens


def close_round(request, rnd: SurveyRound) -> None:
    rnd.closed = True
    rnd.save(update_fields=["closed"])
    record(request, "survey.close", rnd, partnership=rnd.partnership)


def response_status(rnd: SurveyRound) -> dict:
    invitations = list(rnd.invitations.select_related("actor__organisation").order_by("actor__organisation__name"))
    answered = sum(1 for i in invitations if i.answered_at)
    return {"invitations": invitations, "answered": answered, "total": len(invitations),
            "rate": answered / len(invitations) if invitations else 0,
            "unknown": rnd.ties.filter(knows_target=False).count()}


# --- reminders -------------------------------------------------------------------------------------------------------

def remind_days() -> int:
    """At most one reminder per invitation in this many days (BROBYG_SURVEY_REMIND_DAYS)."""
    return max(1, int(settings.BROBYG_SURVEY_REMIND_DAYS))


def _not_reminded_since(since) -> Q:
    return Q(reminded_at__isnull=True) | Q(reminded_at__lte=since)


def reminders_due(rnd: SurveyRound | None = None, now=None, *, scheduled: bool = False):
    """The one rule for network-survey reminders, used by the button on the round page and by
    ``brobyg remind-survey`` (part of ``brobyg daily``).

    An invitation is due when its round is open (not closed, links not expired), it has not been answered and it
    was not reminded in the last ``remind_days()`` days. The scheduled job also needs an e-mail address (a new link
    nobody receives would only break the link the facilitator handed out) and leaves a round alone for its first
    ``remind_days()`` days (the facilitator sends or hands out the first links)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=remind_days())
    qs = Invitation.objects.filter(answered_at__isnull=True, round__closed=False, round__expires__gt=now).filter(
        _not_reminded_since(since))
    if rnd is not None:
        qs = qs.filter(round=rnd)
    if scheduled:
        qs = qs.exclude(email="").filter(Q(reminded_at__isnull=False) | Q(round__opened__lte=since))
    return qs


@dataclass
class Reminders:
    tokens: dict = field(default_factory=dict)  # {invitation id: new raw token}, so the facilitator can copy them
    emailed: int = 0
    failed: int = 0  # e-mails that could not be sent (nothing changed for those invitations)
    waiting: int = 0  # unanswered invitations reminded less than remind_days() ago


def _reminder_mail(request, inv: Invitation, token: str) -> None:
    rnd = inv.round
    body = _("Hello%(name)s,\n\nThe partnership %(partnership)s asks you to answer the short network survey "
             "on behalf of %(organisation)s before %(date)s. It takes about ten minutes:\n\n%(url)s\n\n"
             "The link is personal. Thank you.") % {
        "name": f" {inv.respondent_name}" if inv.respondent_name else "",
        "partnership": rnd.partnership.project_name or rnd.partnership.name,
        "organisation": inv.actor.organisation.name, "date": timezone.localtime(rnd.expires).date(),
        "url": survey_url(request, token)}
    send_mail(_("Reminder: network survey"), body, None, [inv.email])


def send_reminders(request, rnd: SurveyRound, *, now=None, scheduled: bool = False) -> Reminders:
    """Remind the invitations of ``rnd`` that :func:`reminders_due` names: each gets a new personal link (only a
    hash is stored, so the old link stops working), e-mailed when it has an address, and ``reminded_at`` = now.

    Each invitation is claimed with a conditional UPDATE, so two runs at the same time never remind twice, and the
    claim is undone if its e-mail cannot be sent. ``request`` is None for the scheduled job."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=remind_days())
    result = Reminders()
    due = list(reminders_due(rnd, now, scheduled=scheduled).select_related("round__partnership",
                                                                           "actor__organisation"))
    for inv in due:
        token = new_token()
        try:
            with transaction.atomic():
                claimed = (Invitation.objects.filter(pk=inv.pk, answered_at__isnull=True)
                           .filter(_not_reminded_since(since))
                           .update(token_hash=hash_token(token), reminded_at=now))
                if not claimed:
                    continue
                if inv.email:
                    _reminder_mail(request, inv, token)
        except Exception:  # noqa: BLE001 - the mail server refused: this invitation keeps its old link
            result.failed += 1
            continue
        result.tokens[inv.pk] = token
        result.emailed += bool(inv.email)
    result.waiting = rnd.invitations.filter(answered_at__isnull=True, reminded_at__gt=since).exclude(
        pk__in=result.tokens).count()
    if result.tokens:
        record(request, "survey.remind", rnd, partnership=rnd.partnership,
               detail=f"{'scheduled, ' if scheduled else ''}{result.emailed} e-mails, {len(result.tokens)} links")
    return result


def others(invitation: Invitation) -> list[PartnershipOrganisation]:
    return [a for a in actors_of(invitation.round.partnership) if a.pk != invitation.actor_id]


@transaction.atomic
def save_answers(invitation: Invitation, answers: dict[int, dict]) -> None:
    """Store one actor's answers: {other actor id: {works_together, frequency, kinds, trust_1..3, value_1..3}}.
    Answering again replaces the earlier answers while the round is open."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    rnd = invitation.round
    valid = {a.pk for a in others(invitation)}
    Tie.objects.filter(round=rnd, source=invitation.actor).delete()
    ties = []
    for target, data in answers.items():
        if target not in valid:
            continue
        works = bool(data.get("works_together"))
        tie = Tie(round=rnd, source=invitation.actor, target_id=target, works_together=works,
                  knows_target=works or bool(data.get("knows_target", True)))
        if works:
            tie.frequency = data.get("frequency") or None
            tie.kinds = ",".join(k for k in data.get("kinds", []) if k in TieKind.values)
            for field in ("trust_1", "trust_2", "trust_3", "value_1", "value_2", "value_3"):
                value = data.get(field)
                setattr(tie, field, int(value) if value not in (None, "") and 1 <= int(value) <= 4 else None)
        ties.append(tie)
    Tie.objects.bulk_create(ties)
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    record(None, "survey.answer", rnd, partnership=rnd.partnership, detail=f"invitation {invitation.pk}")


# --- measures --------------------------------------------------------------------------------------------------------

def round_data(rnd: SurveyRound) -> tuple[list[network.Actor], list[network.Rating]]:
    actor_rows = [network.Actor(a.pk, a.organisation.name, a.organisation.sector)
                  for a in PartnershipOrganisation.objects.filter(
                      pk__in=rnd.invitations.values("actor")).select_related("organisation")]
    ratings = [network.Rating(t.source_id, t.target_id, t.trust, t.value, t.frequency)
               for t in rnd.ties.filter(works_together=True)]
    return actor_rows, ratings


_CACHE: dict = {}


def round_measures(rnd: SurveyRound) -> dict:
    """Measures and layout of a round (cached per round and its latest answer)."""
    stamp = rnd.invitations.order_by("-answered_at").values_list("answered_at", flat=True).first()
    key = (rnd.pk, stamp, rnd.invitations.count())
    if key in _CACHE:
        return _CACHE[key]
    actor_rows, ratings = round_data(rnd)
    D, G = network.build_graphs(actor_rows, ratings)
    result = network.measures(D, G)
    result["layout"] = network.layout(G)
    result["edges"] = [(u, v, d.get("trust")) for u, v, d in G.edges(data=True)]
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = result
    return result


def latest_round(partnership, end=None) -> SurveyRound | None:
    qs = SurveyRound.objects.filter(partnership=partnership, invitations__answered_at__isnull=False)
    if end:
        qs = qs.filter(opened__date__lte=end)
    return qs.order_by("-opened", "-pk").distinct().first()


def previous_round(rnd: SurveyRound) -> SurveyRound | None:
    return (SurveyRound.objects.filter(partnership=rnd.partnership, opened__lt=rnd.opened,
                                       invitations__answered_at__isnull=False)
            .order_by("-opened").distinct().first())


def compare_rounds(earlier: SurveyRound, later: SurveyRound) -> dict:
    return network.compare(round_measures(earlier), round_measures(later))


# --- network map (SVG) ----------------------------------------------------------------------------------------------

SECTOR_COLOURS = {
    Sector.PUBLIC: "#1f77b4", Sector.ASSOCIATION: "#2ca02c", Sector.VOLUNTEER_CENTRE: "#d62728",
    Sector.HOUSING: "#9467bd", Sector.PRIVATE: "#8c564b", Sector.EDUCATION: "#e377c2", Sector.HEALTH: "#17becf",
    Sector.FAITH: "#bcbd22",
}


def sector_legend() -> list[dict]:
    return [{"sector": s, "label": label, "colour": SECTOR_COLOURS.get(s, "#777")} for s, label in Sector.choices]


def network_svg(m: dict, width: int = 720, height: int = 540, interactive: bool = False) -> str:
    """The network map: nodes coloured by sector, sized by degree, ties thicker with more trust. Labels only for
    small networks. ``interactive`` adds data attributes for the browser script (no inline script or style)."""
    layout = m["layout"]
    actors = m["actors"]
    top = max([a["degree"] for a in actors.values()] or [1]) or 1
    many = len(actors) > 60
    aria = escape(_("Network map"))
    padx, pady = (20, 20) if many else (90, 28)
    layout = {k: ((padx + x * (width - 2 * padx)) / width, (pady + y * (height - 2 * pady - 14)) / height)
              for k, (x, y) in layout.items()}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" class="network-map" role="img" aria-label="{aria}">',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>', '<g class="ties">']
    for u, v, trust in m["edges"]:
        (x1, y1), (x2, y2) = layout[u], layout[v]
        w = 0.6 + (trust - 1) * 1.2 if trust else 0.6
        opacity = 0.15 if many else 0.55
        parts.append(f'<line x1="{x1 * width:.1f}" y1="{y1 * height:.1f}" x2="{x2 * width:.1f}" '
                     f'y2="{y2 * height:.1f}" stroke="#555" stroke-opacity="{opacity}" stroke-width="{w:.2f}" '
                     f'data-a="{u}" data-b="{v}"/>')
    parts.append('</g><g class="actors">')
    for node, a in actors.items():
        x, y = layout[node]
        r = (2 if many else 6) + (6 if many else 16) * a["degree"] / top
        colour = SECTOR_COLOURS.get(a["sector"], "#777")
        attrs = ""
        if interactive:
            attrs = (f' tabindex="0" data-id="{node}" data-label="{escape(a["label"])}" '
                     f'data-sector="{escape(str(dict(Sector.choices).get(a["sector"], a["sector"])))}" '
                     f'data-degree="{a["degree"]}" data-betweenness="{a["betweenness"]:.3f}" '
                     f'data-trust="{_fmt(a["trust"])}" data-value="{_fmt(a["value"])}"')
        parts.append(f'<circle class="actor" cx="{x * width:.1f}" cy="{y * height:.1f}" r="{r:.1f}" '
                     f'fill="{colour}" stroke="#222" stroke-width="0.8"{attrs}>'
                     f'<title>{escape(a["label"])}</title></circle>')
        if not many:
            parts.append(f'<text x="{x * width:.1f}" y="{y * height + r + 11:.1f}" font-size="11" '
                         f'text-anchor="middle" font-family="sans-serif" fill="#222">{escape(a["label"][:32])}</text>')
    parts.append("</g></svg>")
    return "".join(parts)


def _fmt(value) -> str:
    return "" if value is None else f"{value:.2f}"


# --- theory of change (SVG) -----------------------------------------------------------------------------------------

def _wrap(text: str, width: int = 26) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:5]


def toc_svg(intervention, values: dict | None = None) -> str:
    """Activities → outputs → outcomes as three columns of boxes with arrows, assumptions in a band below.
    ``values`` = {element id: shown indicator value (text)}."""
    values = values or {}
    elements = list(intervention.elements.prefetch_related("leads_to"))
    columns = [ElementKind.ACTIVITY, ElementKind.OUTPUT, ElementKind.OUTCOME]
    col_w, box_w, box_h, gap = 270, 230, 104, 18
    pos = {}
    rows = 0
    for c, kind in enumerate(columns):
        for r, e in enumerate([e for e in elements if e.kind == kind]):
            pos[e.pk] = (30 + c * col_w, 50 + r * (box_h + gap))
            rows = max(rows, r + 1)
    assumptions = [e for e in elements if e.kind == ElementKind.ASSUMPTION]
    top_band = 50 + max(rows, 1) * (box_h + gap) + 10
    height = top_band + 30 + 22 * len(assumptions) + 20
    width = 30 + 3 * col_w
    heads = [pgettext("theory of change", "Activities"), pgettext("theory of change", "Outputs"),
             pgettext("theory of change", "Outcomes")]
    aria = escape(_("Theory of change"))
    assumptions_head = escape(_("Assumptions"))
    fills = {ElementKind.ACTIVITY: "#e8f1fb", ElementKind.OUTPUT: "#eaf6ea", ElementKind.OUTCOME: "#fdf1e3"}
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" class="toc-diagram" role="img" aria-label="{aria}">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>',
           f'<rect width="{width}" height="{height}" fill="#fff"/>']
    for c, head in enumerate(heads):
        out.append(f'<text x="{30 + c * col_w}" y="30" font-family="sans-serif" font-size="15" font-weight="bold" '
                   f'fill="#222">{escape(head)}</text>')
    for e in elements:
        if e.pk not in pos:
            continue
        for target in e.leads_to.all():
            if target.pk in pos:
                (x1, y1), (x2, y2) = pos[e.pk], pos[target.pk]
                out.append(f'<line x1="{x1 + box_w}" y1="{y1 + box_h / 2}" x2="{x2 - 4}" y2="{y2 + box_h / 2}" '
                           f'stroke="#444" stroke-width="1.3" marker-end="url(#arrow)"/>')
    for e in elements:
        if e.pk not in pos:
            continue
        x, y = pos[e.pk]
        out.append(f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="8" fill="{fills[e.kind]}" '
                   f'stroke="#666"/>')
        for i, line in enumerate(_wrap(e.text, 30)[:3]):
            out.append(f'<text x="{x + 8}" y="{y + 18 + i * 15}" font-family="sans-serif" font-size="12" '
                       f'fill="#222">{escape(line)}</text>')
        if e.pk in values:
            label, shown = values[e.pk]
            lines = _wrap(label, 40)[:2]
            for i, line in enumerate(lines):
                out.append(f'<text x="{x + 8}" y="{y + box_h - 22 - 12 * (len(lines) - 1 - i)}" '
                           f'font-family="sans-serif" font-size="10" fill="#0b5394">{escape(line)}</text>')
            out.append(f'<text x="{x + 8}" y="{y + box_h - 7}" font-family="sans-serif" font-size="12" '
                       f'font-weight="bold" fill="#0b5394">= {escape(shown)}</text>')
    out.append(f'<text x="30" y="{top_band + 12}" font-family="sans-serif" font-size="14" font-weight="bold" '
               f'fill="#222">{assumptions_head}</text>')
    for i, e in enumerate(assumptions):
        out.append(f'<text x="40" y="{top_band + 36 + i * 22}" font-family="sans-serif" font-size="12" '
                   f'fill="#333">• {escape(e.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def element_values(intervention, start=None, end=None) -> dict:
    """{element id: (indicator label, shown value)} of each linked indicator for the diagram."""
    start, end = period(start, end)
    out = {}
    with indicators.shared_work():
        for e in intervention.elements.exclude(indicator=""):
            indicator = indicators.get(e.indicator)
            if indicator:
                out[e.pk] = (str(indicator.label),
                             show(indicator, indicator.compute(intervention.partnership, start, end)))
    return out


# --- dashboard -------------------------------------------------------------------------------------------------------

def show(indicator, value) -> str:
    """A value as text: hidden counts as :func:`brobyg.core.stats.hidden`, shares as per cent, changes with their
    sign and the decimals their rounding step has, scores with two decimals."""
    if value is None:
        if indicator.personal:
            return fewer_than() if indicator.unit == "count" else _("too few to show")
        return "–"
    if indicator.unit == "share":
        return formats.percent(value)
    if indicator.unit == "change":
        return formats.signed(value, 1 if value % 1 else 0)
    if indicator.unit == "score":
        return formats.number(value, 2)
    if indicator.unit == "days":
        return formats.number(value, 0)
    return formats.number(value, None if isinstance(value, int) or float(value).is_integer() else 1)


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The period figures are computed for: in order and in whole months (:func:`brobyg.core.stats.period`)."""
    return stats.period(start, end)


def _bars(rows: list[tuple[str, int | None]]) -> list[dict]:
    """Rows for a CSS bar chart: label, shown value, width class in steps of 5 %."""
    top = max([v for _l, v in rows if v] or [1])
    return [{"label": label, "value": v, "shown": str(v) if v is not None else fewer_than(),
             "width": 5 * round(20 * (v or 0) / top)} for label, v in rows]


def referrals_by_month(partnership, start, end) -> list[dict]:
    """Bars of the referrals per month of the period, protected with the period's referrals (they add up to it)."""
    start, end = period(start, end)
    months = indicators.referrals_per_month(partnership, start, end)
    figures = indicators.protected(partnership, start, end)
    return _bars([(m, figures[indicators.month_key(m)]) for m in months])


def journeys_by_stage(partnership) -> list[dict]:
    """Bars of the citizen paths per stage now, protected with the number of all paths (they add up to it)."""
    figures = indicators.protected_stages(partnership)
    if figures is None:
        return []
    from brobyg.bridging.models import Stage

    return _bars([(label, figures[indicators.stage_key(stage)]) for stage, label in Stage.choices])


def dashboard(partnership, start=None, end=None) -> dict:
    """Everything the dashboard shows at the three levels; every count of people is suppressed below k."""
    start, end = period(start, end)
    with indicators.shared_work():
        return _dashboard(partnership, start, end)


def indicator_levels(partnership, start=None, end=None) -> list[dict]:
    """The dashboard's indicator values at the three levels, as the dashboard shows them (the JSON API reads this;
    :func:`dashboard` adds the network, the bars and the theories of change)."""
    start, end = period(start, end)
    with indicators.shared_work():
        return _levels(partnership, start, end)


def _levels(partnership, start, end) -> list[dict]:
    """Each row: ``value`` is what may be shown after the disclosure rule (hidden counts and averages over too few
    people are None), ``suppressed`` says that None hides people, ``shown`` is the text of the dashboard."""
    levels = []
    for level, label in indicators.LEVELS:
        rows = []
        for ind in indicators.available(level):
            value = ind.compute(partnership, start, end)
            rows.append({"key": ind.key, "label": ind.label, "value": value, "shown": show(ind, value),
                         "suppressed": value is None and ind.personal, "source": ind.source, "unit": ind.unit})
        levels.append({"level": level, "label": label, "rows": rows})
    return levels


def _dashboard(partnership, start, end) -> dict:
    levels = _levels(partnership, start, end)
    rnd = latest_round(partnership, end)
    m = round_measures(rnd) if rnd else None
    interventions = []
    for intervention in partnership.interventions.prefetch_related("elements"):
        linked = []
        for e in intervention.elements.all():
            ind = indicators.get(e.indicator) if e.indicator else None
            if ind:
                value = ind.compute(partnership, start, end)
                linked.append({"element": e, "label": ind.label, "shown": show(ind, value)})
        interventions.append({"intervention": intervention, "linked": linked})
    return {"start": start, "end": end, "levels": levels, "round": rnd, "measures": m,
            "referrals_by_month": referrals_by_month(partnership, start, end),
            "journeys_by_stage": journeys_by_stage(partnership), "interventions": interventions,
            "small_count": small_count(), "rule": stats.rule_text()}


def save_element(request, element: ChangeElement, created: bool) -> None:
    intervention = element.intervention
    record(request, "toc.element.add" if created else "toc.element.change", element,
           partnership=intervention.partnership)


# --- citizens' initiatives in the evaluation (issue 8) --------------------------------------------------------------

REPORT_STORIES = 20  # at most this many shared stories in one report


def initiatives_trend(partnership, end=None) -> list[dict]:
    """Ideas received, ideas started, changes of involvement level and success stories per quarter, the last four
    quarters up to ``end`` (004 Part 2: light documentation that shows progress). Counts of ideas and stories are
    suppressed below k by the initiatives app and shown as "fewer than k"; [] when that app is not installed."""
    from django.apps import apps

    if not apps.is_installed("brobyg.initiatives"):
        return []
    from brobyg.initiatives.services import counts

    keys = ("ideas", "started", "level_changes", "stories")
    return [{"label": row["label"], **{k: fewer_than() if row[k] is None else row[k] for k in keys}}
            for row in counts(partnership, today=end)["trend"]]


def shared_stories(user, partnership, start=None, end=None) -> list:
    """Success stories the people in them agreed may be used in reports and presentations (004 Part 2), newest
    first, for users who may read the partnership's stories (staff). Evaluators and funders see figures only, so
    they get []. Names of the people involved are never part of a report."""
    from django.apps import apps

    if not apps.is_installed("brobyg.initiatives"):
        return []
    from brobyg.core.permissions import has_role
    from brobyg.initiatives.models import Story
    from brobyg.initiatives.services import STORY_READ_ROLES

    if not has_role(user, partnership, STORY_READ_ROLES):
        return []
    qs = indicators.between(Story.objects.filter(partnership=partnership, sharing=Story.Sharing.REPORTS,
                                                 share_consent=True), "date", start, end)
    return list(qs.order_by("-date", "-id")[:REPORT_STORIES])
