"""Synthetic data at the scale of the town, the county (×4) or the prefecture (×40).

Deterministic for a seed; bulk inserts in batches; no history rows (a dataset is not an audit
trail). Communities are named per township (乡镇) beyond the town scale.
"""

import datetime
import random
import time
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from burqin.periods import add_months, month_start
from communities.ethnicity import Ethnicity
from communities.idnumbers import make_id_number
from communities.models import (
    Community,
    Household,
    Resident,
    ServiceCategory,
    ServiceRecord,
    pinyin_keys,
)

SCALES = {"town": 1, "county": 4, "prefecture": 40}
RESIDENTS_PER_TOWN = 18_000
COMMUNITIES_PER_TOWN = 8
TOWNSHIPS = [
    "布尔津",
    "冲乎尔",
    "窝依莫克",
    "杜来提",
    "也格孜托别",
    "阔斯特克",
    "禾木",
    "喀纳斯",
    "哈巴河",
    "萨尔塔木",
    "加依勒玛",
    "铁热克提",
    "阿勒泰",
    "福海",
    "吉木乃",
    "富蕴",
    "青河",
    "北屯",
    "红墩",
    "切木尔切克",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "建华",
    "玉兰",
    "志强",
    "海燕",
    "阿依古丽",
    "叶尔兰",
    "努尔兰",
    "古丽娜尔",
    "巴特尔",
    "其其格",
]
BATCH = 5000


