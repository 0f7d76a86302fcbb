"""Screens of the offer directory: public and staff search, activity page, flyer, calendars, editing."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from brobyg.audit.services import record
from brobyg.core import permissions
from brobyg.core.permissions import role_required
from brobyg.partnerships.models import Organisation, Role

from . import geo, spreadsheet
from .forms import ActivityForm, CancellationFormSet, OneOffFormSet, ScheduleFormSet
from .models import Activity, Cancellation, OneOffDate, Schedule
from .schedule import occurrences
from .search import SearchForm, page_of_ids, run_search
from .services import can_edit, editable, editable_q, mark_verified, partnership_activities_q, refresh_derived

PAGE_SIZE = 20
STAFF_ROLES = (Role.FACILITATOR, Role.REFERRER, Role.BRIDGE_BUILDER, Role.ASSOCIATION_CONTACT)
EDIT_ROLES = (Role.FACILITATOR, Role.ASSOCIATION_CONTACT)


def note_scope_q(user) -> Q:
    """Activities whose internal notes for referrers this user may read: those owned by their own partnerships, and
    those they may edit (an association's own activity in no partnership)."""
    if permissions.is_site_admin(user):
        return Q()
    return partnership_activities_q(permissions.partnership_ids(user, STAFF_ROLES)) | editable_q(user)


def _by_activity(rows) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.activity_id, []).append(row)
    return grouped


def _prepare(ids, origin, staff_user=None):
    """The activities of one page (in order) with distance, next date, categories, notes and edit permission.

    The related rows are read with one plain query each and grouped here: for a page of 20 this is a few
    milliseconds cheaper than prefetch_related, and the directory is the most used page."""
    full = Activity.objects.select_related("organisation").in_bulk(ids)
    schedules = _by_activity(Schedule.objects.filter(activity_id__in=ids))
    one_offs = _by_activity(OneOffDate.objects.filter(activity_id__in=ids))
    cancellations = _by_activity(Cancellation.objects.filter(activity_id__in=ids))
    categories = _by_activity(Activity.categories.through.objects.filter(activity_id__in=ids)
                              .select_related("category").order_by("category__order", "category__slug"))
    groups = _by_activity(Activity.target_groups.through.objects.filter(activity_id__in=ids)
                          .select_related("targetgroup").order_by("targetgroup__order", "targetgroup__slug"))
    notes_ok = set()
    edit_ok = set()
    if staff_user is not None:
        notes_ok = set(Activity.objects.filter(note_scope_q(staff_user), pk__in=ids).values_list("pk", flat=True))
        edit_ok = set(editable(staff_user).filter(pk__in=ids).values_list("pk", flat=True))
    now = timezone.localtime()
    out = []
    for pk in ids:
        item = full[pk]
        item.distance = item.distance_km(origin.latitude, origin.longitude) if origin else None
        item.next = next((o for o in occurrences(item, now.date(), now.date() + timedelta(days=120),
                                                 schedules.get(pk, []), one_offs.get(pk, []),
                                                 cancellations.get(pk, []))
                          if o.starts_at >= now.replace(tzinfo=None)), None)
        item.category_list = [link.category for link in categories.get(pk, [])]
        item.target_group_labels = [link.targetgroup.label for link in groups.get(pk, [])]
        item.show_notes = pk in notes_ok
        item.can_edit = pk in edit_ok
        out.append(item)
    return out


