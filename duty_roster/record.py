"""The duty roster's section of a person's and a household's record (communities/record.py).

A duty member is not a registered resident (the roster names people, often from outside the
registry): a resident appears as the member of their community with their phone number, or
with their name when the member has no phone on file.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.record import Section

from .models import Assignment, DutyMember, Patrol

# Shifts shown around today: the last and the next ones.
RECORD_ROWS = 30


def _who(resident) -> Q:
    same = Q(community_id=resident.community_id)
    if resident.phone:
        return same & (Q(phone=resident.phone) | Q(phone="", name=resident.name))
    return same & Q(name=resident.name)


def _section(user, residents) -> list[Section]:
    if not user.has_perm("duty_roster.view_dutymember") or not residents:
        return []
    who = Q(pk__in=[])
    for resident in residents:
        who |= _who(resident)
    members = list(DutyMember.objects.visible_to(user).filter(who).select_related("community"))
    if not members:
        return []
    today = timezone.localdate()
    shifts = Assignment.objects.visible_to(user).filter(member__in=members)
    upcoming = list(
        shifts.filter(date__gte=today)
        .select_related("shift", "member")
        .order_by("date")[:RECORD_ROWS]
    )
    past = list(
        shifts.filter(date__lt=today)
        .select_related("shift", "member")
        .order_by("-date")[:RECORD_ROWS]
    )
    patrols = list(
        Patrol.objects.visible_to(user)
        .filter(members__in=members)
        .distinct()
        .order_by("-date")[:RECORD_ROWS]
    )
    return [
        Section(
            title=_("Duty"),
            template="duty_roster/_record_duty.html",
            data={
                "members": members,
                "upcoming": upcoming,
                "past": past,
                "shift_count": shifts.count(),
                "patrols": patrols,
            },
            order=50,
        )
    ]


def resident_sections(resident, user) -> list[Section]:
    return _section(user, [resident])


def household_sections(household, user) -> list[Section]:
    return _section(
        user, list(household.members.only("name", "phone", "community_id", "household_id"))
    )
