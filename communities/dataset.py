"""The registry's part of ``generate_dataset`` (devtools): communities named per township (乡镇)
beyond the town scale, households and residents.

Every app's ``dataset.py`` has ``generate(*, rng, communities, residents, years) -> str``, called
in ``INSTALLED_APPS`` order with a random generator of its own, and answers with a line saying
what it loaded. Bulk inserts in batches, no history rows (a dataset is not an audit trail).
"""

import datetime

from django.db import transaction

from .ethnicity import Ethnicity
from .idnumbers import make_id_number
from .models import Community, Household, Resident, pinyin_keys

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


def create_communities(count: int) -> list[Community]:
    """The dataset's communities (codes ``ds-NNNN``), eight per township."""
    rows = []
    for n in range(count):
        township = TOWNSHIPS[n // COMMUNITIES_PER_TOWN % len(TOWNSHIPS)]
        block = n // (COMMUNITIES_PER_TOWN * len(TOWNSHIPS))
        name = f"{township}{'镇' if n % 8 else '乡'}第{n % 8 + 1}{'村' if n % 8 == 7 else '社区'}"
        rows.append(
            Community(
                code=f"ds-{n:04d}",
                name=name + (f"{block}" if block else ""),
                kind="rural" if n % 8 == 7 else "urban",
                order=100 + n,
            )
        )
    return Community.objects.bulk_create(rows)


def generate(*, rng, communities, residents, years) -> str:
    people = _registry(rng, communities, residents)
    return f"registry: {len(communities)} communities, {people} residents"


@transaction.atomic
def _registry(rng, communities, total):
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
                birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 30000))
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
