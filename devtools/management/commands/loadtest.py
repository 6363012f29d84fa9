"""The database side of `make loadtest` (scripts/loadtest.sh).

``prepare`` writes a plan for Locust: one staff account per community (largest first), the
households, search terms, job seekers and active enrollments each account works on, a fair to
check in at and a run token that marks every write. ``verify`` compares what the load was told
was saved (the results file Locust writes) with what is in the database, reads Locust's
statistics and rewrites the load-test section of docs/performance.md.
"""

import csv
import json
import os
import platform
import secrets
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from communities.models import Community, Household, Resident, StaffProfile
from communities.roles import COMMUNITY_STAFF
from community_services.models import ServiceCategory, ServiceRecord
from devtools.performance import rewrite_section

COMMUNITIES = 8
P95_BUDGET_MS = 500


class Command(BaseCommand):
    help = "Prepare a Locust load test (accounts and a plan) or verify its writes and figures."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["prepare", "verify"])
        parser.add_argument("--plan", required=True, help="the plan file (JSON)")
        parser.add_argument("--results", help="verify: the file Locust wrote (JSON)")
        parser.add_argument("--stats", help="verify: Locust's …_stats.csv")
        parser.add_argument("--users", type=int, default=50, help="virtual users of the run")
        parser.add_argument("--seconds", type=int, default=60, help="verify: length of the run")
        parser.add_argument("--no-write", action="store_true", help="verify: leave the docs")

    def handle(self, *args, action, plan, **options):
        if action == "prepare":
            self._prepare(Path(plan), options["users"])
        else:
            self._verify(Path(plan), **options)

    def _prepare(self, path: Path, users: int) -> None:
        from employment.models import JobFair, JobSeeker
        from welfare.models import Enrollment

        if not Resident.objects.exists():
            call_command("generate_dataset", scale="town", stdout=self.stdout)
        run = f"lt{int(time.time())}"
        fair = JobFair.objects.create(
            date=timezone.localdate(), place="负载测试", organiser=run, theme=run
        )
        category = ServiceCategory.objects.filter(active=True).values_list("pk", flat=True).first()
        staff = Group.objects.get(name=COMMUNITY_STAFF)
        communities = (
            Community.objects.annotate(n=Count("residents")).filter(n__gt=0).order_by("-n", "pk")
        )[:COMMUNITIES]
        plan = {"run": run, "fair": fair.pk, "category": category}
        plan["communities"] = []
        for community in communities:
            user = get_user_model().objects.create_user(
                f"{run}-{community.pk}", password=secrets.token_urlsafe(16)
            )
            user.groups.add(staff)
            StaffProfile.objects.create(user=user, community=community)
            residents = Resident.objects.filter(community=community).order_by("pk")
            plan["communities"].append(
                {
                    "username": user.username,
                    "households": list(
                        Household.objects.filter(community=community)
                        .order_by("pk")
                        .values_list("pk", flat=True)[:300]
                    ),
                    "searches": sorted(
                        set(residents.values_list("name_initials", flat=True)[:200])
                    )[:30],
                    "seekers": list(
                        JobSeeker.objects.filter(community=community)
                        .order_by("pk")
                        .values_list("resident__id_number", flat=True)[:400]
                    ),
                    "enrollments": list(
                        Enrollment.objects.filter(community=community, status="active")
                        .order_by("pk")
                        .values_list("pk", flat=True)[:100]
                    ),
                }
            )
        # Staff logged in this morning: one session per virtual user, so the load measures the
        # work and not a burst of 50 password hashes at the start.
        accounts = get_user_model().objects.filter(username__startswith=f"{run}-").order_by("pk")
        offices = {c["username"]: n for n, c in enumerate(plan["communities"])}
        plan["sessions"] = []
        for n in range(users):
            user = accounts[n % len(offices)]
            client = Client()
            client.force_login(user)
            plan["sessions"].append(
                {"office": offices[user.username], "key": client.cookies["sessionid"].value}
            )
        path.write_text(json.dumps(plan, ensure_ascii=False))
        self.stdout.write(f"plan {run}: {len(plan['communities'])} communities → {path}")

    def _verify(self, path: Path, *, results, stats, users, seconds, no_write, **options):
        from employment.models import FairAttendance
        from welfare.models import Disbursement, ReviewStep

        if not (results and stats):
            raise CommandError("verify needs --results and --stats")
        plan = json.loads(path.read_text())
        sent = json.loads(Path(results).read_text())
        run = plan["run"]
        written = {
            "service": ServiceRecord.objects.filter(note__startswith=f"{run}-").values_list(
                "note", flat=True
            ),
            "checkin": FairAttendance.objects.filter(fair_id=plan["fair"]).values_list(
                "seeker__resident__id_number", flat=True
            ),
            "review": ReviewStep.objects.filter(opinion__startswith=f"{run}-").values_list(
                "opinion", flat=True
            ),
        }
        labels = {
            "service": "service records entered",
            "checkin": "fair check-ins",
            "review": "enrollment reviews",
        }
        lost = 0
        rows = []
        for kind, label in labels.items():
            acked = sent["acked"][kind]
            in_db = list(written[kind])
            missing = len(set(acked) - set(in_db))
            extra = len(in_db) - len(set(in_db) & set(acked))
            lost += missing + extra + (sent["sent"][kind] - len(acked))
            rows.append(
                (
                    f"writes: {label}",
                    f"{sent['sent'][kind]:,} sent · {len(acked):,} confirmed · {len(in_db):,} "
                    f"in the database",
                    f"{missing} missing, {extra} unexpected",
                )
            )
        with open(stats, newline="") as handle:
            table = {row["Name"]: row for row in csv.DictReader(handle)}
        total = table["Aggregated"]
        failures = int(total["Failure Count"])
        p95 = float(total["95%"])
        for name, row in sorted(table.items()):
            if name != "Aggregated":
                rows.append(
                    (
                        f"request: {name}",
                        f"p50 {float(row['50%']):.0f} ms · p95 {float(row['95%']):.0f} ms",
                        f"{int(row['Request Count']):,} requests, {int(row['Failure Count'])} "
                        f"failed",
                    )
                )
        verdict = "holds" if p95 <= P95_BUDGET_MS else "missed"
        rows.append(
            (
                "all requests",
                f"p50 {float(total['50%']):.0f} ms · p95 {p95:.0f} ms",
                f"{int(total['Request Count']):,} requests ({float(total['Requests/s']):.1f}/s), "
                f"{failures} failed; p95 budget {P95_BUDGET_MS} ms {verdict}; "
                f"{lost} lost writes",
            )
        )
        header = (
            f"{timezone.localtime():%Y-%m-%d %H:%M} · {platform.machine()}, {os.cpu_count()} "
            f"cores · gunicorn on loopback, {connection.vendor} · Locust headless, {users} users, "
            f"{seconds} s · data: {Resident.objects.count():,} residents, "
            f"{Disbursement.objects.count():,} payments"
        )
        text = "\n".join(
            [
                header,
                "",
                "| what | figures | note |",
                "| --- | --- | --- |",
                *[f"| {a} | {b} | {c} |" for a, b, c in rows],
            ]
        )
        self.stdout.write(text)
        if not no_write:
            rewrite_section("loadtest", "Concurrent load (`make loadtest`)", text)
        if failures or lost:
            raise CommandError(f"{failures} failed requests, {lost} lost writes")
