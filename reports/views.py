from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from burqin.charts import bar_chart, line_chart
from burqin.files import private_file_response, serves_private_file
from burqin.lists import form_errors_to_messages
from burqin.numbers import format_count, format_yuan
from burqin.periods import Period
from communities.models import Community
from communities.scope import is_town_wide
from community_services.models import Pairing
from community_services.selectors import OVERDUE_DAYS, overdue_pairings
from duty_roster.models import RosterMonth
from duty_roster.summary import section as duty_section
from employment.models import Placement
from welfare import selectors as welfare_selectors
from welfare.models import Appeal, Disbursement, Enrollment

from . import services
from .forms import BuildForm, NarrativeForm, ReopenForm
from .models import Report
from .outputs import community_table, welfare_chart
from .tasks import enqueue


@require_GET
@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_list(request):
    reports = Report.objects.for_request(request).latest_done().select_related("community")
    builds = (
        Report.objects.for_request(request)
        .exclude(status=Report.Status.DONE)
        .select_related("community")
        .order_by("-pk")[:10]
    )
    form = BuildForm(
        communities=Community.objects.visible_to(request.user),
        town_wide=is_town_wide(request.user),
        initial={"period": f"{timezone.localdate():%Y-%m}"},
    )
    return render(
        request,
        "reports/report_list.html",
        {"reports": reports[:100], "builds": builds, "form": form},
    )


@require_POST
@login_required
@permission_required("reports.build_report", raise_exception=True)
def report_build(request):
    form = BuildForm(
        request.POST,
        communities=Community.objects.visible_to(request.user),
        town_wide=is_town_wide(request.user),
    )
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("reports:report_list")
    try:
        report = _request_build(
            request, form.cleaned_data["period"], form.cleaned_data["community"]
        )
    except services.ReportLocked as exc:
        messages.error(request, str(exc))
        return redirect("reports:report_list")
    return redirect(report)


def _request_build(request, period, community):
    """Raises ``ReportLocked`` when the period and scope have an approved report."""
    report, created = services.report_request(
        period_key=period, community=community, user=request.user
    )
    if created:
        enqueue(report)
    else:
        messages.info(request, _("This report is already being built; showing its progress."))
    return report


@require_POST
@login_required
@permission_required("reports.build_report", raise_exception=True)
def report_rebuild(request, pk):
    report = Report.objects.get_for_user(request.user, pk=pk)
    try:
        return redirect(_request_build(request, report.period, report.community))
    except services.ReportLocked as exc:
        messages.error(request, str(exc))
        return redirect(report)


@require_GET
@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_detail(request, pk):
    report = Report.objects.select_related(
        "community", "requested_by", "submitted_by", "approved_by", "reopened_by"
    ).get_for_user(request.user, pk=pk)
    context = {
        "report": report,
        "reopen_form": ReopenForm(),
        # Every approved version of this period and scope (the one in force, and reopened ones).
        "approved_versions": Report.objects.visible_to(request.user)
        .filter(
            period=report.period,
            scope=report.scope,
            state__in=[Report.State.APPROVED, Report.State.REOPENED],
        )
        .exclude(pk=report.pk)
        .select_related("approved_by", "community")
        .order_by("-pk"),
    }
    if report.status == Report.Status.DONE:
        latest = (
            Report.objects.visible_to(request.user)
            .filter(period=report.period, scope=report.scope)
            .latest_done()
            .values_list("pk", flat=True)
            .first()
        )
        context.update(
            data=report.data,
            narrative=report.narrative,
            chart=welfare_chart(report.data),
            communities=community_table(report.data),
            superseded=latest != report.pk,
            latest_pk=latest,
        )
    return render(request, "reports/report_detail.html", context)


@require_GET
@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_status(request, pk):
    """Polled by htmx while a build runs; refreshes the page once it has finished."""
    report = Report.objects.get_for_user(request.user, pk=pk)
    if report.status in (Report.Status.DONE, Report.Status.FAILED) and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "reports/_status.html", {"report": report})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("reports.build_report", raise_exception=True)
def report_narrative(request, pk):
    report = Report.objects.get_for_user(request.user, pk=pk, status=Report.Status.DONE)
    if report.state != Report.State.DRAFT:
        messages.error(request, _("Only a draft's narrative can be edited."))
        return redirect(report)
    form = NarrativeForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_edit_narrative(
                report=report, sections=form.cleaned_data, user=request.user
            )
        except services.ReportStateError as exc:
            messages.error(request, str(exc))
            return redirect(report)
        messages.success(request, _("Narrative saved; the XLSX and PDF now print it."))
        return redirect(report)
    return render(request, "reports/report_narrative.html", {"report": report, "form": form})


def _transition(request, pk, service, done_message, **kwargs):
    """Run one approval transition on a report the user may see (404 otherwise); a wrong role
    answers 403, a wrong state the reason as a message on the report's page."""
    report = Report.objects.get_for_user(request.user, pk=pk)
    try:
        service(report=report, user=request.user, **kwargs)
    except services.ReportStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done_message)
    return redirect(report)


@require_POST
@login_required
@permission_required("reports.submit_report", raise_exception=True)
def report_submit(request, pk):
    return _transition(
        request, pk, services.report_submit, _("The report was submitted for approval.")
    )


