"""`brobyg bench volunteers`: ranked volunteer suggestions for a task and the coordinator's volunteer list.

Run on data from `brobyg demo --scale 10000` (200,000 volunteers in 98 synthetic partnerships, five open tasks
each). Targets (issue 5), PostgreSQL: suggestions for one task p95 ≤ 100 ms; the volunteer list with filters,
rendered through the test client as a logged-in coordinator, p95 ≤ 150 ms per page.
"""
from __future__ import annotations

import random

from django.db import connection
from django.db.models import Count

from brobyg.core.bench import report, timed

BENCH_USER = "bench-koordinator"


def _coordinator(partnership):
    """A facilitator in ``partnership`` made for the benchmark only (no password: it cannot log in)."""
    from brobyg.accounts.models import User
    from brobyg.partnerships.models import Membership, Role

    user, created = User.objects.get_or_create(username=BENCH_USER, defaults={"email": "bench@syntetisk.invalid"})
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.filter(user=user).exclude(partnership=partnership).delete()
    Membership.objects.get_or_create(user=user, partnership=partnership, role=Role.FACILITATOR)
    return user


def run_volunteers(out, options):
    from django.test import Client
    from django.test.utils import override_settings

    from . import services
    from .models import Task, VolunteerProfile

    iterations = int(options.get("iterations") or 200)
    rng = random.Random(int(options.get("seed") or 7))
    pg = connection.vendor == "postgresql"
    total = VolunteerProfile.objects.count()
    tasks = list(Task.objects.filter(status=Task.TaskStatus.OPEN).select_related("partnership"))
    out.write(f"volunteers on {connection.vendor}: {total:,} volunteers, {len(tasks):,} open tasks\n")
    if not tasks:
        out.write("no tasks – run `brobyg demo --scale N` first\n")
        return

    # 1. ranked volunteer suggestions for one task (the service the task page and the API call)
    services.suggest_volunteers(tasks[0])
    samples, sizes = [], []
    for _ in range(iterations):
        task = rng.choice(tasks)
        ms, result = timed(services.suggest_volunteers, task)
        samples.append(ms)
        sizes.append(len(result))
    report(out, "suggest_volunteers(task), top 20", samples, 100 if pg else None)
    children = [t for t in tasks if t.involves_children]
    if children:
        samples = [timed(services.suggest_volunteers, rng.choice(children))[0] for _ in range(iterations // 2)]
        report(out, "  … tasks with children (børneattest)", samples, 100 if pg else None)

    # 2. the coordinator's volunteer list, rendered, in the biggest partnership
    biggest = (VolunteerProfile.objects.values("partnership_id").annotate(n=Count("id")).order_by("-n").first())
    from brobyg.partnerships.models import Partnership

    partnership = Partnership.objects.get(pk=biggest["partnership_id"])
    out.write(f"volunteer list in '{partnership.name}' ({biggest['n']:,} volunteers)\n")
    user = _coordinator(partnership)
    langs = ["arabisk", "engelsk", "tyrkisk", "somali", "ukrainsk", "tysk"]
    names = ["Anne", "Jens", "Fatima", "Nielsen", "Ahmed", "ida han", "sara"]
    slots = [f"{d}-{p}" for d in range(7) for p in ("morning", "afternoon", "evening")]
    mixes = {
        "list: no filters, page 1": lambda: {},
        "list: no filters, deep page": lambda: {"page": str(rng.randint(2, 40))},
        "list: status + role": lambda: {"status": "active", "role": rng.choice(["companion", "host", "activity"])},
        "list: role + language + slot": lambda: {"role": "companion", "language": rng.choice(langs),
                                                 "slot": rng.choice(slots)},
        "list: name search": lambda: {"q": rng.choice(names)},
        "list: status + kind + channel, page 2": lambda: {"status": "active", "kind": "core",
                                                          "channel": "personal", "page": "2"},
    }
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session["partnership_id"] = partnership.pk
        session.save()
        per_mix = max(10, iterations // len(mixes))
        every = []
        def search(params):
            # The filters post and live in the session (no personal data in URLs); the page number is in the URL.
            page = params.pop("page", None)
            client.post("/volunteers/", params)
            return client.get("/volunteers/", {"page": page} if page else {})

        for label, make in mixes.items():
            search(make())
            samples = []
            for _ in range(per_mix):
                ms, response = timed(search, make())
                assert response.status_code == 200, response.status_code
                samples.append(ms)
            every += samples
            report(out, label, samples, 150 if pg else None)
        report(out, "list: all mixes", every, 150 if pg else None)


BENCHES = {"volunteers": run_volunteers}
