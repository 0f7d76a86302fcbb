"""Shared plumbing for `brobyg demo`: each domain app contributes a ``demo`` module with

    def load(ctx: DemoContext) -> None            # the believable demo setting (idempotent)
    def load_scale(ctx: DemoContext, n: int) -> None   # large synthetic data for benchmarks (optional)

Apps run in the order of DEMO_APPS; later apps find what earlier ones made on ``ctx``.
"""
from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, field
from importlib import import_module

DEMO_APPS = ["partnerships", "directory", "volunteers", "bridging", "evaluation", "initiatives"]
DEMO_PASSWORD = "brobyg-demo-2026"  # fictional demo accounts only; printed by `make run`


@dataclass
class DemoContext:
    out: object = sys.stdout
    seed: int = 2026
    rng: random.Random = field(default=None)
    partnerships: dict = field(default_factory=dict)  # key -> Partnership
    organisations: dict = field(default_factory=dict)  # key -> Organisation
    users: dict = field(default_factory=dict)  # username -> User
    logins: list = field(default_factory=list)  # (role label, username)
    extra: dict = field(default_factory=dict)  # free room for apps to pass things on

    def __post_init__(self):
        if self.rng is None:
            self.rng = random.Random(self.seed)

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def progress(self, label: str, done: int, total: int, started: float | None = None) -> None:
        """One progress line: label, count, percentage and elapsed seconds."""
        pct = 100 * done / total if total else 100
        elapsed = f" {time.monotonic() - started:6.1f}s" if started else ""
        self.say(f"  {label:<28} {done:>9,}/{total:,} ({pct:5.1f}%){elapsed}")


def app_modules():
    for app in DEMO_APPS:
        try:
            yield app, import_module(f"brobyg.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"brobyg.{app}.demo":
                raise


def batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
