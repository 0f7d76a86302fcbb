from django.core.management.base import BaseCommand, CommandError

from brobyg.core.bench import registry


class Command(BaseCommand):
    help = "Run a benchmark and print p50/p95/p99 figures: brobyg bench NAME [--iterations N]."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="benchmark name (omit to list them)")
        parser.add_argument("--iterations", type=int, default=200)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                            help="extra option passed to the benchmark")

    def handle(self, *args, name=None, **options):
        benches = registry()
        if not name:
            self.stdout.write("Benchmarks: " + (", ".join(sorted(benches)) or "none yet"))
            return
        if name not in benches:
            raise CommandError(f"Unknown benchmark '{name}'. Known: {', '.join(sorted(benches)) or 'none'}")
        extra = dict(item.split("=", 1) for item in options.pop("option"))
        # In-process benchmarks request pages through Django's test client (host "testserver"/"localhost"): allow
        # those hosts for this process only, so benches run with production settings (DEBUG off, cached templates).
        from django.conf import settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "localhost", "127.0.0.1"]
        benches[name](self.stdout, {**options, **extra})
