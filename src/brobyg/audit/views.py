from django.core.paginator import Paginator
from django.shortcuts import render

from brobyg.core.permissions import role_required
from brobyg.core.search import private_search
from brobyg.partnerships.models import Role

from .forms import AuditFilterForm
from .services import entries_for


@role_required(Role.FACILITATOR)
def audit_list(request):
    terms, done = private_search(request, "audit")  # a person's username stays out of the URL
    if done:
        return done
    form = AuditFilterForm(terms or None)
    entries = entries_for(request.user)
    if form.is_valid():
        entries = form.filter(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    template = "audit/_table.html" if request.headers.get("HX-Request") else "audit/list.html"
    return render(request, template, {"form": form, "page": page})
