"""Demo events and cadre training: the town's cultural festival and sports meet of the year with
a team from every community, a performance in each community, the yearly cadre class and a
pre-service class with their attendance. Idempotent: skipped once events exist."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from burqin.audit import acting_as
from communities.models import Community

from .models import CadreAttendance, CadreTraining, Event, EventTeam

TEAMS = ["黑走马舞蹈队", "阿肯弹唱队", "秧歌队", "篮球队", "拔河队", "合唱团"]
CADRES = ["马丽", "努尔兰", "王建军", "阿依古丽", "张秀英", "巴合提", "李红梅", "古丽扎尔"]
POSTS = ["社区书记", "社区主任", "社区委员", "网格员", "民政协理员"]


@transaction.atomic
def seed(stdout=None) -> None:
    if Event.objects.exists():
        return
    rng = random.Random(20260117)
    today = datetime.date.today()
    communities = list(Community.objects.order_by("order", "pk"))
    admin = get_user_model().objects.filter(is_superuser=True).first()
    with acting_as(admin):
        festival = Event.objects.create(
            kind=Event.Kind.FESTIVAL,
            title="布尔津镇第三届社区文化艺术节",
            date=today - datetime.timedelta(days=75),
            end_date=today - datetime.timedelta(days=73),
            place="布尔津镇文化广场",
            participants=1260,
            audience=5800,
        )
        sports = Event.objects.create(
            kind=Event.Kind.SPORTS,
            title="布尔津镇社区职工运动会",
            date=today - datetime.timedelta(days=40),
            place="县体育馆",
            participants=860,
            audience=2100,
        )
        for community in communities:
            for event, names in ((festival, TEAMS[:3]), (sports, TEAMS[3:5])):
                name = rng.choice(names)
                EventTeam.objects.create(
                    event=event,
                    community=community,
                    name=f"{community.name}{name}",
                    members=rng.randint(8, 30),
                    leader=rng.choice(CADRES),
                )
            Event.objects.create(
                kind=Event.Kind.PERFORMANCE,
                title=f"{community.name}“邻里守望”文艺演出",
                date=today - datetime.timedelta(days=rng.randint(5, 300)),
                place=f"{community.name}活动室",
                community=community,
                participants=rng.randint(30, 80),
                audience=rng.randint(150, 500),
            )
        annual = CadreTraining.objects.create(
            kind=CadreTraining.Kind.ANNUAL,
            title="布尔津镇社区干部培训班",
            start_date=today - datetime.timedelta(days=120),
            end_date=today - datetime.timedelta(days=118),
            hours=24,
            teacher="县委党校 刘老师",
            organiser="布尔津镇党委组织办",
            place="镇政府三楼会议室",
        )
        pre_service = CadreTraining.objects.create(
            kind=CadreTraining.Kind.PRE_SERVICE,
            title="新任社区工作者岗前培训",
            start_date=today - datetime.timedelta(days=30),
            end_date=today - datetime.timedelta(days=29),
            hours=12,
            teacher="镇民政办 王芳",
            organiser="布尔津镇党委组织办",
            place="镇政府三楼会议室",
        )
        for community in communities:
            staff = get_user_model().objects.filter(staff_profile__community=community).first()
            taken = set()
            if staff is not None:
                taken.add(staff.get_full_name() or staff.get_username())
                CadreAttendance.objects.create(
                    training=annual,
                    community=community,
                    user=staff,
                    name=next(iter(taken)),
                    post="社区工作人员",
                )
            # Named cadres besides the staff member (a name is on a class's list once).
            for name in rng.sample([c for c in CADRES if c not in taken], 4):
                CadreAttendance.objects.create(
                    training=annual,
                    community=community,
                    name=name,
                    post=rng.choice(POSTS),
                    attended=rng.random() > 0.1,
                )
            CadreAttendance.objects.create(
                training=pre_service,
                community=community,
                name=f"{rng.choice(CADRES)}（新任）",
                post="网格员",
            )
    if stdout is not None:
        stdout.write("Events and cadre training: demo data in place.")
