"""Demo duty members for every community and this month's published rota (idempotent)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from communities.models import Community

from .models import DutyLog, DutyMember, Incident, Leave, Patrol, RosterMonth
from .services import roster_generate, roster_publish

# category → how many members a community has
SIZES = {1: 3, 2: 4, 3: 6, 4: 4, 5: 6}
SURNAMES = "王李张刘陈杨马叶阿巴"
GIVEN = ["建国", "红梅", "尔兰", "古丽", "海燕", "志强", "丽娜", "别克", "明", "军"]
DEMO_SOLVER_SECONDS = 5.0  # a small rota: well within a second idle; room for a busy machine


@transaction.atomic
def seed(stdout=None) -> None:
    if DutyMember.objects.exists():
        return
    rng = random.Random(20260105)
    today = datetime.date.today()
    for community in Community.objects.all():
        members = []
        for category, count in SIZES.items():
            for _ in range(count):
                members.append(
                    DutyMember.objects.create(
                        community=community,
                        category=category,
                        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                        phone=f"139{rng.randint(10000000, 99999999)}",
                    )
                )
        away = rng.choice([m for m in members if m.category == 3])
        Leave.objects.create(
            member=away, start=today.replace(day=10), end=today.replace(day=14), reason="病假"
        )
        # A small rota: solved well within a second on an idle machine; the limit leaves room
        # for a busy one (seed_demo runs beside test suites and CI's services).
        roster, _problem, _solution = roster_generate(
            community=community, month=today.replace(day=1), time_limit=DEMO_SOLVER_SECONDS
        )
        roster_publish(roster=roster)
        shift = roster.assignments.first().shift
        writer = get_user_model().objects.filter(staff_profile__community=community).first()
        for day in range(1, min(today.day, 20), 3):
            date = today.replace(day=day)
            log = DutyLog.objects.create(
                community=community,
                date=date,
                shift=shift,
                handover_at=datetime.datetime.combine(date, datetime.time(8)).astimezone(),
                events="辖区平稳，无异常",
                written_by=writer,
            )
            if rng.random() < 0.3:
                Incident.objects.create(
                    log=log,
                    kind=rng.choice(["dispute", "help", "safety"]),
                    description="邻里因停车发生口角",
                    outcome=rng.choice(["handled", "escalated"]),
                    escalated_to="派出所",
                )
            patrol = Patrol.objects.create(
                community=community,
                date=date,
                start=datetime.time(21),
                end=datetime.time(22),
                area="辖区主要街道",
                findings="无",
            )
            patrol.members.set(rng.sample(members, 3))
    if stdout:
        stdout.write(f"duty roster: {RosterMonth.objects.count()} published rotas")