def _directory(request, staff: bool):
    form = SearchForm(request.GET or None)
    data = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data  # the valid fields only: one bad filter does not empty the page
    result = run_search(data)
    page = page_of_ids(result, request.GET.get("page"), PAGE_SIZE)
    items = _prepare(list(page.object_list), result.origin, request.user if staff else None)
    query = urlencode([(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "page" and v])
    context = {"form": form, "page": page, "items": items, "origin": result.origin, "sort": result.sort,
               "query": query, "staff": staff, "count": page.paginator.count,
               "can_create": staff and permissions.has_role(request.user, None, EDIT_ROLES),
               "list_url": reverse("directory:staff_list" if staff else "directory:public_list"),
               "view": "map" if request.GET.get("view") == "map" else "list"}
    if context["view"] == "map":
        context["map"] = _map(items, result.origin, page.start_index() if items else 1)
    if request.headers.get("HX-Request"):
        return render(request, "directory/_results.html", context)
    return render(request, "directory/list.html", context)


def public_list(request):
    """The public directory: published activities, no login needed."""
    return _directory(request, staff=False)


@role_required(*STAFF_ROLES)
def staff_list(request):
    """The staff directory: as the public one, plus notes for referrers and edit links."""
    return _directory(request, staff=True)


def _visible_activity(request, pk) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("organisation", "partnership"), pk=pk)
    if activity.is_public() or can_edit(request.user, activity):
        return activity
    raise Http404


def detail(request, pk):
    activity = _visible_activity(request, pk)
    origin = geo.locate(request.GET.get("postcode", "")) if request.GET.get("postcode") else None
    now = timezone.localtime()
    upcoming = [o for o in occurrences(activity, now.date(), now.date() + timedelta(days=90))
                if o.starts_at >= now.replace(tzinfo=None)][:6]
    user = request.user
    staff = user.is_authenticated and (permissions.is_site_admin(user) or
                                       bool(permissions.partnership_ids(user, STAFF_ROLES)))
    show_notes = staff and Activity.objects.filter(note_scope_q(user), pk=activity.pk).exists()
    # The partnership's own staff also see the activity's balance (002): how many more newcomers who need
    # support it can take now — the number matching holds against it (one rule, directory.balance).
    from . import balance

    room = balance.newcomer_room(activity) if show_notes else None
    # Those who run the activity see who holds its places (first names only as the newcomers list allows).
    holders = None
    if can_edit(user, activity):
        from brobyg.bridging.bridge import place_holders

        holders = place_holders(user, activity)
        if holders["total"]:
            from brobyg.audit.services import record

            record(request, "activity.places.view", activity, detail=str(holders["total"]))
    return render(request, "directory/detail.html", {
        "holders": holders,
        "newcomer_room": room, "support_share": balance.percent() if room is not None else None,
        "activity": activity, "upcoming": upcoming, "schedules": activity.schedules.all(),
        "cancellations": [c for c in activity.cancellations.all() if (c.ends or c.starts) >= now.date()],
        "distance": activity.distance_km(origin.latitude, origin.longitude) if origin else None,
        "origin": origin, "show_notes": show_notes, "can_edit": can_edit(user, activity),
        "stale": activity.is_stale(), "staff": staff,
        "target_groups": [g.label for g in activity.target_groups.all()],
    })


def flyer(request, pk):
    """A one-page PDF with the newcomer information, to print and hand to a citizen."""
    from weasyprint import HTML

    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    activity = _visible_activity(request, pk)
    now = timezone.localtime()
    upcoming = [o for o in occurrences(activity, now.date(), now.date() + timedelta(days=90))
                if o.starts_at >= now.replace(tzinfo=None)][:4]
    html = render_to_string("directory/flyer.html", {
        "activity": activity, "upcoming": upcoming, "schedules": activity.schedules.all(),
        "target_groups": [g.label for g in activity.target_groups.all()],
        "url": request.build_absolute_uri(reverse("directory:detail", args=[activity.pk])),
    }, request=request)
    css = finders.find("directory/flyer.css")
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(stylesheets=[css])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tilbud-{activity.pk}.pdf"'
    return response


def activity_ical(request, pk):
    from .ical import calendar_for

    activity = get_object_or_404(Activity.objects.published().select_related("organisation"), pk=pk)
    return _ics(calendar_for([activity], activity.title), f"tilbud-{activity.pk}.ics")


def organisation_ical(request, pk):
    from .ical import calendar_for

    organisation = get_object_or_404(Organisation, pk=pk)
    activities = list(Activity.objects.published().filter(organisation=organisation)
                      .select_related("organisation").prefetch_related("schedules", "one_off_dates", "cancellations"))
    return _ics(calendar_for(activities, organisation.name), f"organisation-{organisation.pk}.ics")


