import os
import platform

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from communities.models import Resident
from devtools.benchmarking import every_page
from devtools.discovery import project_app_modules
from devtools.performance import rewrite_section
from welfare.models import Disbursement


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Measure the key operations (each app's benchmarks.py) inside a transaction that is "
        "rolled back, print a table and rewrite this database's section of docs/performance.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
        parser.add_argument("--no-write", action="store_true", help="do not touch the docs")
        parser.add_argument(
            "--no-walk", action="store_true", help="skip timing every page of the URLconf"
        )
        parser.add_argument(
            "--only-walk", action="store_true", help="time every page only (no app benchmarks)"
        )

    def handle(self, *args, quick, no_write, no_walk, only_walk, **options):
        rows = []
        try:
            with transaction.atomic():
                if not no_walk:
                    rows += every_page(quick)  # on the loaded data, before the apps add theirs
                for _app, module in [] if only_walk else project_app_modules("benchmarks"):
                    rows += module.run(quick=quick)
                raise Rollback
        except Rollback:
            pass
        vendor = connection.vendor
        with connection.cursor() as cursor:
            cursor.execute("select sqlite_version()" if vendor == "sqlite" else "select version()")
            version = cursor.fetchone()[0].split(" on ")[0]
        header = (
            f"{timezone.localtime():%Y-%m-%d %H:%M} · {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()} · "
            f"{vendor} {version}{' · quick' if quick else ''} · data: "
            f"{Resident.objects.count():,} residents, {Disbursement.objects.count():,} payments"
        )
        table = ["| operation | time | note |", "| --- | --- | --- |"]
        table += [f"| {r['what']} | {r['value']} | {r['note']} |" for r in rows]
        text = "\n".join([header, "", *table])
        self.stdout.write(text)
        if not no_write and not only_walk:
            rewrite_section(vendor, vendor, text)
