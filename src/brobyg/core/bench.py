"""Shared plumbing for `brobyg bench NAME`: each app may have a ``bench`` module with

    BENCHES = {"search": run_search}        # run_search(out, options) -> None

Use :func:`timed` and :func:`report` so every benchmark prints p50/p95/p99 the same way.
"""
from __future__ import annotations

import statistics
import time
from importlib import import_module

from brobyg.core.demo import DEMO_APPS


def registry() -> dict:
    benches = {}
    for app in ["core", *DEMO_APPS]:
        try:
            module = import_module(f"brobyg.{app}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"brobyg.{app}.bench":
                raise
            continue
        benches.update(getattr(module, "BENCHES", {}))
    return benches


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """Run ``fn`` once; (milliseconds, result)."""
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - t0) * 1000, result


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}

    def pct(p):
        k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
        return ordered[k]

    return {"n": len(ordered), "p50": statistics.median(ordered), "p95": pct(95), "p99": pct(99),
            "max": ordered[-1]}


def report(out, label: str, samples_ms: list[float], target_p95: float | None = None) -> dict:
    stats = percentiles(samples_ms)
    verdict = ""
    if target_p95 is not None:
        verdict = f"  target p95 ≤ {target_p95:g} ms: {'OK' if stats['p95'] <= target_p95 else 'MISSED'}"
    out.write(f"{label:<44} n={stats['n']:<5} p50={stats['p50']:8.1f} ms  p95={stats['p95']:8.1f} ms  "
              f"p99={stats['p99']:8.1f} ms{verdict}\n")
    return stats


def _load(out, options):
    from brobyg.core.loadtest.run import run_load

    run_load(out, options)


BENCHES = {"load": _load}
