"""Screens of the evaluation app: network survey rounds (facilitator), the public-by-token survey form, the network
page, theories of change and the dashboard with Excel/PDF exports (003 §6). Views parse input and render; the rules
live in services.py."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core.permissions import get_for_role, has_role, partnership_for, require_role, unscoped

from . import exports, services
from .forms import AnswerParser, ElementForm, InterventionForm, PeriodForm, RoundForm
from .models import ChangeElement, Frequency, Intervention, Invitation, SurveyRound, TieKind
from .services import MANAGE_ROLES, VIEW_ROLES






def _links_key(rnd):
    return f"evaluation_links_{rnd.pk}"


def _remember_links(request, rnd, tokens: dict):
    stash = request.session.get(_links_key(rnd), {})
    stash.update({str(k): v for k, v in tokens.items()})
    request.session[_links_key(rnd)] = stash


# --- overview and rounds ---------------------------------------------------------------------------------------------

@login_required
def home(request):
    partnership = partnership_for(request, VIEW_ROLES)
    rounds = list(SurveyRound.objects.filter(partnership=partnership))
    for rnd in rounds:
        rnd.status = services.response_status(rnd)
    record(request, "evaluation.view", partnership, partnership=partnership)
    return render(request, "evaluation/home.html", {
        "partnership": partnership, "rounds": rounds, "interventions": partnership.interventions.all(),
        "can_manage": has_role(request.user, partnership, MANAGE_ROLES)})


@login_required
def round_new(request):
    partnership = partnership_for(request, MANAGE_ROLES)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rnd, tokens = services.start_round(request, partnership, form.cleaned_data["title"],
                                           form.cleaned_data["days"])
        _remember_links(request, rnd, tokens)
        messages.success(request, _("The round is open. Copy the personal links below or send them by e-mail."))
        return redirect("evaluation:round", rnd.pk)
    return render(request, "evaluation/form.html", {"form": form, "title": _("Start a network survey round"),
                                                    "partnership": partnership})


@login_required
def round_detail(request, pk):
    rnd = get_for_role(request, SurveyRound.objects.select_related("partnership"), MANAGE_ROLES, pk=pk)[0]
    status = services.response_status(rnd)
    stash = request.session.get(_links_key(rnd), {})
    for inv in status["invitations"]:
        token = stash.get(str(inv.pk))
        inv.link = services.survey_url(request, token) if token else ""
    record(request, "survey.view", rnd, partnership=rnd.partnership)
    return render(request, "evaluation/round.html", {"round": rnd, "status": status,
                                                     "partnership": rnd.partnership,
                                                     "remind_days": services.remind_days()})


@login_required
@require_POST
def round_remind(request, pk):
    rnd = get_for_role(request, SurveyRound.objects.select_related("partnership"), MANAGE_ROLES, pk=pk)[0]
    if not rnd.is_open:
        messages.error(request, _("The round is closed."))
        return redirect("evaluation:round", rnd.pk)
    result = services.send_reminders(request, rnd)
    _remember_links(request, rnd, result.tokens)
    if result.tokens:
        messages.success(request, _("New links were made for %(n)s actors who have not answered; %(e)s of them were "
                                    "sent by e-mail.") % {"n": len(result.tokens), "e": result.emailed})
    else:
        messages.info(request, _("Nobody needed a reminder now."))
    if result.waiting:
        messages.info(request, _("%(n)s actors were reminded less than %(d)s days ago and get no new reminder yet.")
                      % {"n": result.waiting, "d": services.remind_days()})
    if result.failed:
        messages.error(request, _("%(n)s e-mails could not be sent; those actors keep their old link.")
                       % {"n": result.failed})
    return redirect("evaluation:round", rnd.pk)


@login_required
@require_POST
def invitation_link(request, pk):
    inv = get_for_role(request, Invitation.objects.select_related("round__partnership"), MANAGE_ROLES,
                       field="round__partnership", pk=pk)[0]
    token = services.issue_link(inv)
    _remember_links(request, inv.round, {inv.pk: token})
    record(request, "survey.link", inv.round, partnership=inv.round.partnership, detail=f"invitation {inv.pk}")
    messages.success(request, _("A new link was made; the previous link no longer works."))
    return redirect("evaluation:round", inv.round_id)


@login_required
@require_POST
def round_close(request, pk):
    rnd = get_for_role(request, SurveyRound.objects.select_related("partnership"), MANAGE_ROLES, pk=pk)[0]
    services.close_round(request, rnd)
    messages.success(request, _("The round is closed; the links no longer work."))
    return redirect("evaluation:round", rnd.pk)


# --- the survey form (public by token) -------------------------------------------------------------------------------

REFUSALS = {
    "unknown": _("This link is not valid. Perhaps a newer link was sent to you – ask the partnership's facilitator."),
    "expired": _("This link has expired. Ask the partnership's facilitator for a new one."),
    "closed": _("This survey round is closed. Thank you for your interest."),
}


@never_cache
@unscoped()  # reached by the respondent's personal token, not by membership
def answer(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except services.TokenRefused as refused:
        return render(request, "evaluation/refused.html", {"reason": REFUSALS[refused.reason]}, status=404
                      if refused.reason == "unknown" else 410)
    others = services.others(invitation)
    errors = []
    if request.method == "POST":
        parser = AnswerParser(request.POST, others)
        answers = parser.parse()
        if not parser.errors:
            services.save_answers(invitation, answers)
            return render(request, "evaluation/thanks.html", {"invitation": invitation})
        errors = parser.errors
    previous = {t.target_id: t for t in invitation.round.ties.filter(source=invitation.actor)}
    missing = {a.pk for a in parser.missing} if request.method == "POST" else set()
    rows = []
    for actor in others:
        tie = previous.get(actor.pk)
        rows.append({"actor": actor, "tie": tie, "missing": actor.pk in missing, "kinds": tie.kinds.split(",") if tie and tie.kinds else [],
                     "trust": [getattr(tie, f"trust_{i}", None) if tie else None for i in (1, 2, 3)],
                     "value": [getattr(tie, f"value_{i}", None) if tie else None for i in (1, 2, 3)]})
    return render(request, "evaluation/answer.html", {
        "invitation": invitation, "rows": rows, "errors": errors, "missing": len(missing), "frequencies": Frequency.choices,
        "kinds": TieKind.choices, "trust_questions": list(enumerate(services.trust_questions(), 1)),
        "value_questions": list(enumerate(services.value_questions(), 1)), "scale": services.scale_choices()})


# --- network ---------------------------------------------------------------------------------------------------------

@login_required
def network_page(request, pk):
    rnd = get_for_role(request, SurveyRound.objects.select_related("partnership"), VIEW_ROLES, pk=pk)[0]
    m = services.round_measures(rnd)
    previous = services.previous_round(rnd)
    comparison = services.compare_rounds(previous, rnd) if previous else None
    actors = sorted(m["actors"].values(), key=lambda a: (-a["degree"], a["label"]))
    record(request, "network.view", rnd, partnership=rnd.partnership)
    return render(request, "evaluation/network.html", {
        "round": rnd, "partnership": rnd.partnership, "m": m, "actors": actors, "previous": previous,
        "comparison": comparison, "svg": services.network_svg(m, interactive=True),
        "legend": services.sector_legend(), "isolates": [m["actors"][i]["label"] for i in m["overall"]["isolates"]],
        "status": services.response_status(rnd)})


@login_required
def network_svg(request, pk):
    rnd = get_for_role(request, SurveyRound.objects.select_related("partnership"), VIEW_ROLES, pk=pk)[0]
    record(request, "network.export", rnd, partnership=rnd.partnership, detail="svg")
    response = HttpResponse(services.network_svg(services.round_measures(rnd)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="network-{rnd.pk}.svg"'
    return response


# --- theory of change ------------------------------------------------------------------------------------------------

@login_required
def interventions(request):
    partnership = partnership_for(request, VIEW_ROLES)
    can_manage = has_role(request.user, partnership, MANAGE_ROLES)
    form = InterventionForm(request.POST or None)
    if request.method == "POST":
        require_role(request.user, partnership, MANAGE_ROLES)
        if form.is_valid():
            intervention = form.save(commit=False)
            intervention.partnership = partnership
            intervention.save()
            record(request, "intervention.add", intervention, partnership=partnership)
            return redirect("evaluation:intervention", intervention.pk)
    return render(request, "evaluation/interventions.html", {
        "partnership": partnership, "interventions": partnership.interventions.all(), "form": form,
        "can_manage": can_manage})


@login_required
def intervention(request, pk):
    obj = get_for_role(request, Intervention.objects.select_related("partnership"), VIEW_ROLES, pk=pk)[0]
    can_manage = has_role(request.user, obj.partnership, MANAGE_ROLES)
    form = ElementForm(request.POST or None, intervention=obj)
    if request.method == "POST":
        require_role(request.user, obj.partnership, MANAGE_ROLES)
        if form.is_valid():
            element = form.save(commit=False)
            element.intervention = obj
            element.save()
            form.save_m2m()
            services.save_element(request, element, created=True)
            return redirect("evaluation:intervention", obj.pk)
    record(request, "intervention.view", obj, partnership=obj.partnership)
    return render(request, "evaluation/intervention.html", {
        "intervention": obj, "partnership": obj.partnership, "form": form, "can_manage": can_manage,
        "svg": services.toc_svg(obj, services.element_values(obj)), "elements": obj.elements.all()})


@login_required
def element_edit(request, pk):
    element = get_for_role(request, ChangeElement.objects.select_related("intervention__partnership"), MANAGE_ROLES,
                           field="intervention__partnership", pk=pk)[0]
    intervention = element.intervention
    form = ElementForm(request.POST or None, instance=element, intervention=intervention)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            services.save_element(request, element, created=False)
        messages.success(request, _("Saved."))
        return redirect(reverse("evaluation:intervention", args=[intervention.pk]) + f"#element-{element.pk}")
    return render(request, "evaluation/element_form.html", {
        "form": form, "element": element, "intervention": intervention, "partnership": intervention.partnership})


@login_required
@require_POST
def element_delete(request, pk):
    element = get_for_role(request, ChangeElement.objects.select_related("intervention__partnership"), MANAGE_ROLES,
                           field="intervention__partnership", pk=pk)[0]
    intervention = element.intervention
    record(request, "toc.element.delete", element, partnership=intervention.partnership)
    element.delete()
    return redirect("evaluation:intervention", intervention.pk)


@login_required
def toc_svg(request, pk):
    obj = get_for_role(request, Intervention.objects.select_related("partnership"), VIEW_ROLES, pk=pk)[0]
    response = HttpResponse(services.toc_svg(obj, services.element_values(obj)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="theory-of-change-{obj.pk}.svg"'
    return response


# --- dashboard and exports -------------------------------------------------------------------------------------------

def _period(request):
    """The period of the query string in whole months; the form shows those months."""
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = services.period(form.cleaned_data["start"], form.cleaned_data["end"])
        form = PeriodForm({"start": start.strftime("%Y-%m") if start else "",
                           "end": end.strftime("%Y-%m") if end else ""})
    return form, start, end


@login_required
def dashboard(request):
    partnership = partnership_for(request, VIEW_ROLES)
    form, start, end = _period(request)
    data = services.dashboard(partnership, start, end)
    record(request, "dashboard.view", partnership, partnership=partnership)
    return render(request, "evaluation/dashboard.html", {
        "partnership": partnership, "form": form, "data": data, "query": request.GET.urlencode(),
        "trend": services.initiatives_trend(partnership, end),
        "stories": [{"story": s} for s in services.shared_stories(request.user, partnership, start, end)],
        "svg": services.network_svg(data["measures"], width=560, height=420) if data["measures"] else ""})


def _period_refused(form):
    """A refused period (e.g. reversed dates) as a clear 400, instead of all-time figures under a wrong title."""
    if form.is_bound and not form.is_valid():
        return HttpResponse(" ".join(str(e) for errors in form.errors.values() for e in errors), status=400,
                            content_type="text/plain; charset=utf-8")
    return None


@login_required
def export_xlsx(request):
    partnership = partnership_for(request, VIEW_ROLES)
    form, start, end = _period(request)
    if refused := _period_refused(form):
        return refused
    record(request, "dashboard.export", partnership, partnership=partnership, detail="xlsx")
    response = HttpResponse(exports.workbook_bytes(partnership, start, end),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="brobyg-evaluation.xlsx"'
    return response


@login_required
def export_pdf(request):
    partnership = partnership_for(request, VIEW_ROLES)
    form, start, end = _period(request)
    if refused := _period_refused(form):
        return refused
    content, stories = exports.pdf_report(request, partnership, start, end)
    record(request, "dashboard.export", partnership, partnership=partnership, detail=f"pdf, {stories} stories")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="brobyg-evaluation.pdf"'
    return response
