"""Writes of the duty roster: default shifts and rules, generating and publishing a month,
swaps re-checked against the hard rules, duty members, duty logs with their incidents, and
patrols. Every history row names the acting user (``actor``/``user``)."""

import datetime
from collections.abc import Iterator

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
    DutyLog,
    DutyMember,
    Incident,
    Leave,
    Patrol,
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
def roster_publish(*, roster: RosterMonth, actor=None) -> RosterMonth:
    """Publish a draft month (the page asks for confirmation first); history names ``actor``."""
    roster = RosterMonth.objects.select_for_update().get(pk=roster.pk)
    if roster.status != RosterMonth.Status.DRAFT:
        raise ValidationError(_("This month is already published."))
    with acting_as(actor):
        roster.status = RosterMonth.Status.PUBLISHED
        roster.published_at = timezone.now()
        roster.save(update_fields=["status", "published_at"])
    return roster


@transaction.atomic
def roster_withdraw(
    *, roster: RosterMonth, reason: str, actor=None, today: datetime.date | None = None
) -> RosterMonth:
    """Take a published month back to draft, with the reason, before the month starts.

    Once its first day has come people are serving by it: it then changes only by swaps and
    edits. Swaps still waiting are refused with the reason; the history keeps who withdrew it,
    when and why.
    """
    today = today or timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the rota is withdrawn."))
    roster = RosterMonth.objects.select_for_update().get(pk=roster.pk)
    if roster.status != RosterMonth.Status.PUBLISHED:
        raise ValidationError(_("Only a published rota can be withdrawn."))
    if today >= roster.month:
        raise ValidationError(
            _(
                "The month has started on %(date)s: people are serving by this rota; change it "
                "by swaps and edits instead."
            )
            % {"date": roster.month}
        )
    with acting_as(actor):
        for swap in Swap.objects.filter(
            assignment__roster=roster, status__in=[Swap.Status.REQUESTED, Swap.Status.ACCEPTED]
        ):
            swap.status = Swap.Status.REFUSED
            swap.decided_note = (_("The rota was withdrawn: %(reason)s") % {"reason": reason})[:200]
            swap.decided_by = actor
            swap.save(update_fields=["status", "decided_note", "decided_by"])
        roster.status = RosterMonth.Status.DRAFT
        roster.published_at = None
        roster.withdrawn_reason = reason[:200]
        roster.withdrawn_at = timezone.now()
        roster._change_reason = reason[:100]
        roster.save(update_fields=["status", "published_at", "withdrawn_reason", "withdrawn_at"])
    return roster


def rule_violations(
    member: DutyMember, day: datetime.date, shift: ShiftTemplate, **known
) -> list[str]:
    """Every reason of ``violations`` (empty when ``member`` may take ``shift`` on ``day``)."""
    return list(violations(member, day, shift, **known))


def violations(
    member: DutyMember,
    day: datetime.date,
    shift: ShiftTemplate,
    *,
    categories: set[int],
    on_leave: bool,
    served: list[tuple[datetime.date, ShiftTemplate]],
    policy: RosterPolicy,
    name: str | None = None,
) -> Iterator[str]:
    """Why ``member`` may not take ``shift`` on ``day``, reason by reason, from what is already
    known: the shift's categories, whether they are on leave, the shifts they serve around that
    day (±6 days) and the community's policy. The one statement of the hard rules: a swap's
    candidates (``swap_candidates``, which stop at the first reason) and the checks of a
    request, an approval and an edit (``rule_violations``, every reason) all use it. ``name``:
    the member's label when the caller has it (a month's candidates check each member hundreds
    of times)."""
    name = member.label if name is None else name
    if member.category not in categories:
        yield _("%(name)s is not of a category this shift needs.") % {"name": name}
    if on_leave:
        yield _("%(name)s is on leave that day.") % {"name": name}
    if any(other_day == day for other_day, _other in served):
        yield _("%(name)s is already on shift that day.") % {"name": name}
    begin, end = shift.span(day)
    rest = datetime.timedelta(hours=policy.min_rest_hours)
    for other_day, other in served:
        if abs((other_day - day).days) > 2:
            continue
        other_begin, other_end = other.span(other_day)
        gap = other_begin - end if other_begin >= begin else begin - other_end
        if gap < rest:
            yield (
                _(
                    "%(name)s already serves %(shift)s on %(date)s: less than %(hours)d hours "
                    "of rest."
                )
                % {
                    "name": name,
                    "shift": other.name,
                    "date": other_day,
                    "hours": policy.min_rest_hours,
                }
            )
    if shift.code == "night":
        nights = [d for d, other in served if other.code == "night"]
        for first in range(-6, 1):
            start = day + datetime.timedelta(days=first)
            count = sum(1 for d in nights if start <= d < start + datetime.timedelta(days=7))
            if count + 1 > policy.max_nights_per_week:
                yield (
                    _("%(name)s would serve more than %(count)d nights in seven days.")
                    % {"name": name, "count": policy.max_nights_per_week}
                )
                break


