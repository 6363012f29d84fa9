"""Demo data of 特困供养, housing aid, 临时救助 and the 应急救助基金 (run by ``welfare.demo``).

``tekun_enrollments`` adds 特困 persons to the enrollments before the batches are generated (so
their care amounts are paid); ``seed`` adds a year of fund income, temporary-relief cases and
housing aid through the services, once (nothing when a case exists).
"""

import contextlib
import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from burqin.periods import add_months, month_start
from communities.models import Resident

from . import relief_services as services
from .models import Enrollment
from .relief_models import TEKUN, FundIncome, HousingGrant, ReliefCase, TekunSupport

CAREGIVERS = ["马秀兰", "阿依古丽", "王建国", "努尔兰", "李桂芳", "哈力木拉提"]
INSTITUTIONS = ["布尔津县社会福利中心", "布尔津镇敬老院"]
EMERGENCIES = [
    ("illness", "突发疾病住院治疗，自付医疗费用较高，家庭生活困难"),
    ("illness", "慢性病急性发作，需长期服药，收入难以维持基本生活"),
    ("accident", "家庭主要劳动力因交通事故受伤，暂时失去收入来源"),
    ("accident", "务工时意外受伤，医疗费用负担重"),
    ("disaster", "冬季暴雪致房屋棚圈受损，牲畜损失"),
    ("disaster", "春季融雪性洪水冲毁院墙和部分生活用品"),
    ("other", "子女就学费用突增，家庭临时陷入困境"),
]


def tekun_enrollments(programs, make_enrollment, first_month, rng) -> list:
    """Unsaved 特困 enrollments of some residents aged 60 and over living alone."""
    program = programs.get(TEKUN)
    if program is None:
        return []
    cutoff = timezone.localdate().replace(year=timezone.localdate().year - 60)
    candidates = list(
        Resident.objects.current()
        .filter(household__isnull=False, birth_date__lte=cutoff)
        .select_related("household", "household__community")
        .order_by("pk")[:400]
    )
    rng.shuffle(candidates)
    return [
        make_enrollment(program, r.household, r, 1, Decimal(0), first_month, rng)
        for r in candidates[:16]
    ]


def support_arrangements(enrollments, officer, rng) -> None:
    """A support arrangement for each 特困 enrollment (before the batches are generated)."""
    for n, enrollment in enumerate(e for e in enrollments if e.program.code == TEKUN):
        centralized = n % 4 == 3
        level = rng.choice(["self_care", "self_care", "partial", "full"])
        services.tekun_support_save(
            user=officer,
            enrollment=enrollment,
            values={
                "mode": TekunSupport.Mode.CENTRALIZED
                if centralized
                else TekunSupport.Mode.DISPERSED,
                "care_level": level,
                "caregiver": "" if centralized else rng.choice(CAREGIVERS),
                "caregiver_phone": "" if centralized else f"139{rng.randint(10**7, 10**8 - 1)}",
                "institution": rng.choice(INSTITUTIONS) if centralized else "",
            },
        )


def seed(stdout=None) -> None:
    if ReliefCase.objects.exists():
        return
    users = get_user_model().objects
    officer = users.filter(username="minzheng").first()
    official = users.filter(username="official").first()
    if officer is None or official is None:
        return
    rng = random.Random(20260117)
    today = timezone.localdate()
    first_month = add_months(month_start(today), -11)
    residents = list(
        Resident.objects.current().filter(household__isnull=False).order_by("pk")[:1500]
    )
    if not residents:
        return
    cases = 0
    for offset in range(12):
        month = add_months(first_month, offset)
        if offset % 3 == 0:
            _income(officer, FundIncome.Source.COUNTY, "15000", month, "布尔津县民政局")
        _income(officer, FundIncome.Source.TOWN, "2000", month.replace(day=3), "布尔津镇人民政府")
        if offset % 4 == 1:
            _income(
                officer, FundIncome.Source.COMMITTEE, "1500", month.replace(day=4), "额河社区居委会"
            )
        if offset % 5 == 2:
            _income(officer, FundIncome.Source.DONATION, "3000", month.replace(day=5), "爱心企业")
        for _n in range(rng.randint(2, 3)):
            day = month.replace(day=rng.randint(6, 18))
            if day > today:
                continue
            emergency, text = rng.choice(EMERGENCIES)
            amount = Decimal(rng.choice([500, 800, 1000, 1500, 2000, 2500, 3000, 4000, 5000]))
            case = services.relief_case_apply(
                user=officer,
                resident=rng.choice(residents),
                emergency=emergency,
                description=text,
                amount_proposed=amount,
                applied_on=day,
            )
            cases += 1
            if offset == 11 and rng.random() < 0.6:
                continue  # this month's applications wait for the officer
            case = services.relief_case_approve(
                user=officer, case=case, approve=True, amount=amount, opinion="经入户核实，情况属实"
            )
            if case.status == ReliefCase.Status.AWAITING_TOWN:
                case = services.relief_case_town_approve(
                    user=official, case=case, approve=True, opinion="同意救助"
                )
            paid_on = min(day + datetime.timedelta(days=rng.randint(3, 9)), today)
            # A month the fund is short, the case waits, approved.
            with contextlib.suppress(services.ReliefError):
                services.relief_case_pay(user=officer, case=case, paid_on=paid_on)
    grants = 0
    tekun = list(
        Enrollment.objects.filter(program__code=TEKUN, status=Enrollment.Status.ACTIVE)
        .select_related("program")
        .order_by("pk")[:3]
    )
    for n, enrollment in enumerate(tekun):
        grant = services.housing_grant_propose(
            user=officer,
            enrollment=enrollment,
            kind=[HousingGrant.Kind.REBUILD, HousingGrant.Kind.REPAIR, HousingGrant.Kind.RENT][n],
            description=[
                "土木结构危房，需拆除重建",
                "屋顶漏雨、墙体开裂，需维修加固",
                "无自有住房，租住平房",
            ][n],
            amount=Decimal(["20000", "6000", "3600"][n]),
            proposed_on=add_months(first_month, 3 + 3 * n),
        )
        grants += 1
        if n < 2:
            grant = services.housing_grant_decide(
                user=officer, grant=grant, approve=True, note="符合特困家庭住房救助条件"
            )
        if n == 0:
            services.housing_grant_pay(
                user=officer, grant=grant, paid_on=add_months(first_month, 4).replace(day=15)
            )
    if stdout:
        stdout.write(f"relief: {cases} temporary relief cases, {grants} housing aid grants")


def _income(officer, source, amount, day, payer) -> None:
    if day > timezone.localdate():
        return
    services.fund_income_record(
        user=officer, source=source, amount=Decimal(amount), received_on=day, payer=payer
    )
