"""Demo data for the registry: the 8 units, ~1,500 residents in households, and the demo accounts.

Deterministic (a fixed seed) and idempotent: running it again changes nothing but the demo
passwords, which are reset to ``DEMO_PASSWORD``.
"""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .ethnicity import Ethnicity
from .idnumbers import make_id_number
from .models import Community, Compound, Household, Resident, StaffProfile
from .roles import CIVIL_AFFAIRS, COMMUNITY_STAFF, SERVICE_CENTRE, TOWN_OFFICIAL

BURQIN_REGION = "654321"  # 新疆维吾尔自治区阿勒泰地区布尔津县

COMMUNITIES = [
    # code, name, kind, featured type, compounds
    ("ehe", "额河社区", "urban", "commerce", ["额河小区", "商贸城小区", "河畔花园"]),
    ("meilifeng", "美丽峰社区", "urban", "culture", ["美丽峰小区", "文化苑"]),
    ("shenhu", "神湖社区", "urban", "peace", ["神湖小区", "平安家园"]),
    ("baishanbu", "白山布社区", "urban", "care", ["白山布小区", "幸福里"]),
    ("youyifeng", "友谊峰社区", "urban", "smart", ["友谊峰小区", "智慧家园"]),
    ("jinhe", "津河社区", "urban", "self_governance", ["津河小区", "和谐苑"]),
    ("qieketai", "切克台村", "rural", "prosperity", []),
    ("xincheng", "新城社区", "urban", "", ["新城小区"]),
]
RESIDENTS_PER_COMMUNITY = 190
STREETS = ["友谊路", "文明路", "团结路", "建设路", "河堤路", "新华路", "幸福路", "光明路"]

HAN_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
HAN_GIVEN = [
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
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "玉兰",
    "志强",
    "海燕",
    "文",
    "博",
    "欣怡",
    "子涵",
    "浩然",
    "雨桐",
    "宇轩",
    "梓萱",
    "晨",
    "鑫",
    "佳",
    "丹",
    "红梅",
    "建国",
]
HUI_SURNAMES = "马杨韩白丁海沙穆哈"
KAZAKH_MALE = [
    "叶尔兰",
    "努尔兰",
    "别克",
    "哈力木",
    "巴合提",
    "阿斯哈尔",
    "叶尔江",
    "赛力克",
    "达吾列提",
    "加尔肯",
    "木拉提",
    "胡安德克",
    "叶尔波拉提",
    "阿依丁",
    "托列根",
]
KAZAKH_FEMALE = [
    "阿依古丽",
    "古丽娜尔",
    "加娜尔",
    "阿依达娜",
    "玛丽亚",
    "萨乌列",
    "古丽巴哈尔",
    "阿克玛拉",
    "迪娜拉",
    "库兰达",
]
UYGHUR_MALE = ["艾力", "买买提", "阿不都", "吐尔逊", "艾合买提", "肉孜", "努尔买买提", "亚森"]
UYGHUR_FEMALE = ["古丽米拉", "阿依努尔", "热依拉", "帕提古丽", "米娜瓦尔", "祖丽菲亚"]
MONGOL_MALE = ["巴特尔", "那仁", "孟和", "额尔敦", "苏和", "宝音"]
MONGOL_FEMALE = ["其其格", "乌云", "萨仁", "托娅", "娜仁花", "高娃"]


def _name(rng: random.Random, ethnicity: str, male: bool, father: str | None) -> str:
    if ethnicity in (Ethnicity.HAN, Ethnicity.HUI):
        surnames = HUI_SURNAMES if ethnicity == Ethnicity.HUI else HAN_SURNAMES
        return (father[0] if father else rng.choice(surnames)) + rng.choice(HAN_GIVEN)
    pools = {
        Ethnicity.KAZAKH: (KAZAKH_MALE, KAZAKH_FEMALE),
        Ethnicity.UYGHUR: (UYGHUR_MALE, UYGHUR_FEMALE),
        Ethnicity.MONGOL: (MONGOL_MALE, MONGOL_FEMALE),
    }[ethnicity]
    given = rng.choice(pools[0] if male else pools[1])
    if ethnicity == Ethnicity.MONGOL:
        return given
    # Kazakh and Uyghur names: given name · father's name.
    return f"{given}·{(father or rng.choice(pools[0])).split('·')[0]}"