def hard_rule_violations(
    roster: RosterMonth,
    member: DutyMember,
    day: datetime.date,
    shift: ShiftTemplate,
    ignore: Assignment | None = None,
) -> list[str]:
    """Why ``member`` may not take ``shift`` on ``day`` (empty when they may)."""
    served = Assignment.objects.filter(
        member=member,
        date__range=(day - datetime.timedelta(days=6), day + datetime.timedelta(days=6)),
    ).select_related("shift")
    if ignore is not None:
        served = served.exclude(pk=ignore.pk)
    return rule_violations(
        member,
        day,
        shift,
        categories={r.category for r in shift.rules.all()},
        on_leave=Leave.objects.filter(member=member, start__lte=day, end__gte=day).exists(),
        served=[(a.date, a.shift) for a in served],
        policy=RosterPolicy.objects.get(community=roster.community),
    )


def swap_candidates(roster: RosterMonth, assignments, members) -> dict[int, list[DutyMember]]:
    """For each assignment of the month, the colleagues who may take it over: of its member's
    category, not on leave that day, not on shift that day, rested as the policy wants and
    within the nights a week — the hard rules of ``rule_violations``, on data read once (four
    queries whatever the size of the month)."""
    # The default policy when the community has none saved yet: a page read writes nothing.
    policy = RosterPolicy.objects.filter(community=roster.community).first() or RosterPolicy(
        community=roster.community
    )
    period = Period.month(roster.month)
    around = (period.start - datetime.timedelta(days=6), period.last_day + datetime.timedelta(6))
    served: dict[int, list] = {}
    for a in Assignment.objects.filter(
        member__in=[m.pk for m in members], date__range=around
    ).select_related("shift"):
        served.setdefault(a.member_id, []).append((a.date, a.shift))
    leaves: dict[int, list] = {}
    for leave in Leave.objects.filter(
        member__in=[m.pk for m in members], end__gte=around[0], start__lte=around[1]
    ):
        leaves.setdefault(leave.member_id, []).append((leave.start, leave.end))
    rules: dict[int, set] = {}
    for rule in CoverageRule.objects.filter(shift__community=roster.community):
        rules.setdefault(rule.shift_id, set()).add(rule.category)
    labels = {m.pk: m.label for m in members}
    candidates = {}
    for assignment in assignments:
        day, shift = assignment.date, assignment.shift
        candidates[assignment.pk] = [
            m
            for m in members
            if m.pk != assignment.member_id
            and m.category == assignment.member.category
            and next(
                violations(
                    m,
                    day,
                    shift,
                    categories=rules.get(shift.pk, set()),
                    on_leave=any(start <= day <= end for start, end in leaves.get(m.pk, ())),
                    served=served.get(m.pk, []),
                    policy=policy,
                    name=labels[m.pk],
                ),
                None,
            )
            is None
        ]
    return candidates


@transaction.atomic
def swap_request(*, assignment: Assignment, to_member: DutyMember, actor, reason: str = "") -> Swap:
    """Ask a colleague to take a shift of a published month: a colleague of the same category
    who is free and rested for it (the hard rules, checked now and again at approval)."""
    if assignment.roster.status != RosterMonth.Status.PUBLISHED:
        raise ValidationError(_("Swaps are for published months."))
    if to_member.community_id != assignment.member.community_id:
        raise ValidationError(_("Swaps stay within the community."))
    if to_member.category != assignment.member.category:
        raise ValidationError(_("Swap with someone of the same category, so coverage holds."))
    if to_member.pk == assignment.member_id:
        raise ValidationError(_("Choose a colleague other than the member on this shift."))
    problems = hard_rule_violations(
        assignment.roster, to_member, assignment.date, assignment.shift, ignore=assignment
    )
    if problems:
        raise ValidationError(problems)
    return Swap.objects.create(
        assignment=assignment, to_member=to_member, reason=reason, requested_by=actor
    )