def _ics(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(*EDIT_ROLES)
def mine(request):
    """Activities the user may edit, with the ones that need checking first (paged in the database)."""
    only_stale = request.resolver_match.url_name == "stale"
    activities = editable(request.user)
    listing = activities.stale() if only_stale else activities
    paginator = Paginator(listing.select_related("organisation").order_by("last_verified", "title", "pk"), 50)
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    for a in page.object_list:
        a.stale = a.is_stale(today)
    stale_count = paginator.count if only_stale else activities.stale(today).count()
    can_import_hsds = permissions.is_site_admin(request.user) or permissions.has_role(
        request.user, permissions.current_partnership(request), [Role.FACILITATOR])
    return render(request, "directory/mine.html", {"page": page, "only_stale": only_stale,
                                                   "stale_count": stale_count, "can_import_hsds": can_import_hsds})


def _edit(request, activity: Activity | None):
    creating = activity is None
    instance = activity or Activity(last_verified=timezone.localdate())
    form = ActivityForm(request.POST or None, instance=instance, user=request.user)
    formsets = [ScheduleFormSet(request.POST or None, instance=instance, prefix="schedules"),
                OneOffFormSet(request.POST or None, instance=instance, prefix="dates"),
                CancellationFormSet(request.POST or None, instance=instance, prefix="cancellations")]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        with transaction.atomic():
            saved = form.save()
            for formset in formsets:
                formset.instance = saved
                formset.save()
            saved.last_verified = timezone.localdate()
            saved.verify_reminded_at = None
            saved.save(update_fields=["last_verified", "verify_reminded_at"])
            refresh_derived(saved)
            record(request, "activity.create" if creating else "activity.update", saved,
                   partnership=saved.partnership)
        messages.success(request, _("The activity was saved."))
        return redirect("directory:detail", pk=saved.pk)
    return render(request, "directory/form.html", {
        "form": form, "formsets": formsets, "activity": activity, "creating": creating,
        "schedule_set": formsets[0], "date_set": formsets[1], "cancel_set": formsets[2]})


@role_required(*EDIT_ROLES)
def create(request):
    return _edit(request, None)


@role_required(*EDIT_ROLES)
def edit(request, pk):
    activity = get_object_or_404(editable(request.user), pk=pk)
    return _edit(request, activity)


@require_POST
@role_required(*EDIT_ROLES)
def verify(request, pk):
    activity = get_object_or_404(editable(request.user), pk=pk)
    mark_verified(activity)
    record(request, "activity.verify", activity, partnership=activity.partnership)
    messages.success(request, _("Thank you – the information is marked as checked today."))
    return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/") else
                    reverse("directory:detail", args=[pk]))


def _map(items, origin, start=1):
    """An SVG map of the page's results around the origin (no tile server: dots on a projected grid)."""
    points = [(n, a, a.latitude, a.longitude) for n, a in enumerate(items, start=start) if a.latitude is not None]
    if origin:
        center_lat, center_lon = origin.latitude, origin.longitude
    elif points:
        center_lat = sum(p[2] for p in points) / len(points)
        center_lon = sum(p[3] for p in points) / len(points)
    else:
        return None
    import math

    k = math.cos(math.radians(center_lat))
    coords = [((lon - center_lon) * k, lat - center_lat) for _n, _a, lat, lon in points]
    span = max([0.01] + [max(abs(x), abs(y)) for x, y in coords]) * 1.15
    size = 600
    dots = []
    for (n, a, _lat, _lon), (x, y) in zip(points, coords):
        dots.append({"n": n, "activity": a, "x": round(size / 2 + x / span * size / 2, 1),
                     "y": round(size / 2 - y / span * size / 2, 1)})
    km_per_px = span * 111.195 / (size / 2)
    scale_km = next((s for s in (0.5, 1, 2, 5, 10, 20, 50, 100) if s / km_per_px >= 60), 100)
    return {"size": size, "half": size / 2, "dots": dots, "origin": origin,
            "scale_km": scale_km, "scale_px": round(scale_km / km_per_px, 1)}


class SpreadsheetForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
                           help_text=gettext_lazy("One row per activity, with the headings of the template. At most 5 MB."))


@role_required(*EDIT_ROLES)
def spreadsheet_import(request):
    """Import activities from Excel/CSV: everything is checked first; all rows are imported or none."""
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > spreadsheet.MAX_BYTES:
                raise spreadsheet.ImportProblem([_("The file is too large. The limit is 5 MB.")])
            rows = spreadsheet.read_rows(upload.name, upload.read())
            count = spreadsheet.import_rows(request.user, rows)
        except spreadsheet.ImportProblem as failed:
            problems = failed.problems
        else:
            messages.success(request, _("%(n)d activities were imported as you wrote them. Check them and publish "
                                        "them when they are ready.") % {"n": count})
            return redirect("directory:mine")
    return render(request, "directory/import.html", {"form": form, "problems": problems[:200],
                                                     "more": max(0, len(problems) - 200)})


@role_required(*EDIT_ROLES)
def spreadsheet_template(request):
    response = HttpResponse(spreadsheet.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="brobyg-aktiviteter.xlsx"'
    return response


class HsdsUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("HSDS file (.json or .zip)"),
                           help_text=gettext_lazy("A service, a list or page of services, an organisation with its "
                                                  "services, or a zip with datapackage.json and CSV files. At most "
                                                  "20 MB."))


HSDS_MAX_BYTES = 20 * 1024 * 1024
HSDS_SESSION_KEY = "directory.hsds_import"


def _hsds_pending_path(token: str):
    from django.conf import settings

    return settings.DATA_DIR / "imports" / f"hsds-{token}.bin"


@role_required(Role.FACILITATOR)
def hsds_import(request):
    """HSDS import into the facilitator's partnership: upload → preview (created / updated / refused) → import.

    The uploaded file waits under DATA_DIR/imports with a random name that only this session knows; the import
    checks everything again and writes all or nothing (hsds_import.run)."""
    import secrets

    from .hsds import ImportFailed
    from .hsds_import import plan, run
    from .hsds_read import ReadFailed, read_upload

    partnership = permissions.partnership_for(request, [Role.FACILITATOR]) \
        if not permissions.is_site_admin(request.user) else permissions.current_partnership(request)
    form = HsdsUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "partnership": partnership}
    pending = request.session.get(HSDS_SESSION_KEY)
    if request.method == "POST" and request.POST.get("confirm") and pending:
        path = _hsds_pending_path(pending["token"])
        try:
            result = run(read_upload(pending["name"], path.read_bytes()), request.user, partnership)
        except (OSError, ReadFailed, ImportFailed) as failed:
            context["problems"] = getattr(failed, "errors", [_("The uploaded file is gone; please upload it again.")])
        else:
            path.unlink(missing_ok=True)
            del request.session[HSDS_SESSION_KEY]
            record(request, "directory.hsds_import", None, partnership=partnership,
                   detail=f"{result.counts['created']} new, {result.counts['updated']} updated")
            messages.success(request, _("%(created)d activities were created and %(updated)d updated.")
                             % result.counts)
            return redirect("directory:mine")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > HSDS_MAX_BYTES:
                raise ReadFailed([_("The file is too large. The limit is 20 MB.")])
            data = upload.read()
            preview = plan(read_upload(upload.name, data), request.user)
        except ReadFailed as failed:
            context["problems"] = failed.errors
        else:
            context["preview"] = preview
            if not preview.errors:
                token = secrets.token_urlsafe(24)
                path = _hsds_pending_path(token)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                if pending:
                    _hsds_pending_path(pending["token"]).unlink(missing_ok=True)
                request.session[HSDS_SESSION_KEY] = {"token": token, "name": upload.name[:100]}
    return render(request, "directory/hsds_import.html", context)
