import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from brobyg.core import permissions
from brobyg.core.permissions import role_required
from brobyg.core.search import private_search
from brobyg.core.spreadsheets import csv_row
from brobyg.partnerships.models import Role

from . import plain
from .services import entries_for, record


@role_required(Role.FACILITATOR)
def audit_list(request):
    """The audit log in plain words: who, what, which record (by a name the reader may see), when; filters by
    person and by record (posted and kept in the session, so a person's name stays out of the URL);
    ``?export=csv`` downloads the filtered entries."""
    terms, done = private_search(request, "audit")
    if done:
        return done
    allowed = None if permissions.is_site_admin(request.user) else set(
        permissions.partnership_ids(request.user, [Role.FACILITATOR]))
    form = plain.PlainAuditFilterForm(terms or None, allowed_partnerships=allowed)
    entries = entries_for(request.user).select_related("actor")
    if form.is_valid():
        entries = form.filter(entries)
    if request.GET.get("export") == "csv":
        record(request, "audit.export", None, partnership=permissions.current_partnership(request))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Time"), _("Who"), _("What"), _("Record"), _("Partnership"), _("Detail"), _("Code")])
        for row in plain.rows(entries[:10000], allowed):
            e = row["entry"]
            writer.writerow(csv_row([str(x) for x in (
                timezone.localtime(e.created).strftime("%Y-%m-%d %H:%M"), row["who"], row["what"], row["record"],
                e.partnership or "", e.detail, e.action)]))
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    page.rows = plain.rows(page.object_list, allowed)
    # The names shown are read from the records: reading the log is itself logged.
    record(request, "audit.view", None, partnership=permissions.current_partnership(request))
    template = "audit/_table.html" if request.headers.get("HX-Request") else "audit/list.html"
    return render(request, template, {"form": form, "page": page, "export_query": ""})
