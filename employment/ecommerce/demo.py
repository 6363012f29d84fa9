"""Demo e-commerce survey: this year's round with the businesses found in every community and
the 微商 entrepreneurship contest held with it. Idempotent: skipped once a round exists."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from burqin.audit import acting_as
from communities.models import Community, Resident

from ..models import Contest, ContestEntry
from .models import EcommerceRecord, EcommerceSurvey

PLATFORMS = {
    EcommerceRecord.Kind.WECHAT: ["微信朋友圈", "微信小程序"],
    EcommerceRecord.Kind.SHOP: ["淘宝", "拼多多", "京东"],
    EcommerceRecord.Kind.LIVE: ["抖音", "快手"],
    EcommerceRecord.Kind.PARCELS: ["菜鸟驿站", "邮政快递"],
}


@transaction.atomic
def seed(stdout=None) -> None:
    if EcommerceSurvey.objects.exists():
        return
    rng = random.Random(20260118)
    today = datetime.date.today()
    admin = get_user_model().objects.filter(is_superuser=True).first()
    with acting_as(admin):
        contest = Contest.objects.create(
            name="布尔津镇微商创业大赛",
            organiser="布尔津镇人民政府",
            date=today - datetime.timedelta(days=20),
        )
        survey = EcommerceSurvey.objects.create(
            year=today.year,
            title=f"{today.year}年布尔津镇电子商务情况摸排统计",
            started_on=today - datetime.timedelta(days=60),
            surveyed_on=today - datetime.timedelta(days=30),
            contest=contest,
        )
        for community in Community.objects.order_by("order", "pk"):
            adults = list(
                Resident.objects.filter(community=community)
                .current()
                .filter(birth_date__lt=today - datetime.timedelta(days=365 * 20))
                .order_by("pk")[:200]
            )
            if not adults:
                continue
            found = rng.sample(adults, min(len(adults), rng.randint(6, 14)))
            for n, resident in enumerate(found):
                kind = rng.choices(list(PLATFORMS), weights=[50, 20, 20, 10])[0]
                EcommerceRecord.objects.create(
                    survey=survey,
                    community=community,
                    resident=resident,
                    household=resident.household if n % 3 == 0 else None,
                    kind=kind,
                    platform=rng.choice(PLATFORMS[kind]),
                    turnover=rng.choice(EcommerceRecord.Turnover.values),
                    jobs_created=rng.choice([0, 1, 1, 2, 3]),
                )
                if n < 2:
                    ContestEntry.objects.create(
                        contest=contest,
                        resident=resident,
                        project=f"{rng.choice(['民族刺绣', '冷水鱼', '蜂蜜', '奶疙瘩'])}微商",
                        finalist=n == 0,
                    )
    if stdout is not None:
        stdout.write("E-commerce survey: demo data in place.")
