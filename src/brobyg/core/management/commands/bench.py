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
        benches[name](self.stdout, {**options, **extra})
