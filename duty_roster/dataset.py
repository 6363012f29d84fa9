"""The duty roster's part of ``generate_dataset`` (devtools): 20 duty members per community, a
published roster for this month and the duty logs of its past days."""

import datetime

from django.db import transaction
from django.utils import timezone

from burqin.periods import month_start

from .models import Assignment, DutyLog, DutyMember, RosterMonth
from .services import ensure_defaults
from .summary import refresh_coverage

BATCH = 5000


def generate(*, rng, communities, residents, years) -> str:
    return f"duty: {_duty(communities)} duty logs"


@transaction.atomic
def _duty(communities):
    today = datetime.date.today()
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
        roster = RosterMonth.objects.create(community=community, month=month, status="published")
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
    return len(logs)
