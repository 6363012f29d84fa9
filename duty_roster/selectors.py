"""Reads of the duty roster shared by pages."""

import datetime

from django.db.models import Q

from .models import ShiftTemplate


def on_duty_at(assignments, moment: datetime.datetime):
    """The ``assignments`` whose shift spans ``moment`` (naive, the town's clock): a shift of
    ``hours`` from ``start`` on its date, running into the next day when it is long or late.

    Filtered in the database by each kind of shift the communities use (a start and a length: a
    few, however many communities), so a prefecture's page reads who is on duty, not two days
    of every community's rota checked in Python."""
    wanted = Q()
    kinds = ShiftTemplate.objects.order_by().values_list("start", "hours").distinct()
    for start, hours in kinds:
        for day in (moment.date() - datetime.timedelta(days=1), moment.date()):
            begin = datetime.datetime.combine(day, start)
            if begin <= moment < begin + datetime.timedelta(hours=hours):
                wanted |= Q(date=day, shift__start=start, shift__hours=hours)
    return assignments.filter(wanted) if wanted else assignments.none()
