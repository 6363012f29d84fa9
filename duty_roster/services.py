"""Writes of the duty roster: default shifts and rules, generating and publishing a month,
swaps re-checked against the hard rules."""

import datetime

import holidays as public_holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from burqin.audit import acting_as
from burqin.periods import Period

from . import solver
from .models import (
    Assignment,
    Category,
    CoverageRule,
    DutyMember,
    Leave,
    RosterMonth,
    RosterPolicy,
    ShiftTemplate,
    Swap,
)
from .summary import refresh_coverage

DEFAULT_SHIFTS = [
    # code, name, start, hours, {category: minimum}
    ("day", "白班", datetime.time(8), 12, {2: 1, 3: 1, 4: 1, 5: 1}),
    ("night", "夜班", datetime.time(20), 12, {2: 1, 3: 1, 4: 1, 5: 1}),
    ("oncall", "带班", datetime.time(8), 24, {1: 1}),
]


def ensure_defaults(community) -> None:
    """Day and night shifts needing one each of categories 2–5, a 24-hour on-call shift needing
    one town leader, and the default policy — for a community that has none yet."""
    RosterPolicy.objects.get_or_create(community=community)
    if ShiftTemplate.objects.filter(community=community).exists():
        return
    for order, (code, name, start, hours, minimums) in enumerate(DEFAULT_SHIFTS):
        shift = ShiftTemplate.objects.create(
            community=community, code=code, name=name, start=start, hours=hours, order=order
        )
        bulk_create_with_history(
            [CoverageRule(shift=shift, category=c, minimum=n) for c, n in minimums.items()],
            CoverageRule,
        )


def _previous_month_hint(community, period: Period, days: list) -> tuple[frozenset, frozenset]:
    """The previous month's rota laid on this month: each day takes the assignments of the
    day four (or eight) weeks before, so weekdays and the night rhythm line up. Returns the
    (member id, date, shift code) triples and the members that rota had."""
    before = Period.month(period.start - datetime.timedelta(days=1))
    served = set(
        Assignment.objects.filter(
            roster__community=community, roster__month=before.start
        ).values_list("member_id", "date", "shift__code")
    )
    by_date: dict = {}
    for member_id, date, code in served:
        by_date.setdefault(date, []).append((member_id, code))
    hint = set()
    for day in days:
        source = day - datetime.timedelta(days=28)
        if source >= period.start:
            source -= datetime.timedelta(days=28)
        for member_id, code in by_date.get(source, ()):
            hint.add((member_id, day, code))
    return frozenset(hint), frozenset(member_id for member_id, _d, _c in served)


def _served_elsewhere(community, period: Period) -> dict:
    """member id → [(begin, end)] of the shifts the same person (same account) serves in
    another community's rota around this month: a town leader linked to several."""
    members = DutyMember.objects.filter(community=community, active=True, user__isnull=False)
    user_to_members: dict = {}
    for member_id, user_id in members.values_list("pk", "user_id"):
        user_to_members.setdefault(user_id, []).append(member_id)
    if not user_to_members:
        return {}
    elsewhere = (
        Assignment.objects.filter(
            member__user__in=list(user_to_members),
            date__range=(
                period.start - datetime.timedelta(days=2),
                period.last_day + datetime.timedelta(days=1),
            ),
        )
        .exclude(roster__community=community)
        .values_list("member__user_id", "date", "shift__start", "shift__hours")
    )
    busy: dict = {}
    for user_id, day, start, hours in elsewhere:
        begin = datetime.datetime.combine(day, start)
        for member_id in user_to_members[user_id]:
            busy.setdefault(member_id, []).append((begin, begin + datetime.timedelta(hours=hours)))
    return busy