def _birth(rng: random.Random, min_age: int, max_age: int, today: datetime.date) -> datetime.date:
    age_days = rng.randint(min_age * 365 + 1, max_age * 365 + 300)
    return today - datetime.timedelta(days=age_days)


def _ethnicity(rng: random.Random) -> str:
    return rng.choices(
        [Ethnicity.HAN, Ethnicity.KAZAKH, Ethnicity.UYGHUR, Ethnicity.HUI, Ethnicity.MONGOL],
        weights=[45, 38, 6, 7, 4],
    )[0]


class _IdFactory:
    def __init__(self, taken: set[str]):
        self.taken = taken

    def make(self, rng: random.Random, birth: datetime.date, male: bool) -> str:
        while True:
            sequence = rng.randrange(1, 999, 2) if male else rng.randrange(0, 998, 2)
            number = make_id_number(BURQIN_REGION, birth, sequence)
            if number not in self.taken:
                self.taken.add(number)
                return number


@transaction.atomic
def seed(stdout=None) -> None:
    rng = random.Random(20260101)
    today = datetime.date(2026, 1, 1)  # fixed, so that the same seed gives the same people
    communities = _seed_communities()
    ids = _IdFactory(set(Resident.objects.values_list("id_number", flat=True)))
    created = 0
    for community in communities:
        community_rng = random.Random(f"{rng.random()}-{community.code}")
        if Resident.objects.filter(community=community).exists():
            continue
        created += _seed_residents(community, community_rng, ids, today)
    _seed_accounts(communities)
    if stdout:
        stdout.write(f"registry: {len(communities)} communities, {created} new residents")


def _seed_communities() -> list[Community]:
    result = []
    for order, (code, name, kind, featured, compounds) in enumerate(COMMUNITIES, start=1):
        community, _ = Community.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "featured_type": featured,
                "party_branch": f"中共{name}{'支部委员会' if kind == 'rural' else '委员会'}",
                "office_address": f"布尔津镇{name}党群服务中心",
                "office_area": 300 + order * 40,
                "phone": f"0906-65{order:02d}{order * 7 % 100:02d}",
                "order": order,
            },
        )
        for compound in compounds:
            Compound.objects.get_or_create(community=community, name=compound)
        result.append(community)
    return result


