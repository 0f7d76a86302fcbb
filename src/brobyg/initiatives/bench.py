"""Benchmarks: the overview counts and the pages staff open most (run after `brobyg demo`)."""
from brobyg.core.bench import report, timed


def _facilitator_client():
    from django.test import Client

    from brobyg.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="facilitator"), backend="django.contrib.auth.backends.ModelBackend")
    return client


def run_pages(out, options):
    from django.test.utils import override_settings

    n = int(options.get("iterations") or 50)
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = _facilitator_client()
        for label, path in [("initiatives overview (counts)", "/initiatives/"),
                            ("initiatives ideas queue", "/initiatives/ideas/"),
                            ("initiatives ladder", "/initiatives/activities/"),
                            ("initiatives stories search", "/initiatives/stories/?q=kaffe")]:
            samples = [timed(client.get, path)[0] for _ in range(n)]
            report(out, label, samples, target_p95=300)


def run_counts(out, options):
    from brobyg.partnerships.models import Partnership

    from .services import counts

    n = int(options.get("iterations") or 50)
    partnership = Partnership.objects.get(project_name="Mennesker er også medicin")
    report(out, "initiatives counts(partnership)", [timed(counts, partnership)[0] for _ in range(n)],
           target_p95=100)


BENCHES = {"initiatives": run_pages, "initiatives-counts": run_counts}