def build_problem(community, month: datetime.date, previous=frozenset()) -> solver.Problem:
    """The solver's input from the database (a handful of queries, whatever the month)."""
    period = Period.month(month)
    days = [
        period.start + datetime.timedelta(days=i) for i in range((period.end - period.start).days)
    ]
    shifts = [
        solver.ShiftSpec(
            code=t.code,
            name=t.name,
            start=t.start,
            hours=t.hours,
            minimums={r.category: r.minimum for r in t.rules.all()},
            night=t.code == "night",
        )
        for t in ShiftTemplate.objects.filter(community=community).prefetch_related("rules")
    ]
    leaves: dict[int, set] = {}
    for leave in Leave.objects.filter(
        member__community=community, end__gte=period.start, start__lt=period.end
    ):
        day = max(leave.start, period.start)
        while day <= min(leave.end, period.last_day):
            leaves.setdefault(leave.member_id, set()).add(day)
            day += datetime.timedelta(days=1)
    members = [
        solver.MemberSpec(
            id=m.pk,
            name=m.name,
            category=m.category,
            unavailable=frozenset(leaves.get(m.pk, ())),
            avoided_weekdays=frozenset(m.avoided),
        )
        for m in DutyMember.objects.filter(community=community, active=True).order_by("pk")
    ]
    policy = RosterPolicy.objects.get(community=community)
    china = public_holidays.China(years=month.year)
    hint, hint_members = _previous_month_hint(community, period, days)
    return solver.Problem(
        days=days,
        shifts=shifts,
        members=members,
        max_nights_per_week=policy.max_nights_per_week,
        min_rest_hours=policy.min_rest_hours,
        holidays=frozenset(d for d in china if d.month == month.month),
        previous=previous,
        category_names={c.value: str(c.label) for c in Category},
        hint=hint,
        hint_members=hint_members,
        busy=_served_elsewhere(community, period),
    )


@transaction.atomic
def roster_generate(
    *, community, month: datetime.date, time_limit: float | None = None, actor=None
):
    """Generate (or regenerate) a draft month; a published month changes only by swaps.

    The search stops after ``time_limit`` seconds (``settings.ROSTER_MAX_SECONDS`` by default)
    with the best rota found; ``roster.solve_report`` says whether it is proven optimal. The
    replaced assignments leave deletion rows and the new ones creation rows in the history,
    naming ``actor`` (the logged-in user when called in a request).
    """
    if time_limit is None:
        time_limit = settings.ROSTER_MAX_SECONDS
    with acting_as(actor):
        ensure_defaults(community)
        roster, _created = RosterMonth.objects.select_for_update().get_or_create(
            community=community, month=month.replace(day=1)
        )
        if roster.status == RosterMonth.Status.PUBLISHED:
            raise ValidationError(_("This month is published; change it by edits and swaps."))
        previous = frozenset(roster.assignments.values_list("member_id", "date", "shift__code"))
        problem = build_problem(community, roster.month, previous)
        solution = solver.solve(problem, time_limit=time_limit)
        shifts = {t.code: t for t in ShiftTemplate.objects.filter(community=community)}
        # A queryset delete sends post_delete for each row: history keeps every removed shift.
        roster.assignments.all().delete()
        bulk_create_with_history(
            [
                Assignment(roster=roster, date=day, shift=shifts[code], member_id=member)
                for day, code, member in solution.assignments
            ],
            Assignment,
        )
        roster.uncovered = solution.uncovered
        roster.generated_at = timezone.now()
        roster.solve_seconds = round(solution.seconds, 3)
        roster.solve_report = solution.report()
        roster.save()
    refresh_coverage([roster])
    return roster, problem, solution


@transaction.atomic
def roster_publish(*, roster: RosterMonth) -> RosterMonth:
    roster.status = RosterMonth.Status.PUBLISHED
    roster.published_at = timezone.now()
    roster.save(update_fields=["status", "published_at"])
    return roster


