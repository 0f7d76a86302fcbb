import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from brobyg.core.demo import DEMO_PASSWORD, DemoContext, app_modules


class Command(BaseCommand):
    help = "Load the demo setting (15 partnerships of 000 §4.1) or, with --scale N, large synthetic data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0,
                            help="N organisations, 10·N activities, 20·N volunteers, 50·N citizens with journeys")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, scale=0, seed=2026, quiet_logins=False, **options):
        ctx = DemoContext(out=self.stdout, seed=seed)
        started = time.monotonic()
        with transaction.atomic():
            for app, module in app_modules():
                module.load(ctx)
        self.stdout.write(f"Demo setting ready ({time.monotonic() - started:.1f}s).")
        if scale:
            self.stdout.write(f"Creating synthetic data at scale {scale:,} on {connection.vendor} …")
            for app, module in app_modules():
                loader = getattr(module, "load_scale", None)
                if loader:
                    t0 = time.monotonic()
                    self.stdout.write(f"[{app}]")
                    loader(ctx, scale)
                    self.stdout.write(f"[{app}] done in {time.monotonic() - t0:.1f}s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # VACUUM as well: after a bulk load the visibility map is empty, so counts cannot use
                    # index-only scans until autovacuum comes by (a directory count took 88 ms instead of 12 ms).
                    cursor.execute("VACUUM ANALYZE")
                    cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
                    size = cursor.fetchone()[0]
            else:
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                    cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
                    size = f"{cursor.fetchone()[0] / 1024 / 1024:.0f} MB"
            self.stdout.write(f"Scale {scale:,} finished in {time.monotonic() - started:.1f}s; database size {size}.")
        if not quiet_logins and ctx.logins:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
            for label, username in ctx.logins:
                self.stdout.write(f"  {username:<18} {label}")
