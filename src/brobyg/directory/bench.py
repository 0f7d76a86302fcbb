"""`brobyg bench search`: the directory search on the database layer and as a rendered page.

Run on data from `brobyg demo --scale 10000` (100,000 activities). Targets (issue 3): PostgreSQL database layer
p95 ≤ 50 ms (text + two filters + distance), page p95 ≤ 150 ms; SQLite page p95 ≤ 400 ms.
"""
from __future__ import annotations

import random

from django.db import connection

from brobyg.core.bench import report, timed

from . import geo
from .models import Category

WORDS = ["fodbold", "kor", "gåtur", "strik", "sprogcafé", "fællesspisning", "brætspil", "yoga", "natur", "musik"]
POSTCODES = ["8000", "2200", "5000", "9000", "6700", "7100", "4000", "8600", "3400", "4700"]


def _mixes(rng):
    cats = list(Category.objects.values_list("slug", flat=True))
    return {
        "text + 2 filters + distance": lambda: {"q": rng.choice(WORDS), "postcode": rng.choice(POSTCODES),
                                                "distance": "10", "free": True, "access": ["wheelchair"]},
        "distance + 4 filters (no text)": lambda: {"postcode": rng.choice(POSTCODES), "distance": "25",
                                                   "day": "weekdays", "time": "evening", "free": True,
                                                   "host": True},
        "text only": lambda: {"q": rng.choice(WORDS)},
        "category + distance, nearest first": lambda: {"category": [Category.objects.get(slug=rng.choice(cats))],
                                                       "postcode": rng.choice(POSTCODES), "distance": "50",
                                                       "sort": "distance"},
        "no filters (first page)": lambda: {},
    }


def _db_layer(data):
    """What the screens and the API ask the database: one page of ids and the total count."""
    from .search import page_of_ids, run_search

    page = page_of_ids(run_search(data), 1, 20)
    return page.paginator.count, list(page.object_list)


def run_search_bench(out, options):
    iterations = int(options.get("iterations") or 100)
    rng = random.Random(7)
    pg = connection.vendor == "postgresql"
    from .models import Activity

    out.write(f"directory search on {connection.vendor}, {Activity.objects.count():,} activities\n")
    for label, make in _mixes(rng).items():
        _db_layer(make())  # warm up
        samples = [timed(_db_layer, make())[0] for _ in range(iterations)]
        report(out, f"db: {label}", samples, 50 if pg and label.startswith("text + 2") else None)

    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    page_mixes = {
        "page: text + 2 filters + distance": lambda: {"q": rng.choice(WORDS), "postcode": rng.choice(POSTCODES),
                                                      "distance": "10", "free": "on", "access": "wheelchair"},
        "page: newcomer (5 km, weekday evening, free, wheelchair, host)": lambda: {
            "postcode": rng.choice(POSTCODES), "distance": "5", "day": "weekdays", "time": "evening",
            "free": "on", "access": "wheelchair", "host": "on"},
        "page: postcode only (loadtest URL)": lambda: {"q": "", "postcode": rng.choice(POSTCODES), "distance": ""},
        "page: htmx partial, text only": lambda: {"q": rng.choice(WORDS)},
    }
    target = 150 if pg else 400
    for label, make in page_mixes.items():
        client.get("/activities/", make())
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
        samples = []
        for _ in range(iterations):
            ms, response = timed(client.get, "/activities/", make(), **headers)
            assert response.status_code == 200, response.status_code
            samples.append(ms)
        report(out, label, samples, target)
    assert geo.lookup_postcode("8000")


BENCHES = {"search": run_search_bench}