def hard_rule_violations(
    roster: RosterMonth,
    member: DutyMember,
    day: datetime.date,
    shift: ShiftTemplate,
    ignore: Assignment | None = None,
) -> list[str]:
    """Why ``member`` may not take ``shift`` on ``day`` (empty when they may)."""
    problems = []
    if member.category not in {r.category for r in shift.rules.all()}:
        problems.append(
            _("%(name)s is not of a category this shift needs.") % {"name": member.name}
        )
    if Leave.objects.filter(member=member, start__lte=day, end__gte=day).exists():
        problems.append(_("%(name)s is on leave that day.") % {"name": member.name})
    policy = RosterPolicy.objects.get(community=roster.community)
    begin, end = shift.span(day)
    rest = datetime.timedelta(hours=policy.min_rest_hours)
    nearby = Assignment.objects.filter(
        member=member,
        date__range=(day - datetime.timedelta(days=2), day + datetime.timedelta(days=2)),
    ).select_related("shift")
    if ignore is not None:
        nearby = nearby.exclude(pk=ignore.pk)
    for other in nearby:
        other_begin, other_end = other.shift.span(other.date)
        gap = other_begin - end if other_begin >= begin else begin - other_end
        if gap < rest:
            problems.append(
                _(
                    "%(name)s already serves %(shift)s on %(date)s: less than %(hours)d hours "
                    "of rest."
                )
                % {
                    "name": member.name,
                    "shift": other.shift.name,
                    "date": other.date,
                    "hours": policy.min_rest_hours,
                }
            )
    if shift.code == "night":
        week = Assignment.objects.filter(
            member=member,
            shift__code="night",
            date__range=(day - datetime.timedelta(days=6), day + datetime.timedelta(days=6)),
        ).values_list("date", flat=True)
        for first in range(-6, 1):
            start = day + datetime.timedelta(days=first)
            nights = sum(1 for d in week if start <= d < start + datetime.timedelta(days=7))
            if nights + 1 > policy.max_nights_per_week:
                problems.append(
                    _("%(name)s would serve more than %(count)d nights in seven days.")
                    % {"name": member.name, "count": policy.max_nights_per_week}
                )
                break
    return problems


@transaction.atomic
def swap_request(*, assignment: Assignment, to_member: DutyMember, reason: str = "") -> Swap:
    if to_member.community_id != assignment.member.community_id:
        raise ValidationError(_("Swaps stay within the community."))
    if to_member.category != assignment.member.category:
        raise ValidationError(_("Swap with someone of the same category, so coverage holds."))
    return Swap.objects.create(assignment=assignment, to_member=to_member, reason=reason)


@transaction.atomic
def swap_accept(*, swap: Swap) -> Swap:
    if swap.status != Swap.Status.REQUESTED:
        raise ValidationError(_("This swap is no longer waiting for an answer."))
    swap.status = Swap.Status.ACCEPTED
    swap.save(update_fields=["status"])
    return swap


def swap_approve(*, swap: Swap) -> Swap:
    """The community head approves: the hard rules are checked again for the new member.

    A swap that breaks one is refused (and stays refused, with the reason) and the error says
    why; an approved swap moves the shift, so the slot stays covered.
    """
    if swap.status != Swap.Status.ACCEPTED:
        raise ValidationError(_("The colleague has not accepted this swap yet."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=swap.assignment_id)
        problems = hard_rule_violations(
            assignment.roster,
            swap.to_member,
            assignment.date,
            assignment.shift,
            ignore=assignment,
        )
        if problems:
            swap.status = Swap.Status.REFUSED
            swap.decided_note = " ".join(problems)[:200]
            swap.save(update_fields=["status", "decided_note"])
        else:
            assignment.member = swap.to_member
            assignment.save(update_fields=["member"])
            swap.status = Swap.Status.APPROVED
            swap.save(update_fields=["status"])
    if problems:
        raise ValidationError(problems)
    return swap


def assignment_edit(*, assignment: Assignment, member: DutyMember) -> Assignment:
    """The community head puts someone else on a shift; the hard rules are checked again."""
    if member.community_id != assignment.roster.community_id:
        raise ValidationError(_("Swaps stay within the community."))
    if member.category != assignment.member.category:
        raise ValidationError(_("Swap with someone of the same category, so coverage holds."))
    problems = hard_rule_violations(
        assignment.roster, member, assignment.date, assignment.shift, ignore=assignment
    )
    if problems:
        raise ValidationError(problems)
    assignment.member = member
    assignment.save(update_fields=["member"])
    return assignment
