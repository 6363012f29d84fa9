"""Employment's part of ``generate_dataset`` (devtools): 60 job seekers per community, six
fairs, placements with follow-ups due, and training classes."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction

from communities.models import Resident

from .models import (
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    Placement,
    Trainee,
    TrainingClass,
)

BATCH = 5000


def generate(*, rng, communities, residents, years) -> str:
    return f"employment: {_employment(rng, communities)} job seekers"


@transaction.atomic
def _employment(rng, communities):
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
    return len(seekers)
