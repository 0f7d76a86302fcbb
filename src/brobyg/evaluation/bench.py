"""Benchmarks of issue 6.

``brobyg bench network``: measures + layout of a synthetic survey with 1,000 actors and 20,000 reported ties
(target ≤ 3 s per run), then the dashboard of the partnership with the most citizen paths (target p95 ≤ 500 ms on
PostgreSQL with ``brobyg demo --scale 10000``). Options: ``--option runs=5`` (network runs),
``--option actors=1000 --option ties=20000``, ``--option partnership=<id>``; ``--iterations`` for the dashboard.
"""
from brobyg.core.bench import report, timed


def _network(a, r):
    """What the network page computes for a round: graphs from the answers, all measures, the map layout."""
    from . import network

    D, G = network.build_graphs(a, r)
    m = network.measures(D, G)
    pos = network.layout(G)
    return m, pos


def _busiest_partnership(options):
    from django.apps import apps
    from django.db.models import Count

    from brobyg.partnerships.models import Partnership

    if options.get("partnership"):
        return Partnership.objects.get(pk=int(options["partnership"]))
    try:
        Journey = apps.get_model("bridging", "Journey")
        row = (Journey.objects.values("partnership").annotate(n=Count("id")).order_by("-n").first())
        if row:
            return Partnership.objects.get(pk=row["partnership"])
    except LookupError:
        pass
    return Partnership.objects.get(project_name="Mennesker er også medicin")


def run_network(out, options):
    actors, ties = int(options.get("actors", 1000)), int(options.get("ties", 20000))
    runs = int(options.get("runs", 5))
    seed = int(options.get("seed") or 7)
    from . import network

    samples = []
    for i in range(runs):
        a, r = network.synthetic(actors, ties, seed=seed + i)  # the survey answers (not timed)
        ms, (m, _pos) = timed(_network, a, r)
        samples.append(ms)
    o = m["overall"]
    out.write(f"network: {actors} actors, {o['reported_ties']} reported ties, {o['ties']} ties, density "
              f"{o['density']:.3f}, betweenness {'estimated' if o['betweenness_estimated'] else 'exact'}\n")
    report(out, f"network measures + layout ({actors}/{ties})", samples, target_p95=3000)

    a, r = network.synthetic(actors, ties, seed=seed)
    D, G = network.build_graphs(a, r)
    report(out, "  of which measures", [timed(network.measures, D, G)[0] for _ in range(runs)])
    report(out, "  of which layout", [timed(network.layout, G)[0] for _ in range(runs)])

    run_dashboard(out, options)


def run_dashboard(out, options):
    from django.db import connection

    from .services import dashboard

    partnership = _busiest_partnership(options)
    n = int(options.get("iterations") or 50)
    n = min(n, 100)
    out.write(f"dashboard: partnership #{partnership.pk} ({partnership}) on {connection.vendor}\n")
    dashboard(partnership)  # warm the network cache as a running server would
    report(out, "dashboard data (services.dashboard)", [timed(dashboard, partnership)[0] for _ in range(n)],
           target_p95=500)
    _page(out, partnership, n)


def _page(out, partnership, n):
    from django.test import Client
    from django.test.utils import override_settings

    from brobyg.accounts.models import User

    admin = User.objects.filter(is_superuser=True).first()
    if admin is None:
        out.write("dashboard page: no site administrator to log in with (run `brobyg demo`)\n")
        return
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session["partnership_id"] = partnership.pk
        session.save()
        client.get("/evaluation/dashboard/")
        report(out, "dashboard page GET /evaluation/dashboard/",
               [timed(client.get, "/evaluation/dashboard/")[0] for _ in range(n)], target_p95=500)


BENCHES = {"network": run_network, "dashboard": run_dashboard}
