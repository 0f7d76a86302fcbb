from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from brobyg.core import navigation
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


def sources(request):
    """The reports behind the advice and self-checks (every "Kilde" link points here)."""
    from brobyg.core import advice

    return render(request, "core/sources.html", {"reports": advice.sources()})


@require_POST
def choose_partnership(request):
    pid = request.POST.get("partnership")
    if request.user.is_authenticated and pid and pid.isdigit():
        if request.user.is_superuser or int(pid) in partnership_ids(request.user):
            if Partnership.objects.filter(pk=pid).exists():
                request.session["partnership_id"] = int(pid)
    return redirect("core:home")


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
