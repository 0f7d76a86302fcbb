from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from brobyg.core import navigation
from brobyg.core import sources as sources_module
from brobyg.core.permissions import partnership_ids, roles_of
from brobyg.partnerships.models import Partnership, Role


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "core/home_public.html")
    roles = roles_of(user)
    sections = []
    for role in Role:
        if role in roles or user.is_superuser:
            cards = navigation.entries([c for c in navigation.HOME_CARDS if role in c.roles], user, {role})
            sections.append({"role": role, "label": role.label, "cards": cards})
    mine = Partnership.objects.all() if user.is_superuser else Partnership.objects.filter(pk__in=partnership_ids(user))
    return render(request, "core/home.html", {
        "sections": sections, "no_roles": not roles and not user.is_superuser,
        "my_partnerships": mine.order_by("name") if mine.count() > 1 else None,
    })


def choose_partnership(request):
    """POST: work in another of one's partnerships. GET (a typed or old address): the partnership's overview for
    a member, the home page for others — never an empty page."""
    if request.method != "POST":
        has_partnership = request.user.is_authenticated and bool(partnership_ids(request.user))
        return redirect("partnerships:workspace" if has_partnership else "core:home")
    pid = request.POST.get("partnership")
    if request.user.is_authenticated and pid and pid.isdigit():
        if request.user.is_superuser or int(pid) in partnership_ids(request.user):
            if Partnership.objects.filter(pk=pid).exists():
                request.session["partnership_id"] = int(pid)
    return redirect("core:home")


def sources(request):
    """The research reports the guidance on the screens builds on; ``?ref=000 §7.2`` (a page's "Source" link)
    names the report and section that page cited."""
    cited = sources_module.parse(request.GET.get("ref", "")[:200])
    return render(request, "core/sources.html", {"reports": sources_module.REPORTS, "cited": cited})


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