@transaction.atomic
def swap_accept(*, swap: Swap, actor) -> Swap:
    """The colleague accepts, signed in with their own account: nobody accepts for them, and
    the one who asked does not accept their own request."""
    if swap.status != Swap.Status.REQUESTED:
        raise ValidationError(_("This swap is no longer waiting for an answer."))
    if swap.to_member.user_id is None:
        raise ValidationError(
            _(
                "%(name)s has no account: a swap is accepted by the colleague, signed in with "
                "their own account; ask an administrator to link one to the duty member."
            )
            % {"name": swap.to_member.label}
        )
    if actor.pk != swap.to_member.user_id:
        raise ValidationError(
            _("Only %(name)s, signed in with their own account, can accept this swap.")
            % {"name": swap.to_member.label}
        )
    if actor.pk == swap.requested_by_id:
        raise ValidationError(_("The one who asked for a swap cannot accept it too."))
    swap.status = Swap.Status.ACCEPTED
    swap.accepted_by = actor
    swap.save(update_fields=["status", "accepted_by"])
    return swap


def swap_approve(*, swap: Swap, actor) -> Swap:
    """The community head approves: a third person, neither the one who asked nor the one who
    accepted. The hard rules are checked again for the new member.

    A swap that breaks one is refused (and stays refused, with the reason) and the error says
    why; an approved swap moves the shift, so the slot stays covered.
    """
    if swap.status != Swap.Status.ACCEPTED:
        raise ValidationError(_("The colleague has not accepted this swap yet."))
    if actor.pk == swap.requested_by_id:
        raise ValidationError(_("The one who asked for a swap cannot approve it."))
    if actor.pk == swap.accepted_by_id:
        raise ValidationError(_("The colleague who accepted a swap cannot approve it."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=swap.assignment_id)
        problems = hard_rule_violations(
            assignment.roster,
            swap.to_member,
            assignment.date,
            assignment.shift,
            ignore=assignment,
        )
        swap.decided_by = actor
        if problems:
            swap.status = Swap.Status.REFUSED
            swap.decided_note = " ".join(problems)[:200]
            swap.save(update_fields=["status", "decided_note", "decided_by"])
        else:
            assignment.member = swap.to_member
            assignment.save(update_fields=["member"])
            swap.status = Swap.Status.APPROVED
            swap.save(update_fields=["status", "decided_by"])
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


@transaction.atomic
def duty_member_create(
    *, user, community, name: str, category: int, phone: str = "", avoid_weekdays: str = ""
) -> DutyMember:
    """Add a member to ``community``'s duty pool; the history row names ``user``."""
    with acting_as(user):
        return DutyMember.objects.create(
            community=community,
            name=name,
            category=category,
            phone=phone,
            avoid_weekdays=avoid_weekdays,
        )


@transaction.atomic
def duty_log_create(
    *,
    user,
    community,
    date: datetime.date,
    shift: ShiftTemplate,
    handover_at: datetime.datetime,
    events: str = "",
) -> DutyLog:
    """The log of a shift in ``community``, written by ``user`` (named in its history)."""
    with acting_as(user):
        return DutyLog.objects.create(
            community=community,
            date=date,
            shift=shift,
            handover_at=handover_at,
            events=events,
            written_by=user,
        )


@transaction.atomic
def incident_create(
    *, user, log: DutyLog, kind: str, description: str, outcome: str, escalated_to: str = ""
) -> Incident:
    """An incident of a duty log: what happened and how it ended; the history names ``user``."""
    with acting_as(user):
        return Incident.objects.create(
            log=log, kind=kind, description=description, outcome=outcome, escalated_to=escalated_to
        )


@transaction.atomic
def patrol_create(
    *,
    user,
    community,
    date: datetime.date,
    start: datetime.time,
    end: datetime.time,
    area: str,
    members,
    findings: str = "",
) -> Patrol:
    """A patrol of ``community`` and the duty members on it; the patrol's history (its members
    included) names ``user``."""
    with acting_as(user):
        patrol = Patrol.objects.create(
            community=community, date=date, start=start, end=end, area=area, findings=findings
        )
        patrol.members.set(members)
    return patrol