def _seed_residents(community, rng, ids, today) -> int:
    compounds = list(community.compounds.all())
    rural = community.kind == Community.Kind.RURAL
    households, members = [], []
    count = 0
    number = 0
    while count < RESIDENTS_PER_COMMUNITY:
        number += 1
        compound = rng.choice(compounds) if compounds else None
        if rural:
            address = f"切克台村{rng.randint(1, 6)}组{number}号"
        else:
            building, unit, floor = rng.randint(1, 6), rng.randint(1, 6), rng.randint(1, 4)
            address = f"{rng.choice(STREETS)}{rng.randint(1, 120)}号{building}-{unit}0{floor}"
        household = Household(
            community=community,
            compound=compound,
            address=address,
            registration_type="rural" if rural else "urban",
        )
        households.append(household)
        ethnicity = _ethnicity(rng)
        head_male = rng.random() < 0.7
        head_birth = _birth(rng, 24, 88, today)
        head_age = (today - head_birth).days // 365
        head = _resident(
            rng,
            ids,
            household,
            community,
            ethnicity,
            head_male,
            head_birth,
            Resident.Relation.HEAD,
            None,
        )
        head.is_elderly_alone = head_age >= 65 and rng.random() < 0.35
        head.is_4050 = 40 <= head_age <= 55 and rng.random() < 0.12
        head.is_party_member = rng.random() < 0.1
        members.append(head)
        count += 1
        if head.is_elderly_alone:
            continue
        father = head.name if head_male else None
        if rng.random() < 0.8:
            spouse_birth = head_birth + datetime.timedelta(days=rng.randint(-1500, 1500))
            members.append(
                _resident(
                    rng,
                    ids,
                    household,
                    community,
                    ethnicity,
                    not head_male,
                    min(spouse_birth, today - datetime.timedelta(days=20 * 365)),
                    Resident.Relation.SPOUSE,
                    None,
                )
            )
            count += 1
        if head_age < 70:
            for _child in range(rng.choice([0, 1, 1, 2, 2, 3])):
                youngest = max(0, head_age - 45)
                oldest = max(youngest, min(head_age - 20, 30))
                child_birth = _birth(rng, youngest, oldest, today)
                child = _resident(
                    rng,
                    ids,
                    household,
                    community,
                    ethnicity,
                    rng.random() < 0.5,
                    child_birth,
                    Resident.Relation.CHILD,
                    father,
                )
                child.is_orphan = False
                members.append(child)
                count += 1
    # A few orphans living with grandparents, and the resident every demo searches for.
    for member in members:
        if member.relation == Resident.Relation.CHILD and rng.random() < 0.02:
            member.is_orphan = True
            member.relation = Resident.Relation.GRANDCHILD
    if community.code == "ehe":
        members[0].name = "张三"
        members[0].ethnicity = Ethnicity.HAN
    bulk_create_with_history(households, Household, batch_size=500)
    for member in members:
        member.household_id = member.household.pk
        member.fill_derived()
    bulk_create_with_history(members, Resident, batch_size=500)
    heads = {
        r.household_id: r.pk
        for r in Resident.objects.filter(community=community, relation=Resident.Relation.HEAD)
    }
    for household in households:
        household.head_id = heads.get(household.pk)
    bulk_update_with_history(households, Household, ["head"], batch_size=500)
    return len(members)


def _resident(rng, ids, household, community, ethnicity, male, birth, relation, father):
    resident = Resident(
        id_number=ids.make(rng, birth, male),
        name=_name(rng, ethnicity, male, father),
        ethnicity=ethnicity,
        phone=f"1{rng.choice(['38', '39', '58', '80', '99'])}{rng.randint(10000000, 99999999)}"
        if relation in (Resident.Relation.HEAD, Resident.Relation.SPOUSE)
        else "",
        community=community,
        household=household,
        relation=relation,
    )
    if rng.random() < 0.04:
        resident.is_disabled = True
        resident.disability_category = rng.choice(list(Resident.DisabilityCategory.values))
        resident.disability_grade = rng.choice([1, 2, 3, 4])
    return resident


# The demo accounts' people (the login names stay as README lists them).
STAFF_NAMES = {
    "ehe": "王丽娟",
    "meilifeng": "阿依努尔·哈力木",
    "shenhu": "李建军",
    "baishanbu": "张秀英",
    "youyifeng": "叶尔兰·努尔兰",
    "jinhe": "陈晓燕",
    "qieketai": "热依汗·木拉提",
    "xincheng": "孙志强",
}


def _seed_accounts(communities) -> None:
    User = get_user_model()
    password = settings.DEMO_PASSWORD

    def account(username, full_name, group=None, community=None, superuser=False):
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = full_name
        user.is_superuser = user.is_staff = superuser
        user.is_active = True
        user.set_password(password)
        user.save()
        if group:
            user.groups.set([Group.objects.get(name=group)])
        StaffProfile.objects.update_or_create(user=user, defaults={"community": community})

    account("admin", "刘海峰", superuser=True)
    account("official", "赵志明", TOWN_OFFICIAL)
    account("minzheng", "马玉兰", CIVIL_AFFAIRS)
    # A second officer: four eyes (issue 16) — who generated a batch does not lock it.
    account("minzheng2", "古丽娜尔·托合提", CIVIL_AFFAIRS)
    account("zhongxin", "陈晓燕", SERVICE_CENTRE)
    for community in communities:
        name = STAFF_NAMES.get(community.code, f"{community.name}工作人员")
        account(f"staff_{community.code}", name, COMMUNITY_STAFF, community)
