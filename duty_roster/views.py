import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.lists import export_response, form_errors_to_messages, paginate, wants_export
from communities.models import Community
from communities.selectors import community_for_new_records

from . import forms, services
from .models import Assignment, DutyLog, DutyMember, Patrol, RosterMonth, ShiftTemplate, Swap
from .selectors import on_duty_at

# "On duty now" for a town-wide user: three cards a row, ten rows a page.
COMMUNITIES_ON_DUTY_PER_PAGE = 30


@require_GET
@login_required
@permission_required("duty_roster.view_rostermonth", raise_exception=True)
def rostermonth_list(request):
    rosters = RosterMonth.objects.for_request(request).select_related("community")
    form = forms.GenerateForm(
        communities=Community.objects.visible_to(request.user),
        initial={"month": f"{timezone.localdate():%Y-%m}"},
    )
    return render(
        request,
        "duty_roster/rostermonth_list.html",
        {"page": paginate(request, rosters), "form": form},
    )


@require_POST
@login_required
@permission_required("duty_roster.add_rostermonth", raise_exception=True)
def rostermonth_generate(request):
    form = forms.GenerateForm(request.POST, communities=Community.objects.visible_to(request.user))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("duty_roster:rostermonth_list")
    try:
        roster, _problem, solution = services.roster_generate(
            community=form.cleaned_data["community"],
            month=form.cleaned_data["month"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("duty_roster:rostermonth_list")
    if not solution.optimal:
        messages.info(
            request,
            _(
                "The search stopped at its time limit of %(seconds)s seconds: this is the best "
                "rota found, not proven the fairest."
            )
            % {"seconds": f"{solution.time_limit:g}"},
        )
    if solution.uncovered:
        messages.warning(
            request,
            _("%(count)d places could not be filled; see the reasons.")
            % {"count": len(solution.uncovered)},
        )
    else:
        messages.success(request, _("Every shift is covered."))
    return redirect(roster)


@require_GET
@login_required
@permission_required("duty_roster.view_rostermonth", raise_exception=True)
def rostermonth_detail(request, pk):
    roster = RosterMonth.objects.select_related("community").get_for_user(request.user, pk=pk)
    shifts = list(ShiftTemplate.objects.visible_to(request.user).filter(community=roster.community))
    cells = defaultdict(list)
    assignments = list(
        roster.assignments.select_related("member", "shift").order_by(
            "member__category", "member__name"
        )
    )
    for a in assignments:
        cells[(a.date, a.shift_id)].append(a)
    days = [
        roster.month + datetime.timedelta(days=i)
        for i in range(31)
        if (roster.month + datetime.timedelta(days=i)).month == roster.month.month
    ]
    grid = [{"day": day, "cells": [cells.get((day, s.pk), []) for s in shifts]} for day in days]
    if wants_export(request):
        rows = (
            [day["day"], *["、".join(a.member.label for a in cell) for cell in day["cells"]]]
            for day in grid
        )
        return export_response(
            f"{roster.community.name}{roster.month:%Y-%m}",
            [_("Date"), *[s.name for s in shifts]],
            rows,
        )
    members = list(
        DutyMember.objects.visible_to(request.user).filter(community=roster.community, active=True)
    )
    # A cell offers only the colleagues free and rested for its shift (services.swap_candidates:
    # the hard rules on data read once, not once per cell).
    can_swap = roster.status == RosterMonth.Status.PUBLISHED and request.user.has_perm(
        "duty_roster.add_swap"
    )
    if can_swap:
        candidates = services.swap_candidates(roster, assignments, members)
        labels = {m.pk: m.label for m in members}  # told once each, offered in many cells
        for cell in cells.values():
            for assignment in cell:
                assignment.alternatives = format_html_join(
                    "",
                    '<option value="{}">{}</option>',
                    ((m.pk, labels[m.pk]) for m in candidates[assignment.pk]),
                )
    swaps = (
        Swap.objects.visible_to(request.user)
        .filter(assignment__roster=roster)
        .select_related(
            "assignment__member",
            "assignment__shift",
            "to_member",
            "requested_by",
            "accepted_by",
            "decided_by",
        )
    )
    return render(
        request,
        "duty_roster/rostermonth_detail.html",
        {
            "roster": roster,
            "shifts": shifts,
            "grid": grid,
            "swaps": swaps,
            "can_swap": can_swap,
            "can_replace": request.user.has_perm("duty_roster.change_assignment"),
            "can_withdraw": roster.status == RosterMonth.Status.PUBLISHED
            and timezone.localdate() < roster.month,
            "today": timezone.localdate(),
            "history": roster.history.select_related("history_user")[:10],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duty_roster.change_rostermonth", raise_exception=True)
def rostermonth_publish(request, pk):
    """Publishing asks first: the page shows what is published (coverage, unfilled places)."""
    roster = RosterMonth.objects.select_related("community").get_for_user(request.user, pk=pk)
    form = forms.PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_publish(roster=roster, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Published: the month now changes only by swaps."))
        return redirect(roster)
    return render(request, "duty_roster/rostermonth_publish.html", {"roster": roster, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duty_roster.change_rostermonth", raise_exception=True)
def rostermonth_withdraw(request, pk):
    """Take a published month back, with the reason, before it starts."""
    roster = RosterMonth.objects.select_related("community").get_for_user(request.user, pk=pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_withdraw(
                roster=roster, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The rota is withdrawn and back to draft."))
        return redirect(roster)
    return render(
        request, "duty_roster/rostermonth_withdraw.html", {"roster": roster, "form": form}
    )


@require_POST
@login_required
@permission_required("duty_roster.add_swap", raise_exception=True)
def rostermonth_swap_request(request, pk):
    roster = RosterMonth.objects.get_for_user(request.user, pk=pk)
    assignment = (
        Assignment.objects.visible_to(request.user)
        .filter(roster=roster, pk=request.POST.get("assignment"))
        .select_related("roster__community", "member", "shift")
    )
    to_member = (
        DutyMember.objects.visible_to(request.user)
        .filter(community=roster.community, pk=request.POST.get("to_member"))
        .first()
    )
    if not assignment.exists() or to_member is None:
        messages.error(request, _("Choose a shift of this month and a colleague."))
        return redirect(roster)
    try:
        services.swap_request(
            assignment=assignment.get(),
            to_member=to_member,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Swap requested; the colleague accepts it next."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(roster)


@require_POST
@login_required
@permission_required("duty_roster.change_swap", raise_exception=True)
def swap_decide(request, pk):
    """The colleague accepts with their own account; a third person, the community head,
    approves (re-checking the hard rules)."""
    swap = Swap.objects.select_related("assignment__roster", "to_member").get_for_user(
        request.user, pk=pk
    )
    try:
        if request.POST.get("step") == "accept":
            services.swap_accept(swap=swap, actor=request.user)
        else:
            services.swap_approve(swap=swap, actor=request.user)
        messages.success(request, _("Done."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(swap.assignment.roster)


@require_GET
@login_required
@permission_required("duty_roster.view_assignment", raise_exception=True)
def duty_now(request):
    """Who is on duty right now, a page of the communities the user may see at a time (in
    their order, those with someone on duty): a prefecture's 320 communities are not one page."""
    now = timezone.localtime()
    current = on_duty_at(Assignment.objects.for_request(request), now.replace(tzinfo=None))
    communities = Community.objects.visible_to(request.user).filter(
        pk__in=current.values("roster__community")
    )
    page = paginate(request, communities, COMMUNITIES_ON_DUTY_PER_PAGE)
    by_community = {community: [] for community in page}
    named = {community.pk: community for community in page}
    for a in (
        current.filter(roster__community__in=list(named))
        .annotate(community_id=F("roster__community"))
        .select_related("member", "shift")
    ):
        by_community[named[a.community_id]].append(a)
    return render(
        request,
        "duty_roster/duty_now.html",
        {"now": now, "by_community": by_community, "page": page},
    )


@require_GET
@login_required
def my_shifts(request):
    assignments = (
        Assignment.objects.visible_to(request.user)
        .filter(member__user=request.user, date__gte=timezone.localdate())
        .select_related("shift", "roster__community")[:60]
    )
    return render(request, "duty_roster/my_shifts.html", {"assignments": assignments})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duty_roster.view_dutylog", raise_exception=True)
def dutylog_list(request):
    community = community_for_new_records(request)
    form = forms.DutyLogForm(
        request.POST or None,
        community=community,
        initial={
            "handover_at": timezone.localtime()
            .replace(second=0, microsecond=0)
            .strftime("%Y-%m-%dT%H:%M")
        },
    )
    if request.method == "POST":
        if not request.user.has_perm("duty_roster.add_dutylog"):
            return render(request, "403.html", status=403)
        if form.is_valid():
            log = services.duty_log_create(
                user=request.user, community=community, **form.cleaned_data
            )
            return redirect(log)
    logs = DutyLog.objects.for_request(request).select_related("community", "shift", "written_by")
    return render(
        request, "duty_roster/dutylog_list.html", {"page": paginate(request, logs), "form": form}
    )


@require_GET
@login_required
@permission_required("duty_roster.view_dutylog", raise_exception=True)
def dutylog_detail(request, pk):
    log = DutyLog.objects.select_related("community", "shift", "written_by").get_for_user(
        request.user, pk=pk
    )
    return render(
        request,
        "duty_roster/dutylog_detail.html",
        {
            "log": log,
            "incidents": log.incidents.all(),
            "incident_form": forms.IncidentForm(),
        },
    )


@require_POST
@login_required
@permission_required("duty_roster.add_incident", raise_exception=True)
def dutylog_incident_add(request, pk):
    log = DutyLog.objects.get_for_user(request.user, pk=pk)
    form = forms.IncidentForm(request.POST)
    if form.is_valid():
        services.incident_create(user=request.user, log=log, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(log)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duty_roster.view_patrol", raise_exception=True)
def patrol_list(request):
    community = community_for_new_records(request)
    form = forms.PatrolForm(request.POST or None, community=community)
    if request.method == "POST":
        if not request.user.has_perm("duty_roster.add_patrol"):
            return render(request, "403.html", status=403)
        if form.is_valid():
            services.patrol_create(user=request.user, community=community, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("duty_roster:patrol_list")
    patrols = (
        Patrol.objects.for_request(request).select_related("community").prefetch_related("members")
    )
    return render(
        request, "duty_roster/patrol_list.html", {"page": paginate(request, patrols), "form": form}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("duty_roster.view_dutymember", raise_exception=True)
def dutymember_list(request):
    community = community_for_new_records(request)
    form = forms.DutyMemberForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("duty_roster.add_dutymember"):
            return render(request, "403.html", status=403)
        if form.is_valid():
            services.duty_member_create(user=request.user, community=community, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("duty_roster:dutymember_list")
    members = DutyMember.objects.for_request(request).select_related("community")
    return render(
        request,
        "duty_roster/dutymember_list.html",
        {"page": paginate(request, members), "form": form},
    )


@require_POST
@login_required
@permission_required("duty_roster.change_assignment", raise_exception=True)
def assignment_edit(request, pk):
    """Edit a published month directly (the head's correction), re-checked like a swap."""
    assignment = Assignment.objects.select_related("roster", "member", "shift").get_for_user(
        request.user, pk=pk
    )
    member = (
        DutyMember.objects.visible_to(request.user)
        .filter(community=assignment.roster.community, pk=request.POST.get("member"))
        .first()
    )
    if member is None:
        messages.error(request, _("Choose a shift of this month and a colleague."))
    else:
        try:
            services.assignment_edit(assignment=assignment, member=member)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(assignment.roster)
