"""`manage.py bench`: build the large dataset (PostgreSQL) and measure the pages that must stay fast."""

from django.core.management.base import BaseCommand

from performance.bench.dataset import Builder, Size


class Command(BaseCommand):
    help = "Scale benchmark: generate a large dataset in PostgreSQL and time the main pages (see README)."

    def add_arguments(self, parser):
        parser.add_argument("--nodes", type=int, default=Size.nodes, help="stations + contact points")
        parser.add_argument("--deputies", type=int, default=Size.deputies)
        parser.add_argument("--cases", type=int, default=Size.cases)
        parser.add_argument("--due", type=int, default=Size.due_for_sweep, help="cases due for the sweep")
        parser.add_argument("--repeat", type=int, default=20, help="requests per page")
        parser.add_argument("--build-only", action="store_true")
        parser.add_argument("--readme", action="store_true", help="write the results table into README.md")

    def handle(self, *args, **opts):
        size = Size(nodes=opts["nodes"], deputies=opts["deputies"], cases=opts["cases"], due_for_sweep=opts["due"])
        accounts = Builder(size, progress=self.stdout.write).build()
        if opts["build_only"]:
            return
        from performance.bench.measure import measure_all, render_table, write_readme

        results = measure_all(accounts, size=size, repeat=opts["repeat"], progress=self.stdout.write)
        table = render_table(results, size=size)
        self.stdout.write(table)
        if opts["readme"]:
            write_readme(table)
            self.stdout.write("README.md updated")
