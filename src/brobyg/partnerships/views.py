"""Screens of the partnership workspace (issue 6). Facilitators edit; every member of the partnership reads;
other partnerships' objects answer 404. Every change is written to the audit log (references only)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core.permissions import get_for_role, has_role, partnership_for

from . import services
from .forms import (ActionForm, ActorForm, AgreementForm, ContactForm, MeetingForm, PhaseItemForm, RatingRoundForm,
                    TaskFormSet)
from .models import (AgreementVersion, ContactPerson, FollowUpAction, Meeting, PartnershipOrganisation, PhaseItem,
                     RatingRound)
from .services import EDIT_ROLES, READ_ROLES






def _ctx(request, partnership, **extra):
    return {"partnership": partnership, "can_edit": has_role(request.user, partnership, EDIT_ROLES), **extra}


def _form_page(request, form, title, back, intro="", formset=None):
    return render(request, "partnerships/form.html", {"form": form, "title": title, "back": back, "intro": intro,
                                                      "formset": formset})


# --- workspace -------------------------------------------------------------------------------------------------------

@login_required
def workspace(request):
    partnership = partnership_for(request, READ_ROLES)
    services.ensure_phase_items(partnership)
    return render(request, "partnerships/workspace.html",
                  _ctx(request, partnership, s=services.workspace_summary(partnership)))


# --- actors ----------------------------------------------------------------------------------------------------------

@login_required
def actors(request):
    partnership = partnership_for(request, READ_ROLES)
    actor_list = list(services.actors(partnership))
    bars = services.sector_mix(actor_list)
    return render(request, "partnerships/actors.html", _ctx(
        request, partnership, groups=services.actors_by_sector(actor_list), bars=bars,
        chart_height=len(bars) * 28, missing=services.missing_partner_types(actor_list),
        types=services.partner_type_counts(actor_list), actor_count=len(actor_list),
        authority_facilitators=services.authority_facilitators(partnership),
        user_representatives=any(a.actor_role == PartnershipOrganisation.ActorRole.USER_REPRESENTATIVE
                                 for a in actor_list)))


@login_required
def actor_new(request):
    partnership = partnership_for(request, EDIT_ROLES)
    form = ActorForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            actor = form.save()
            record(request, "partnership.actor.create", actor, partnership=partnership)
        messages.success(request, _("The actor has been added."))
        return redirect(reverse("partnerships:actors") + f"#actor-{actor.pk}")
    return _form_page(request, form, _("Add an actor"), reverse("partnerships:actors"),
                      _("An organisation that takes part in the partnership, and its role in it."))


def _actor(request, pk):
    """An actor of one's partnership that the user may edit, and that partnership."""
    return get_for_role(request, PartnershipOrganisation.objects.select_related("organisation"), EDIT_ROLES, pk=pk)


def _contact(request, pk):
    """A contact person of one's partnership that the user may edit, and that partnership."""
    return get_for_role(request, ContactPerson.objects.select_related("actor__partnership"), EDIT_ROLES,
                        field="actor__partnership", pk=pk)


@login_required
def actor_edit(request, pk):
    actor, partnership = _actor(request, pk)
    form = ActorForm(request.POST or None, instance=actor, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request, "partnership.actor.update", actor, partnership=partnership)
        messages.success(request, _("Saved."))
        return redirect(reverse("partnerships:actors") + f"#actor-{actor.pk}")
    return _form_page(request, form, actor.organisation.name, reverse("partnerships:actors"))


