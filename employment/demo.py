"""Demo employment data: enterprises, a year of fairs with check-ins, placements, trainings,
a contest, labor transfer from 切克台村 and pension contributions (idempotent)."""

import datetime
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from stdnum.cn import uscc

from communities.models import Community, Resident

from .ecommerce import demo as ecommerce_demo
from .models import (
    Contest,
    ContestEntry,
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    LaborTransfer,
    PensionContribution,
    Placement,
    Trainee,
    TrainingClass,
    Vacancy,
)

INDUSTRIES = ["餐饮", "旅游", "建筑", "商贸", "物流", "家政", "农产品加工"]
JOBS = [
    ("厨师", "烹饪 面点"),
    ("导游", "普通话 哈萨克语"),
    ("电焊工", "电焊"),
    ("营业员", "收银"),
    ("司机", "驾驶"),
    ("保洁员", "保洁"),
    ("面点师", "面点"),
]
SUBJECTS = ["民族手工刺绣编织", "驾驶员培训", "中式面点", "创业培训", "电子商务"]


@transaction.atomic
def seed(stdout=None) -> None:
    ecommerce_demo.seed(stdout)  # the e-commerce survey: idempotent on its own
    if Enterprise.objects.exists():
        return
    rng = random.Random(20260104)
    today = datetime.date.today()
    enterprises = []
    for n in range(40):
        body = f"91654321MA{n + 1:07d}"
        enterprises.append(
            Enterprise.objects.create(
                name=f"布尔津县{rng.choice(['喀纳斯', '额河', '津河', '友谊峰'])}"
                f"{rng.choice(INDUSTRIES)}{n + 1}号有限公司",
                credit_code=body + uscc.calc_check_digit(body),
                size=rng.choice(["small", "micro", "micro", "medium"]),
                industry=rng.choice(INDUSTRIES),
                contact="王经理",
                address="布尔津镇",
            )
        )
    vacancies = []
    for enterprise in enterprises:
        title, skills = rng.choice(JOBS)
        vacancies.append(
            Vacancy.objects.create(
                enterprise=enterprise,
                title=title,
                headcount=rng.randint(1, 5),
                wage_min=Decimal(rng.choice([2500, 3000, 3500])),
                wage_max=Decimal(rng.choice([4000, 4500, 5500])),
                skills=skills,
            )
        )
    adults = list(
        Resident.objects.current()
        .filter(
            birth_date__lte=today - relativedelta(years=18),
            birth_date__gt=today - relativedelta(years=58),
        )
        .select_related("community")
        .order_by("pk")
    )
    seekers = []
    for resident in rng.sample(adults, min(220, len(adults))):
        title, skills = rng.choice(JOBS)
        rural = resident.community.kind == Community.Kind.RURAL
        seekers.append(
            JobSeeker(
                resident=resident,
                community=resident.community,
                status="surplus_rural" if rural else rng.choice(["unemployed", "4050", "graduate"]),
                skills=skills,
                wish_sector=rng.choice(INDUSTRIES),
                wish_wage=Decimal(rng.choice([3000, 3500, 4000])),
                registered_on=today - datetime.timedelta(days=rng.randint(30, 360)),
            )
        )
    bulk_create_with_history(seekers, JobSeeker)
    attendances = []
    for month in range(0, 12, 2):
        fair = JobFair.objects.create(
            date=today - relativedelta(months=month, days=5),
            place="布尔津镇人力资源市场",
            organiser="布尔津镇人民政府",
            theme="企业用工招聘服务月",
        )
        fair.enterprises.set(rng.sample(enterprises, 25))
        for seeker in rng.sample(seekers, 90):
            attendances.append(
                FairAttendance(fair=fair, seeker=seeker, info_given=rng.random() < 0.9)
            )
    bulk_create_with_history(attendances, FairAttendance)
    for seeker in rng.sample(seekers, 60):
        vacancy = rng.choice(vacancies)
        start = today - datetime.timedelta(days=rng.randint(10, 330))
        Placement.objects.create(
            seeker=seeker,
            enterprise=vacancy.enterprise,
            vacancy=vacancy,
            start_date=start,
            wage=vacancy.wage_min,
            follow_up_due=start + relativedelta(months=3),
            still_employed=True if start < today - relativedelta(months=4) else None,
            followed_up_on=start + relativedelta(months=3)
            if start < today - relativedelta(months=4)
            else None,
        )
    for i, subject in enumerate(SUBJECTS):
        start = today - relativedelta(months=2 * i + 1)
        training = TrainingClass.objects.create(
            subject=subject,
            start_date=start,
            end_date=start + datetime.timedelta(days=10),
            hours=60,
            trainer="布尔津县职业技能培训中心",
            capacity=45,
            cost_source="就业专项资金",
        )
        bulk_create_with_history(
            [
                Trainee(
                    training=training,
                    resident=r,
                    attended_hours=60,
                    completed=True,
                    certificate_no=f"BEJ{start:%Y}{i}{n:03d}",
                )
                for n, r in enumerate(rng.sample(adults, 40))
            ],
            Trainee,
        )
    contest = Contest.objects.create(
        name="阿勒泰地区创业创新大赛",
        organiser="阿勒泰地区人社局",
        date=today - relativedelta(months=4),
    )
    for n, resident in enumerate(rng.sample(adults, 11)):
        ContestEntry.objects.create(
            contest=contest,
            resident=resident,
            project="民族手工艺品网店",
            finalist=n < 8,
            prize=["first", "second", "third"][n] if n < 3 else "",
        )
    village = Community.objects.filter(kind=Community.Kind.RURAL).first()
    if village:
        bulk_create_with_history(
            [
                LaborTransfer(
                    resident=r,
                    community=village,
                    destination="乌鲁木齐",
                    sector=rng.choice(["建筑", "餐饮", "物流"]),
                    from_date=today - relativedelta(months=rng.randint(1, 10)),
                    monthly_income=Decimal(rng.choice([3500, 4000, 5000])),
                )
                for r in [s.resident for s in seekers if s.community_id == village.pk]
            ],
            LaborTransfer,
        )
    contributions = []
    for resident in rng.sample(adults, min(120, len(adults))):
        for year in (today.year - 1, today.year):
            if year == today.year and rng.random() < 0.1:
                continue
            grade = rng.choice([200, 300, 500, 1000])
            contributions.append(
                PensionContribution(
                    resident=resident,
                    community=resident.community,
                    year=year,
                    grade=grade,
                    amount=grade,
                    paid_on=datetime.date(year, rng.randint(1, min(6, today.month)), 10),
                )
            )
    bulk_create_with_history(contributions, PensionContribution)
    if stdout:
        stdout.write(f"employment: {len(seekers)} job seekers, {len(attendances)} check-ins")