@require_POST
@login_required
@permission_required("reports.approve_report", raise_exception=True)
def report_approve(request, pk):
    return _transition(
        request, pk, services.report_approve, _("The report was approved and is now locked.")
    )


@require_POST
@login_required
@permission_required("reports.reopen_report", raise_exception=True)
def report_reopen(request, pk):
    form = ReopenForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _transition(
        request,
        pk,
        services.report_reopen,
        _("The report was reopened; the approved version is kept. Rebuild it to make a new draft."),
        reason=reason,
    )


def _download(request, pk, field):
    report = Report.objects.select_related("community").get_for_user(
        request.user, pk=pk, status=Report.Status.DONE
    )
    file = getattr(report, field)
    return private_file_response(file, filename=report.file_name(field))


@serves_private_file("reports.Report.xlsx")
@require_GET
@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_xlsx(request, pk):
    return _download(request, pk, "xlsx")


@serves_private_file("reports.Report.pdf")
@require_GET
@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_pdf(request, pk):
    return _download(request, pk, "pdf")


CHART_COMMUNITIES = 15
# An id no record has, replaced in a reversed URL by each row's id.
URL_ID_MARK = "987654321987"
RECENT_REPORTS = 8


@require_GET
@login_required
@permission_required("reports.view_report", raise_exception=True)
def dashboard(request):
    """Figures, trends and alerts for the town (officials) or the user's community (staff);
    every figure links to the list behind it."""
    today = timezone.localdate()
    payments_list = reverse("welfare:disbursement_list")
    town_wide = is_town_wide(request.user)

    def payments_of(community) -> str:
        """This month's payments (of ``community``, for a town-wide user, who has that filter)."""
        query = {"month": f"{today:%Y-%m}"}
        if community is not None and town_wide:
            query["community"] = community.pk
        return f"{payments_list}?{urlencode(query)}"

    payments = Disbursement.objects.for_request(request)
    enrollments = Enrollment.objects.for_request(request)
    # One reverse() for the rows of hundreds of communities, whose links differ by the id only.
    community_url = reverse("communities:community_detail", args=[URL_ID_MARK])
    trend = welfare_selectors.monthly_trend(payments, today)
    this_month = trend[-1]
    communities = list(Community.objects.for_request(request))
    by_community = welfare_selectors.month_by_community(payments, today)
    rows = [
        {"community": c, **by_community.get(c.pk, {"amount": 0, "payments": 0, "households": 0})}
        for c in communities
    ]
    # A chart of every community reads for a town's 8, not for a prefecture's hundreds.
    largest = sorted(rows, key=lambda r: r["amount"], reverse=True)[:CHART_COMMUNITIES]
    if len(rows) <= CHART_COMMUNITIES:
        largest = rows
    context = {
        "this_month": this_month,
        "previous_month": trend[-2],
        "trend_chart": line_chart(
            [(f"{p['month']:%m}月", p["amount"]) for p in trend],
            unit="元",
            title=_("Welfare paid per month (yuan)"),
        ),
        "households_chart": line_chart(
            [(f"{p['month']:%m}月", p["households"]) for p in trend],
            unit="户",
            title=_("Households paid per month"),
        ),
        "community_chart": bar_chart(
            [(r["community"].name, r["amount"]) for r in largest],
            links=[payments_of(r["community"]) for r in largest],
            unit="元",
            title=_("This month by community (yuan)")
            if len(largest) == len(rows)
            else _("This month, the %(count)s communities paid most (yuan)")
            % {"count": len(largest)},
        ),
        "rows": rows,
        # Built here, not by a template loop: a prefecture has hundreds of communities.
        "community_rows": format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td class="text-end">{}</td>'
            '<td class="text-end">{}</td><td class="text-end"><a href="{}">{}</a></td></tr>',
            (
                (
                    community_url.replace(URL_ID_MARK, str(r["community"].pk)),
                    r["community"].name,
                    format_count(r["households"]),
                    format_count(r["payments"]),
                    payments_of(r["community"]),
                    format_yuan(r["amount"], unit=False),
                )
                for r in rows
            ),
        ),
        "payments_url": payments_of(None),
        "queue_length": welfare_selectors.review_queue(request.user, enrollments).count(),
        # Annual reviews overdue and due within 30 days — not every enrollment with a date.
        "reviews": welfare_selectors.annual_review_counts(enrollments, today),
        "appeals_overdue": Appeal.objects.for_request(request).overdue(today).count(),
        "active_count": enrollments.filter(status=Enrollment.Status.ACTIVE).count(),
        "placements": Placement.objects.for_request(request)
        .filter(start_date__gte=today.replace(day=1))
        .count(),
        "uncovered_shifts": sum(
            len(r.uncovered)
            for r in RosterMonth.objects.for_request(request)
            .filter(month=today.replace(day=1))
            .only("uncovered")
        ),
        "duty": duty_section(Period.month(today), communities),
        "pairs_not_visited": overdue_pairings(
            Pairing.objects.for_request(request), OVERDUE_DAYS
        ).count(),
        "recent_reports": Report.objects.for_request(request)
        .latest_done()
        .select_related("community")
        .order_by("-built_at")[:RECENT_REPORTS],
        "follow_ups_due": Placement.objects.for_request(request)
        .filter(follow_up_due__lte=today, followed_up_on__isnull=True)
        .count(),
    }
    return render(request, "reports/dashboard.html", context)