@login_required
@require_POST
def actor_remove(request, pk):
    actor, partnership = _actor(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Nothing was removed: please confirm."))
        return redirect("partnerships:actors")
    with transaction.atomic():
        record(request, "partnership.actor.remove", actor, partnership=partnership)
        actor.delete()
    messages.success(request, _("The actor has been removed from the partnership."))
    return redirect("partnerships:actors")


@login_required
def contact_new(request, pk):
    actor, partnership = _actor(request, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            contact = form.save(commit=False)
            contact.actor = actor
            contact.save()
            record(request, "partnership.contact.create", contact, partnership=partnership)
        messages.success(request, _("The contact person has been added."))
        return redirect(reverse("partnerships:actors") + f"#actor-{actor.pk}")
    return _form_page(request, form, _("New contact person at %(org)s") % {"org": actor.organisation.name},
                      reverse("partnerships:actors"),
                      _("Work contact details only. Mark the ally: the person who takes ownership at the partner."))


@login_required
def contact_edit(request, pk):
    contact, partnership = _contact(request, pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request, "partnership.contact.update", contact, partnership=partnership)
        messages.success(request, _("Saved."))
        return redirect(reverse("partnerships:actors") + f"#actor-{contact.actor_id}")
    return _form_page(request, form, _("Contact person"), reverse("partnerships:actors"))


@login_required
@require_POST
def contact_delete(request, pk):
    contact, partnership = _contact(request, pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Nothing was removed: please confirm."))
        return redirect("partnerships:actors")
    with transaction.atomic():
        record(request, "partnership.contact.delete", contact, partnership=partnership)
        contact.delete()
    messages.success(request, _("The contact person has been removed."))
    return redirect("partnerships:actors")


# --- phases ----------------------------------------------------------------------------------------------------------

@login_required
def phases(request):
    partnership = partnership_for(request, READ_ROLES)
    services.ensure_phase_items(partnership)
    overview = services.phase_overview(partnership)
    return render(request, "partnerships/phases.html", _ctx(
        request, partnership, overview=overview, current=services.current_phase(overview)))


@login_required
def phase_item_new(request):
    partnership = partnership_for(request, EDIT_ROLES)
    form = PhaseItemForm(request.POST or None, partnership=partnership, initial={"phase": request.GET.get("phase")})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            item.partnership = partnership
            item.save()
            record(request, "partnership.phase_item.create", item, partnership=partnership)
        return redirect(reverse("partnerships:phases") + f"#phase-{item.phase}")
    return _form_page(request, form, _("Add a checklist item"), reverse("partnerships:phases"))


@login_required
def phase_item_edit(request, pk):
    item, partnership = get_for_role(request, PhaseItem.objects.all(), EDIT_ROLES, pk=pk)
    form = PhaseItemForm(request.POST or None, instance=item, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request, "partnership.phase_item.update", item, partnership=partnership,
                   detail=f"status {item.status}")
        messages.success(request, _("Saved."))
        return redirect(reverse("partnerships:phases") + f"#phase-{item.phase}")
    intro = f"{services.item_title(item)} ({item.source})" if item.key else ""
    return _form_page(request, form, _("Checklist item"), reverse("partnerships:phases"), intro)


# --- meetings --------------------------------------------------------------------------------------------------------

@login_required
def meetings(request):
    partnership = partnership_for(request, READ_ROLES)
    qs = (Meeting.objects.filter(partnership=partnership).prefetch_related("organisations__organisation", "actions"))
    return render(request, "partnerships/meetings.html", _ctx(
        request, partnership, meetings=qs[:100], open_actions=services.open_actions(partnership),
        today=timezone.localdate()))


@login_required
def meeting_new(request):
    partnership = partnership_for(request, EDIT_ROLES)
    form = MeetingForm(request.POST or None, partnership=partnership, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save(commit=False)
            meeting.partnership = partnership
            meeting.created_by = request.user
            meeting.save()
            form.save_m2m()
            record(request, "partnership.meeting.create", meeting, partnership=partnership)
        return redirect("partnerships:meeting", meeting.pk)
    return _form_page(request, form, _("New meeting"), reverse("partnerships:meetings"))


@login_required
def meeting_detail(request, pk):
    meeting, partnership = get_for_role(request, Meeting.objects.all(), READ_ROLES, pk=pk)
    can_edit = has_role(request.user, partnership, EDIT_ROLES)
    return render(request, "partnerships/meeting.html", _ctx(
        request, partnership, meeting=meeting, today=timezone.localdate(),
        actions=meeting.actions.select_related("owner", "owner_actor__organisation"),
        action_form=ActionForm(partnership=partnership) if can_edit else None))


@login_required
def meeting_edit(request, pk):
    meeting, partnership = get_for_role(request, Meeting.objects.all(), EDIT_ROLES, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(request, "partnership.meeting.update", meeting, partnership=partnership)
        messages.success(request, _("Saved."))
        return redirect("partnerships:meeting", meeting.pk)
    return _form_page(request, form, meeting.title, reverse("partnerships:meeting", args=[meeting.pk]))


@login_required
@require_POST
def action_new(request, pk):
    meeting, partnership = get_for_role(request, Meeting.objects.all(), EDIT_ROLES, pk=pk)
    form = ActionForm(request.POST, partnership=partnership)
    if form.is_valid():
        with transaction.atomic():
            action = form.save(commit=False)
            action.meeting = meeting
            action.partnership = partnership
            action.save()
            record(request, "partnership.action.create", action, partnership=partnership)
        messages.success(request, _("The follow-up action has been added."))
    else:
        messages.error(request, _("Write what is to be done."))
    return redirect(reverse("partnerships:meeting", args=[meeting.pk]) + "#actions")


@login_required
@require_POST
def action_done(request, pk):
    action, partnership = get_for_role(request, FollowUpAction.objects.all(), EDIT_ROLES, pk=pk)
    services.set_action_done(request, action, request.POST.get("done", "1") != "0")
    back = request.POST.get("next", "")
    if back not in (reverse("partnerships:meetings"), reverse("partnerships:workspace")):
        back = reverse("partnerships:meeting", args=[action.meeting_id]) + "#actions"
    return redirect(back)


# --- collaboration agreement -------------------------------------------------------------------------------------

@login_required
def agreement(request):
    partnership = partnership_for(request, READ_ROLES)
    latest = services.latest_agreement(partnership)
    versions = AgreementVersion.objects.filter(partnership=partnership).select_related("created_by")
    return render(request, "partnerships/agreement.html", _ctx(
        request, partnership, version=latest, versions=versions, is_latest=True,
        parties=services.tasks_by_party(latest) if latest else []))


@login_required
def agreement_version(request, pk):
    version, partnership = get_for_role(request, AgreementVersion.objects.all(), READ_ROLES, pk=pk)
    latest_number = AgreementVersion.objects.filter(partnership=partnership).order_by("-number").values_list(
        "number", flat=True).first()
    versions = AgreementVersion.objects.filter(partnership=partnership).select_related("created_by")
    return render(request, "partnerships/agreement.html", _ctx(
        request, partnership, version=version, versions=versions, is_latest=version.number == latest_number,
        parties=services.tasks_by_party(version)))


@login_required
def agreement_edit(request):
    partnership = partnership_for(request, EDIT_ROLES)
    latest = services.latest_agreement(partnership)
    initial = {f: getattr(latest, f) for f in services.AGREEMENT_FIELDS} if latest else {
        "purpose": partnership.purpose, "starts": partnership.starts, "ends": partnership.ends}
    if latest:
        initial["change_note"] = ""
    task_initial = [{"actor": t.actor_id, "area": t.area, "description": t.description}
                    for t in latest.tasks.all()] if latest else []
    form = AgreementForm(request.POST or None, initial=initial)
    formset = TaskFormSet(request.POST or None, initial=task_initial, prefix="tasks",
                          form_kwargs={"partnership": partnership})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        version = services.save_agreement_version(request, partnership, form.cleaned_data, formset.tasks())
        messages.success(request, _("Saved as version %(n)d.") % {"n": version.number})
        return redirect("partnerships:agreement")
    return render(request, "partnerships/agreement_form.html", _ctx(
        request, partnership, form=form, formset=formset, latest=latest))


@login_required
def agreement_pdf(request, pk):
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import HTML

    version, partnership = get_for_role(request, AgreementVersion.objects.all(), READ_ROLES, pk=pk)
    html = render_to_string("partnerships/agreement_pdf.html", {
        "partnership": partnership, "version": version, "parties": services.tasks_by_party(version),
        "actors": services.actors(partnership)}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[finders.find("partnerships/agreement_pdf.css")])
    record(request, "partnership.agreement.pdf", version, partnership=partnership)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="samarbejdsaftale-v{version.number}.pdf"'
    return response


# --- self-ratings --------------------------------------------------------------------------------------------------

@login_required
def ratings(request):
    partnership = partnership_for(request, READ_ROLES)
    return render(request, "partnerships/ratings.html", _ctx(
        request, partnership, history=services.rating_history(partnership),
        authority_facilitators=services.authority_facilitators(partnership),
        all_rounds=RatingRound.objects.filter(partnership=partnership)))


@login_required
def rating_new(request):
    partnership = partnership_for(request, EDIT_ROLES)
    form = RatingRoundForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        rnd = services.save_rating_round(request, partnership, form.cleaned_data["date"], form.cleaned_data["title"],
                                         form.cleaned_data["note"], form.scores(), form.comments())
        messages.success(request, _("The self-rating has been saved."))
        return redirect("partnerships:rating", rnd.pk)
    return render(request, "partnerships/rating_form.html", _ctx(request, partnership, form=form))


@login_required
def rating_detail(request, pk):
    rnd, partnership = get_for_role(request, RatingRound.objects.all(), READ_ROLES, pk=pk)
    return render(request, "partnerships/rating.html", _ctx(
        request, partnership, round=rnd, data=services.round_changes(rnd)))
