"""The association's inclusion self-check (000 §7.5): its own page for the association contact. Each association
sees only its own rounds in its own partnership."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.core import permissions
from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Role

from . import inclusion


def _association(request):
    """(partnership, organisation, choices): the association the contact acts for in the current partnership;
    ``?org=`` picks one when they act for several. Site administrators may pick any actor."""
    partnership = permissions.partnership_for(request, (Role.ASSOCIATION_CONTACT,))
    if permissions.is_site_admin(request.user):
        ids = set(PartnershipOrganisation.objects.filter(partnership=partnership)
                  .values_list("organisation_id", flat=True))
    else:
        ids = permissions.organisation_ids(request.user, (Role.ASSOCIATION_CONTACT,), partnership)
    choices = list(Organisation.objects.filter(pk__in=ids).order_by("name"))
    wanted = request.GET.get("org", "")
    if wanted:
        found = [o for o in choices if str(o.pk) == wanted]
        if not found:
            raise Http404
        return partnership, found[0], choices
    return partnership, (choices[0] if choices else None), choices


@login_required
def inclusion_checks(request):
    partnership, organisation, choices = _association(request)
    data = inclusion.history(partnership, organisation) if organisation else {"rounds": [], "rows": []}
    return render(request, "directory/inclusion.html", {"organisation": organisation, "choices": choices,
                                                        "history": data})


@login_required
def inclusion_check_new(request):
    partnership, organisation, _choices = _association(request)
    if organisation is None:
        raise Http404
    form = inclusion.InclusionCheckForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        inclusion.save_check(request, partnership, organisation, form.cleaned_data)
        messages.success(request, _("The inclusion self-check has been saved."))
        return redirect(f"{reverse('directory:inclusion')}?org={organisation.pk}")
    return render(request, "directory/inclusion_form.html", {"organisation": organisation, "form": form})
