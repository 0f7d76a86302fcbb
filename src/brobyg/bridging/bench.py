"""`brobyg bench match`: matching on data from `brobyg demo --scale 10000` (10,000 citizens, 100,000 activities).

Targets (issue 4, PostgreSQL): top-10 ranking for one citizen p95 ≤ 100 ms; 10,000 citizens in a batch ≤ 60 s.
Options: iterations (single rankings, default 200), batch (citizens in the batch, default 10,000).
"""
from __future__ import annotations

import random
import time

from django.db import connection

from brobyg.core.bench import report, timed


def run_match_bench(out, options):
    from brobyg.directory.models import Activity

    from . import matching
    from .models import Citizen

    iterations = int(options.get("iterations") or 200)
    batch = int(options.get("batch") or 10000)
    pg = connection.vendor == "postgresql"
    ids = list(Citizen.objects.values_list("pk", flat=True))
    out.write(f"matching on {connection.vendor}: {len(ids):,} citizens, "
              f"{Activity.objects.filter(status='published').count():,} published activities\n")
    if not ids:
        out.write("no citizens – run `brobyg demo --scale N` first\n")
        return
    rng = random.Random(11)

    def one(citizen):
        return matching.rank_near(matching.wishes_for(citizen, companion_available=False), 10)

    sample = list(Citizen.objects.filter(pk__in=rng.sample(ids, min(iterations, len(ids)))))
    one(sample[0])  # warm up
    samples, found = [], 0
    for citizen in sample:
        ms, result = timed(one, citizen)
        samples.append(ms)
        found += len(result)
    report(out, "top 10 for one citizen (with reasons)", samples, 100 if pg else None)
    out.write(f"  {found / len(sample):.1f} suggestions per citizen on average\n")

    samples = [timed(matching.suggest, c)[0] for c in sample[:50]]
    report(out, "suggest(): + companion check + objects", samples)

    citizens = list(Citizen.objects.filter(pk__in=ids[:batch]))
    t0 = time.perf_counter()
    results = matching.rank_many(citizens, 10)
    seconds = time.perf_counter() - t0
    verdict = ""
    if len(citizens) >= 10000:
        verdict = f"  target ≤ 60 s: {'OK' if seconds <= 60 else 'MISSED'}"
    out.write(f"batch: {len(citizens):,} citizens matched in {seconds:.1f} s "
              f"({1000 * seconds / max(len(citizens), 1):.1f} ms each, "
              f"{sum(len(r) for r in results.values()) / max(len(results), 1):.1f} suggestions each){verdict}\n")


def run_match_quality_bench(out, options):
    from .quality import run_quality_bench

    run_quality_bench(out, options)


BENCHES = {"match": run_match_bench, "match-quality": run_match_quality_bench}
