"""Demo data of the community services: a year of service records, a volunteer team with its
activities, 1+1 pairings with visits, an interest class with sessions and a funded project in
each demo community. Run by ``seed_demo`` after the registry's demo (``communities.demo``), whose
communities, residents and accounts it builds on.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from communities.models import Community, Household, Resident

from .activities import demo as activities_demo
from .models import (
    ActivityParticipation,
    ClassSession,
    Funding,
    InterestClass,
    Pairing,
    PairingVisit,
    Project,
    ServiceCategory,
    ServiceRecord,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)


@transaction.atomic
def seed(stdout=None) -> None:
    """A year of community services for each community (idempotent: skipped once present)."""
    activities_demo.seed(stdout)  # events and cadre training: idempotent on their own
    if ServiceRecord.objects.exists():
        return
    rng = random.Random(20260103)
    today = datetime.date.today()
    categories = list(ServiceCategory.objects.all())
    User = get_user_model()
    centre_staff = User.objects.filter(username="zhongxin").first()
    records, visits, participations = [], [], []
    for community in Community.objects.all():
        staff = User.objects.filter(staff_profile__community=community).first()
        residents = list(Resident.objects.filter(community=community).current()[:120])
        for day in range(365):
            date = today - datetime.timedelta(days=day)
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                charge = rng.choices(["free", "low_fee", "paid"], weights=[65, 30, 5])[0]
                records.append(
                    ServiceRecord(
                        community=community,
                        date=date,
                        category=rng.choice(categories),
                        charge=charge,
                        fee=0 if charge == "free" else rng.choice([5, 10, 20, 50]),
                        resident=rng.choice(residents) if rng.random() < 0.7 else None,
                        staff=staff,
                        note="",
                    )
                )
            if residents and rng.random() < 0.15:  # the town's service centre serves them too
                charge = rng.choices(["free", "low_fee"], weights=[70, 30])[0]
                records.append(
                    ServiceRecord(
                        community=community,
                        date=date,
                        category=rng.choice(categories),
                        charge=charge,
                        provider=ServiceRecord.Provider.TOWN_CENTRE,
                        fee=0 if charge == "free" else rng.choice([5, 10]),
                        resident=rng.choice(residents),
                        staff=centre_staff,
                        note="",
                    )
                )
        team = VolunteerTeam.objects.create(
            community=community, name=f"{community.name}红马甲志愿服务队", leader="李红"
        )
        volunteers = [
            Volunteer.objects.create(
                team=team,
                resident=r,
                name=r.name,
                post=rng.choice(["环境卫生岗", "治安巡逻岗", "关爱帮扶岗"]),
                duty="按月排班，负责所在楼栋",
            )
            for r in residents[:8]
        ]
        for month in range(12):
            activity = VolunteerActivity.objects.create(
                team=team,
                date=today - datetime.timedelta(days=30 * month + 3),
                title=rng.choice(["清扫楼道", "关爱独居老人", "垃圾分类宣传", "义务理发"]),
                place=community.office_address,
            )
            for volunteer in rng.sample(volunteers, 4):
                participations.append(
                    ActivityParticipation(
                        activity=activity, volunteer=volunteer, hours=rng.choice([1, 2, 2.5, 3])
                    )
                )
        for household in Household.objects.filter(community=community)[:6]:
            pairing = Pairing.objects.create(
                community=community,
                cadre_name=rng.choice(["张建国", "叶尔兰", "刘敏", "马丽"]),
                household=household,
                started_on=today - datetime.timedelta(days=400),
            )
            for month in range(rng.randint(2, 11)):
                visits.append(
                    PairingVisit(
                        pairing=pairing,
                        date=today - datetime.timedelta(days=30 * month + 10),
                        done="入户走访，了解生活情况",
                        needs="冬季取暖",
                        help_given="送米面油",
                    )
                )
        interest_class = InterestClass.objects.create(
            community=community,
            name=rng.choice(
                [
                    "冬不拉弹唱班",
                    "小小主持人班",
                    "朝霞街舞班",
                    "夕阳红红歌队",
                    "青春舞蹈队",
                    "金嗓子音乐班",
                ]
            ),
            organiser="社区文化站",
        )
        interest_class.members.set(residents[:15])
        for week in range(0, 52, 2):
            session = ClassSession.objects.create(
                interest_class=interest_class,
                date=today - datetime.timedelta(weeks=week),
                topic="排练",
            )
            session.attendees.set(rng.sample(residents[:15], 10))
        compounds = list(community.compounds.all())
        if compounds:
            project = Project.objects.create(
                community=community,
                title=f"{compounds[0].name}排水改造",
                kind=Project.Kind.DRAINAGE,
                lead_agency="县住建部门",
                status=Project.Status.COMPLETED,
                started_on=today - datetime.timedelta(days=200),
                completed_on=today - datetime.timedelta(days=60),
                budget=300000,
            )
            project.compounds.set(compounds[:1])
            for source, donor, amount in [
                ("county", "", 150000),
                ("town", "", 80000),
                ("community", "", 40000),
                ("society", "津河商会", 30000),
            ]:
                Funding.objects.create(
                    project=project,
                    source=source,
                    donor=donor,
                    allocated=amount,
                    received=amount,
                    date=today - datetime.timedelta(days=180),
                )
    bulk_create_with_history(records, ServiceRecord, batch_size=1000)
    bulk_create_with_history(visits, PairingVisit)
    bulk_create_with_history(participations, ActivityParticipation)
    if stdout:
        stdout.write(f"services: {len(records)} service records, {len(visits)} visits")