class Command(BaseCommand):
    help = "Load synthetic data at town, county or prefecture scale (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="town")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=1, help="months of payments = 12 × N")
        parser.add_argument("--residents", type=int, help="override the number of residents")

    def handle(self, *args, scale, seed, years, residents, **options):
        if Community.objects.filter(code__startswith="ds-").exists():
            raise CommandError("A generated dataset is already loaded (communities ds-…).")
        started = time.perf_counter()
        rng = random.Random(seed)
        factor = SCALES[scale]
        total = residents or RESIDENTS_PER_TOWN * factor
        communities = self._communities(COMMUNITIES_PER_TOWN * factor)
        people = self._registry(rng, communities, total)
        self.stdout.write(
            f"registry: {len(communities)} communities, {people} residents "
            f"({time.perf_counter() - started:.0f} s)"
        )
        payments = self._welfare(rng, communities, years)
        self.stdout.write(f"welfare: {payments} payments ({time.perf_counter() - started:.0f} s)")
        records = self._services(rng, communities, years)
        self.stdout.write(f"services: {records} records ({time.perf_counter() - started:.0f} s)")
        self._employment_and_duty(rng, communities)
        self.stdout.write(
            self.style.SUCCESS(
                f"{scale} dataset (seed {seed}) loaded in {time.perf_counter() - started:.0f} s"
            )
        )

    def _communities(self, count):
        rows = []
        for n in range(count):
            township = TOWNSHIPS[n // COMMUNITIES_PER_TOWN % len(TOWNSHIPS)]
            block = n // (COMMUNITIES_PER_TOWN * len(TOWNSHIPS))
            name = (
                f"{township}{'镇' if n % 8 else '乡'}第{n % 8 + 1}{'村' if n % 8 == 7 else '社区'}"
            )
            rows.append(
                Community(
                    code=f"ds-{n:04d}",
                    name=name + (f"{block}" if block else ""),
                    kind="rural" if n % 8 == 7 else "urban",
                    order=100 + n,
                )
            )
        return Community.objects.bulk_create(rows)

    @transaction.atomic
    def _registry(self, rng, communities, total):
        keys = {}  # name → (pinyin, initials), computed once per distinct name
        taken = set()
        sequence = 0
        created = 0
        per_community = total // len(communities)
        for community in communities:
            households, residents = [], []
            while len(residents) < per_community:
                household = Household(
                    community=community,
                    address=f"{community.name}{len(households) + 1}号",
                    registration_type=community.kind,
                )
                households.append(household)
                for member in range(rng.choice([1, 2, 2, 3, 3, 4, 5])):
                    sequence += 1
                    birth = datetime.date(1940, 1, 1) + datetime.timedelta(
                        days=rng.randrange(0, 30000)
                    )
                    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                    if name not in keys:
                        keys[name] = pinyin_keys(name)
                    id_number = make_id_number("654321", birth, sequence % 1000)
                    if id_number in taken:  # same birth date and sequence: skip this one
                        continue
                    taken.add(id_number)
                    resident = Resident(
                        id_number=id_number,
                        name=name,
                        community=community,
                        household=household,
                        relation="head" if member == 0 else "child",
                        ethnicity=rng.choice([Ethnicity.HAN, Ethnicity.KAZAKH, Ethnicity.HUI]),
                        birth_date=birth,
                        sex="M" if sequence % 2 else "F",
                        is_disabled=False,
                        is_orphan=rng.random() < 0.003,
                        is_elderly_alone=rng.random() < 0.03,
                        is_4050=rng.random() < 0.02,
                    )
                    resident.name_pinyin, resident.name_initials = keys[name]
                    residents.append(resident)
            Household.objects.bulk_create(households, batch_size=BATCH)
            for resident in residents:
                resident.household_id = resident.household.pk
            Resident.objects.bulk_create(residents, batch_size=BATCH)
            heads = {r.household_id: r.pk for r in residents if r.relation == "head"}
            for household in households:
                household.head_id = heads.get(household.pk)
            Household.objects.bulk_update(households, ["head"], batch_size=BATCH)
            created += len(residents)
        return created

    @transaction.atomic
    def _welfare(self, rng, communities, years):
        from welfare.models import Disbursement, DisbursementBatch, Enrollment, Program

        programs = {p.code: p for p in Program.objects.all()}
        today = month_start(datetime.date.today())
        first = add_months(today, -12 * years + 1)
        enrollments = []
        heads = Resident.objects.filter(community__in=communities, relation="head").values_list(
            "pk", "household_id", "community_id", "community__kind"
        )
        for pk, household, community, kind in heads:
            if rng.random() < 0.11:
                area = "rural" if kind == "rural" else "urban"
                for code in (f"dibao_{area}", f"tibiao_{area}", "flour"):
                    enrollments.append(
                        Enrollment(
                            program=programs[code],
                            community_id=community,
                            household_id=household,
                            resident_id=pk,
                            status="active",
                            applied_on=first,
                            started_on=first,
                            persons_covered=rng.randint(1, 4),
                            monthly_income_per_capita=Decimal(rng.randrange(0, 400, 10)),
                        )
                    )
        Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
        count = 0
        months = [add_months(first, i) for i in range(12 * years)]
        for month in months:
            batches = {}
            rows = []
            for enrollment in enrollments:
                program = enrollment.program
                if program.code == "flour" and month.month not in (1, 2):
                    continue
                if program.code not in batches:
                    batches[program.code] = DisbursementBatch.objects.create(
                        program=program, period=month, status="paid" if month < today else "draft"
                    )
                amount = (
                    Decimal("0")
                    if program.is_in_kind
                    else Decimal(
                        max(680 - int(enrollment.monthly_income_per_capita), 0)
                        * enrollment.persons_covered
                        if program.code.startswith("dibao")
                        else 15
                    )
                )
                rows.append(
                    Disbursement(
                        batch=batches[program.code],
                        program=program,
                        period=month,
                        community_id=enrollment.community_id,
                        household_id=enrollment.household_id,
                        resident_id=enrollment.resident_id,
                        enrollment=enrollment,
                        amount=amount,
                        quantity=Decimal(2) if program.is_in_kind else None,
                        persons=enrollment.persons_covered,
                    )
                )
            # Batches of past months are paid; insert their rows before marking them so.
            DisbursementBatch.objects.filter(pk__in=[b.pk for b in batches.values()]).update(
                status="draft"
            )
            Disbursement.objects.bulk_create(rows, batch_size=BATCH)
            corrections = [
                Disbursement(
                    batch=row.batch,
                    program=row.program,
                    period=month,
                    community_id=row.community_id,
                    household_id=row.household_id,
                    resident_id=row.resident_id,
                    amount=Decimal("-10"),
                    persons=0,
                    corrects=row,
                    source="correction",
                    note="数据集更正",
                )
                for row in rows[::200]
                if not row.program.is_in_kind
            ]
            Disbursement.objects.bulk_create(corrections, batch_size=BATCH)
            if month < today:  # past months are paid (and from then on locked)
                DisbursementBatch.objects.filter(pk__in=[b.pk for b in batches.values()]).update(
                    status="paid"
                )
            count += len(rows) + len(corrections)
        return count

    @transaction.atomic
    def _services(self, rng, communities, years):
        categories = list(ServiceCategory.objects.all())
        today = datetime.date.today()
        rows = []
        for community in communities:
            for day in range(0, 365 * years, 2):
                date = today - datetime.timedelta(days=day)
                charge = rng.choice(["free", "free", "low_fee"])
                rows.append(
                    ServiceRecord(
                        community=community,
                        date=date,
                        category=rng.choice(categories),
                        charge=charge,
                        fee=0 if charge == "free" else 5,
                    )
                )
        ServiceRecord.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    @transaction.atomic
    def _employment_and_duty(self, rng, communities):
        from duty_roster.models import Assignment, DutyLog, DutyMember, RosterMonth
        from duty_roster.services import ensure_defaults
        from duty_roster.summary import refresh_coverage
        from employment.models import (
            Enterprise,
            FairAttendance,
            JobFair,
            JobSeeker,
            Placement,
            Trainee,
            TrainingClass,
        )

        today = datetime.date.today()
        seekers = [
            JobSeeker(
                resident_id=pk,
                community=community,
                registered_on=today,
                skills="烹饪",
                wish_sector="餐饮",
            )
            for community in communities
            for pk in Resident.objects.filter(community=community, relation="head")
            .order_by("pk")
            .values_list("pk", flat=True)[:60]
        ]
        JobSeeker.objects.bulk_create(seekers, batch_size=BATCH)
        for n in range(6):
            fair = JobFair.objects.create(
                date=today - relativedelta(months=2 * n), place="人力资源市场", organiser="数据集"
            )
            FairAttendance.objects.bulk_create(
                [
                    FairAttendance(fair=fair, seeker=s)
                    for s in rng.sample(seekers, min(len(seekers), 90 * len(communities) // 8))
                ],
                batch_size=BATCH,
            )
        enterprise = Enterprise.objects.create(name="数据集企业", industry="餐饮")
        Placement.objects.bulk_create(
            [
                Placement(
                    seeker=seeker,
                    enterprise=enterprise,
                    start_date=today - datetime.timedelta(days=rng.randrange(0, 200)),
                    wage=Decimal(rng.randrange(2000, 5000, 100)),
                    follow_up_due=today + datetime.timedelta(days=rng.randrange(-100, 90)),
                )
                for seeker in seekers[::6]
            ],
            batch_size=BATCH,
        )
        residents = [s.resident_id for s in seekers]
        for n in range(len(communities) // 4 + 1):
            start = today - relativedelta(months=n % 12)
            training = TrainingClass.objects.create(
                subject=rng.choice(["烹饪", "电工", "育婴员", "电商"]),
                start_date=start,
                end_date=start + datetime.timedelta(days=10),
                hours=40,
            )
            Trainee.objects.bulk_create(
                [
                    Trainee(training=training, resident_id=pk, attended_hours=40, completed=True)
                    for pk in rng.sample(residents, min(len(residents), 30))
                ]
            )
        month = month_start(today)
        days = [month + datetime.timedelta(days=i) for i in range(28)]
        logs = []
        for community in communities:
            ensure_defaults(community)
            members = DutyMember.objects.bulk_create(
                [
                    DutyMember(community=community, category=c, name=f"值班{c}-{i}")
                    for c in (1, 2, 3, 4, 5)
                    for i in range(4)
                ]
            )
            roster = RosterMonth.objects.create(
                community=community, month=month, status="published"
            )
            shifts = list(community.shift_templates.prefetch_related("rules"))
            rows = []
            for index, day in enumerate(days):
                for shift in shifts:
                    for rule in shift.rules.all():
                        pool = [m for m in members if m.category == rule.category]
                        rows.append(
                            Assignment(
                                roster=roster,
                                date=day,
                                shift=shift,
                                member=pool[(index * 2 + shift.order) % len(pool)],
                            )
                        )
            Assignment.objects.bulk_create(rows, batch_size=BATCH)
            refresh_coverage([roster])
            logs += [
                DutyLog(
                    community=community,
                    date=day,
                    shift=shifts[0],
                    handover_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(8, 30))
                    ),
                    events="平稳",
                )
                for day in days
                if day <= today
            ]
        DutyLog.objects.bulk_create(logs, batch_size=BATCH)
