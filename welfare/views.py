from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.files import private_file_response, serves_private_file
from burqin.http import safe_next
from burqin.lists import (
    CommunityPaginator,
    form_errors_to_messages,
    paginate,
    query_parameters,
    wants_export,
)
from burqin.pdf import PdfUnavailable, pdf_response, render_to_pdf
from burqin.periods import month_start
from burqin.spreadsheets import SpreadsheetError, build_workbook, xlsx_response
from communities.forms import ImportForm
from communities.models import Community, Household, Resident
from communities.roles import CIVIL_AFFAIRS, has_role
from communities.scope import chosen_community_id, is_town_wide

from . import exports, forms, selectors, services
from .filters import BatchRowFilter, DisbursementFilter, EnrollmentFilter
from .imports import COLUMNS as IMPORT_COLUMNS
from .imports import RETURN_COLUMNS, bank_returns_import, disbursements_import
from .models import (
    AmountChangeProposal,
    Appeal,
    Attachment,
    BatchLocked,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    HomeVisit,
    HomeVisitPhoto,
    MemberAsset,
    MemberIncome,
    Objection,
    Program,
    TownOffice,
)

# The cases each check of the enrollment checks page shows.
CHECK_ROWS = 100


def _fail(request, exc) -> None:
    """Show a refused step's reason (a ValidationError or a locked batch) as an error message."""
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


@require_GET
@login_required
@permission_required("welfare.view_program", raise_exception=True)
def program_list(request):
    month = month_start(timezone.localdate())
    programs = Program.objects.prefetch_related("standards")
    rows = selectors.program_month_totals(
        programs, Disbursement.objects.for_request(request), month
    )
    return render(request, "welfare/program_list.html", {"rows": rows, "month": month})


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
@query_parameters(filterset=EnrollmentFilter)
def enrollment_list(request):
    queryset = Enrollment.objects.for_request(request).select_related(
        "program", "resident", "community", "household"
    )
    filterset = EnrollmentFilter(request.GET or None, queryset=queryset, request=request)
    if wants_export(request):
        return exports.enrollments_xlsx(request, filterset.qs)
    return render(
        request,
        "welfare/enrollment_list.html",
        {"filter": filterset, "page": paginate(request, filterset.qs)},
    )


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def review_queue(request):
    enrollments = Enrollment.objects.for_request(request).select_related(
        "program", "resident", "community"
    )
    queue = selectors.review_queue(request.user, enrollments)
    due = selectors.due_for_review(enrollments)
    return render(
        request,
        "welfare/enrollment_queue.html",
        {"page": paginate(request, queue), "due": due[:50], "due_count": due.count()},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def enrollment_checks(request):
    """Each check shows its newest ``CHECK_ROWS`` cases: a town-wide user with more narrows the
    page to one community with the bar's community filter. The whole town's cases are kept for a
    few minutes (``selectors.checked_cases``); the page's 重新检查 button posts here to check
    again, then shows the page."""
    found = selectors.anomalies(
        Enrollment.objects.for_request(request),
        Disbursement.objects.for_request(request),
        Disbursement.objects.visible_to(request.user),
    )
    whole_town = is_town_wide(request.user) and chosen_community_id(request) is None
    if request.method == "POST":
        # Only the whole town's checks are kept; a community's run on every visit anyway.
        if whole_town:
            selectors.checked_cases(found, CHECK_ROWS, keep=True, fresh=True)
        return redirect("welfare:enrollment_checks")
    checks, more, checked_at = selectors.checked_cases(found, CHECK_ROWS, keep=whole_town)
    return render(
        request,
        "welfare/enrollment_checks.html",
        {
            "checks": checks,
            "more": more,
            "limit": CHECK_ROWS,
            "checked_at": checked_at,
            "checks_minutes": selectors.CHECKS_CACHE_SECONDS // 60,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_enrollment", raise_exception=True)
@query_parameters(values={"resident": Resident})
def enrollment_create(request):
    initial = {}
    if "resident" in request.GET:
        initial["resident"] = request.GET["resident"]
    form = forms.EnrollmentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrollment = services.enrollment_create(
                user=request.user,
                program=data["program"],
                resident=data["resident"],
                persons_covered=data["persons_covered"],
                applied_on=data["applied_on"],
                reason=data["reason"],
                bank_name=data["bank_name"],
                bank_account=data["bank_account"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Application registered."))
            return redirect(enrollment)
    return render(request, "welfare/enrollment_form.html", {"form": form})


@require_GET
@login_required
@permission_required("welfare.add_enrollment", raise_exception=True)
@query_parameters(
    values={"program": Program, "resident": Resident, "persons_covered": ("", "1", "3", "x")}
)
def enrollment_preview(request):
    """The application form's amount and formula (htmx), as program, beneficiary and persons
    covered are chosen: the beneficiary among the user's scoped residents only."""
    program = Program.objects.filter(active=True, pk=_int(request.GET.get("program"))).first()
    resident = (
        Resident.objects.visible_to(request.user)
        .select_related("household")
        .filter(pk=_int(request.GET.get("resident")))
        .first()
    )
    preview = None
    if program is not None and resident is not None:
        preview = selectors.application_preview(
            user=request.user,
            program=program,
            resident=resident,
            persons=_int(request.GET.get("persons_covered")),
        )
    return render(request, "welfare/_amount_preview.html", {"preview": preview})


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() and int(value) < 2**31 else None


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def enrollment_detail(request, pk):
    enrollment = Enrollment.objects.select_related(
        "program", "resident", "household", "community", "created_by"
    ).get_for_user(request.user, pk=pk)
    today = timezone.localdate()
    actions = selectors.enrollment_actions(request.user, enrollment, today)
    return render(
        request,
        "welfare/enrollment_detail.html",
        {
            "enrollment": enrollment,
            "computation": enrollment.computation(today),
            "steps": enrollment.steps.select_related("actor"),
            "attachments": enrollment.attachments.select_related("uploaded_by"),
            "payments": enrollment.disbursements.select_related("batch")[:24],
            "actions": actions,
            "notice_form": forms.NoticeForm(
                initial={
                    "start": today,
                    "end": services.notice_end_for(enrollment.program, today),
                }
            ),
            "stop_reasons": Enrollment.StopReason.choices,
            "decision_form": forms.DecisionForm(),
            "objection_form": forms.ObjectionForm(),
            "objections": [
                (objection, forms.ObjectionHandleForm(auto_id=f"id_objection{objection.pk}_%s"))
                for objection in enrollment.objection_records.select_related(
                    "recorded_by", "handled_by"
                )
            ],
            "county_form": forms.CountyApprovalForm(
                initial={"approved_on": today, "start_month": f"{today:%Y-%m}"}
            ),
            "review_form": forms.AnnualReviewForm(
                initial={
                    "persons_covered": enrollment.persons_covered,
                    "monthly_income_per_capita": enrollment.monthly_income_per_capita,
                }
            ),
            "attachment_form": forms.AttachmentForm(),
            "can_attach": request.user.has_perm("welfare.add_attachment"),
            "means_test": selectors.means_test_for(enrollment, request.user, today),
            "pending_change": enrollment.amount_changes.filter(
                status=AmountChangeProposal.Status.PENDING
            ).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.change_enrollment", raise_exception=True)
def enrollment_edit(request, pk):
    enrollment = Enrollment.objects.select_related("program", "resident").get_for_user(
        request.user, pk=pk
    )
    form = forms.ApplicationEditForm(request.POST or None, instance=enrollment)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_update_application(
                user=request.user, enrollment=enrollment, **form.cleaned_data
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Application saved."))
            return redirect(enrollment)
    return render(request, "welfare/enrollment_edit.html", {"form": form, "enrollment": enrollment})


# action → (form class or None, service, how the form's data map to the service's arguments)
STEPS = {
    "community_approve": (
        forms.DecisionForm,
        services.enrollment_community_approve,
        lambda d: {"opinion": d["opinion"]},
    ),
    "start_notice": (
        forms.NoticeForm,
        services.enrollment_start_notice,
        lambda d: {"start": d["start"], "end": d["end"], "late_reason": d["late_reason"]},
    ),
    "objection": (
        forms.ObjectionForm,
        services.enrollment_record_objection,
        lambda d: {"text": d["text"], "received_on": d["received_on"]},
    ),
    "close_notice": (
        forms.DecisionForm,
        services.enrollment_close_notice,
        lambda d: {"opinion": d["opinion"]},
    ),
    "return": (forms.ReasonForm, services.enrollment_return, lambda d: {"reason": d["reason"]}),
    "resubmit": (
        forms.OpinionForm,
        services.enrollment_resubmit,
        lambda d: {"opinion": d["opinion"]},
    ),
    "town_approve": (
        forms.DecisionForm,
        services.enrollment_town_approve,
        lambda d: {"opinion": d["opinion"]},
    ),
    "county_approve": (
        forms.CountyApprovalForm,
        services.enrollment_county_approve,
        lambda d: {
            "approved_on": d["approved_on"],
            "document_no": d["document_no"],
            "start_month": d["start_month"],
            "opinion": d["opinion"],
        },
    ),
    "reject": (forms.ReasonForm, services.enrollment_reject, lambda d: {"reason": d["reason"]}),
    "suspend": (
        forms.StopForm,
        services.enrollment_suspend,
        lambda d: {"reason": d["reason"], "stop_reason": d["stop_reason"] or "other"},
    ),
    "resume": (forms.OpinionForm, services.enrollment_resume, lambda d: {"opinion": d["opinion"]}),
    "terminate": (
        forms.StopForm,
        services.enrollment_terminate,
        lambda d: {"reason": d["reason"], "stop_reason": d["stop_reason"] or "other"},
    ),
    "annual_review_fail": (
        forms.ReasonForm,
        services.enrollment_annual_review_fail,
        lambda d: {"reason": d["reason"]},
    ),
    "annual_review": (
        forms.AnnualReviewForm,
        services.enrollment_annual_review,
        lambda d: {
            "persons_covered": d["persons_covered"],
            "monthly_income_per_capita": d["monthly_income_per_capita"],
            "opinion": d["opinion"],
        },
    ),
}


@require_POST
@login_required
@permission_required("welfare.change_enrollment", raise_exception=True)
def enrollment_step(request, pk):
    """One step of the review chain; the service checks role, scope and state."""
    enrollment = Enrollment.objects.get_for_user(request.user, pk=pk)
    step = STEPS.get(request.POST.get("action", ""))
    if step is None:
        raise Http404("Unknown step")
    form_class, service, arguments = step
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(enrollment)
    try:
        service(user=request.user, enrollment=enrollment, **arguments(form.cleaned_data))
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect(enrollment)


@require_POST
@login_required
@permission_required("welfare.add_attachment", raise_exception=True)
def enrollment_attachment_add(request, pk):
    enrollment = Enrollment.objects.get_for_user(request.user, pk=pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(user=request.user, enrollment=enrollment, **form.cleaned_data)
        messages.success(request, _("Attachment added."))
    else:
        form_errors_to_messages(request, form)
    return redirect(enrollment)


@serves_private_file("welfare.Attachment.file")
@require_GET
@login_required
@permission_required("welfare.view_attachment", raise_exception=True)
def attachment_download(request, pk):
    attachment = Attachment.objects.get_for_user(request.user, pk=pk)
    return private_file_response(attachment.file, filename=attachment.download_name, inline=True)


@require_GET
@login_required
@permission_required("welfare.view_disbursementbatch", raise_exception=True)
@query_parameters(values={"program": lambda: Program.objects.values_list("code", flat=True)})
def batch_list(request):
    batches = DisbursementBatch.objects.visible_to(request.user).select_related("program")
    program = request.GET.get("program")
    if program:
        batches = batches.filter(program__code=program)
    page = paginate(request, batches)
    # One grouped query for the figures of the open batches on this page (the cache keeps the
    # figures of locked and paid ones).
    figures = selectors.batch_figures(Disbursement.objects.for_request(request), page)
    return render(
        request,
        "welfare/batch_list.html",
        {
            "page": page,
            "figures": figures,
            "programs": Program.objects.all(),
            "generate_form": forms.GenerateBatchForm(
                initial={"month": f"{timezone.localdate():%Y-%m}"}
            ),
        },
    )


@require_POST
@login_required
@permission_required("welfare.add_disbursementbatch", raise_exception=True)
def batch_generate(request):
    form = forms.GenerateBatchForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("welfare:batch_list")
    try:
        batch = services.batch_generate(
            user=request.user,
            program=form.cleaned_data["program"],
            period=form.cleaned_data["month"],
        )
    except (ValidationError, BatchLocked) as exc:
        _fail(request, exc)
        return redirect("welfare:batch_list")
    messages.success(request, _("The batch is up to date with the active enrollments."))
    return redirect(batch)


@require_GET
@login_required
@permission_required("welfare.view_disbursementbatch", raise_exception=True)
@query_parameters(filterset=BatchRowFilter)
def batch_detail(request, pk):
    batch = DisbursementBatch.objects.select_related(
        "program", "reviewed_by", "locked_by", "generated_by"
    ).get_for_user(request.user, pk=pk)
    rows = selectors.batch_rows(batch, request.user).select_related("reissue_of", "reconciled_by")
    if wants_export(request):
        # The bank list is the whole batch, whatever the page was narrowed to.
        return exports.bank_list_xlsx(request, batch, rows)
    filterset = BatchRowFilter(request.GET or None, queryset=rows, request=request)
    return render(
        request,
        "welfare/batch_detail.html",
        {
            "batch": batch,
            "filter": filterset,
            "totals": selectors.totals(rows),
            "reconciliation": selectors.batch_reconciliation(rows),
            "page": paginate(request, filterset.qs, paginator=CommunityPaginator),
            "paid_form": forms.PaidForm(),
            "can_manage": request.user.has_perm("welfare.change_disbursementbatch"),
            "can_lock": request.user.has_perm("welfare.lock_disbursementbatch"),
        },
    )


BATCH_STEPS = {
    "review": lambda request, batch: services.batch_review(user=request.user, batch=batch),
    "reopen": lambda request, batch: services.batch_reopen(user=request.user, batch=batch),
    "regenerate": lambda request, batch: services.batch_generate(
        user=request.user, program=batch.program, period=batch.period
    ),
    "lock": lambda request, batch: services.batch_lock(user=request.user, batch=batch),
}


@require_POST
@login_required
@permission_required("welfare.change_disbursementbatch", raise_exception=True)
def batch_step(request, pk):
    batch = DisbursementBatch.objects.get_for_user(request.user, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "paid":
            form = forms.PaidForm(request.POST)
            if not form.is_valid():
                raise ValidationError(list(form.errors.values())[0])
            services.batch_mark_paid(
                user=request.user, batch=batch, paid_on=form.cleaned_data["paid_on"]
            )
        elif action in BATCH_STEPS:
            BATCH_STEPS[action](request, batch)
        else:
            raise Http404("Unknown step")
    except (ValidationError, BatchLocked) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect(batch)


@require_GET
@login_required
@permission_required("welfare.view_disbursement", raise_exception=True)
@query_parameters(filterset=DisbursementFilter)
def disbursement_list(request):
    queryset = Disbursement.objects.for_request(request).select_related(
        "program", "community", "resident", "household", "batch"
    )
    filterset = DisbursementFilter(request.GET or None, queryset=queryset, request=request)
    chosen = filterset.form.cleaned_data if filterset.is_valid() else {}
    payments, latest_month = selectors.shown_payments(filterset.qs, chosen)
    if wants_export(request):
        return exports.disbursements_xlsx(request, payments)
    return render(
        request,
        "welfare/disbursement_list.html",
        {
            "filter": filterset,
            "latest_month": latest_month,
            "page": paginate(request, payments, paginator=CommunityPaginator),
            "totals": selectors.totals(payments),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_disbursement", raise_exception=True)
def disbursement_correct(request, pk):
    original = Disbursement.objects.select_related("batch", "program", "resident").get_for_user(
        request.user, pk=pk
    )
    form = forms.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.disbursement_correct(
                user=request.user,
                original=original,
                amount=form.cleaned_data["amount"],
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, BatchLocked) as exc:
            _fail(request, exc)
        else:
            messages.success(
                request, _("Correction recorded in %(batch)s.") % {"batch": correction.batch}
            )
            return redirect(correction.batch)
    return render(
        request, "welfare/disbursement_correct.html", {"form": form, "original": original}
    )


@require_POST
@login_required
@permission_required("welfare.view_disbursement", raise_exception=True)
def disbursement_signed(request, pk):
    disbursement = Disbursement.objects.select_related("batch").get_for_user(request.user, pk=pk)
    try:
        services.disbursement_set_signed(
            user=request.user,
            disbursement=disbursement,
            signed=request.POST.get("signed") == "1",
        )
    except BatchLocked as exc:
        _fail(request, exc)
    return redirect(safe_next(request, disbursement.batch.get_absolute_url()))


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_disbursement", raise_exception=True)
def disbursement_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = disbursements_import(upload=form.cleaned_data["file"], user=request.user)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(
                    request, _("Imported %(count)d payments.") % {"count": result.created}
                )
                if result.warnings:
                    messages.warning(
                        request,
                        _("%(count)d payments have no enrollment in this system.")
                        % {"count": len(result.warnings)},
                    )
                return redirect("welfare:disbursement_list")
            messages.error(
                request,
                _("Nothing was imported: %(count)d problem(s) found; correct them and retry.")
                % {"count": len(result.errors)},
            )
    return render(
        request,
        "welfare/disbursement_import.html",
        {"form": form, "result": result, "columns": IMPORT_COLUMNS},
    )


@require_GET
@login_required
@permission_required("welfare.add_disbursement", raise_exception=True)
def disbursement_import_template(request):
    example = [
        [
            "dibao_urban",
            f"{timezone.localdate():%Y-%m}",
            "654321198503150115",
            "张三",
            "1360.00",
            "",
            "2",
            "",
        ]
    ]
    content = build_workbook(_("Payments"), IMPORT_COLUMNS, example)
    return xlsx_response("发放导入模板.xlsx", content)


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def household_welfare(request, pk):
    household = Household.objects.select_related("community", "head").get_for_user(
        request.user, pk=pk
    )
    enrollments = (
        Enrollment.objects.visible_to(request.user)
        .filter(household=household)
        .select_related("program", "resident")
    )
    payments = (
        Disbursement.objects.visible_to(request.user)
        .filter(household=household)
        .select_related("program", "resident", "batch")
        .order_by("-period", "program__order")
    )
    return render(
        request,
        "welfare/household_welfare.html",
        {
            "household": household,
            "enrollments": enrollments,
            "page": paginate(request, payments),
            "totals": selectors.totals(payments),
        },
    )


# Opinions, objections, the public notice and the approval form (issue 16, part A) ---------


@require_POST
@login_required
@permission_required("welfare.change_enrollment", raise_exception=True)
def objection_handle(request, pk):
    objection = Objection.objects.select_related("enrollment").get_for_user(request.user, pk=pk)
    form = forms.ObjectionHandleForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(objection.enrollment)
    try:
        services.objection_handle(
            user=request.user,
            objection=objection,
            outcome=form.cleaned_data["outcome"],
            handling=form.cleaned_data["handling"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The handling of the objection is recorded."))
    return redirect(objection.enrollment)


def _pdf(request, template: str, context: dict, filename: str):
    try:
        content = render_to_pdf(template, context, request=request)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(safe_next(request, "/"))
    return pdf_response(content, filename)


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def enrollment_approval_pdf(request, pk):
    """The approval form (审批表) of one application, with every opinion, as a PDF."""
    enrollment = Enrollment.objects.select_related(
        "program", "resident", "household", "community", "created_by"
    ).get_for_user(request.user, pk=pk)
    context = {
        "enrollment": enrollment,
        "office": TownOffice.current(),
        "printed_on": timezone.localdate(),
        **selectors.approval_form_data(enrollment),
    }
    name = _("Approval form %(name)s.pdf") % {"name": enrollment.resident.name}
    return _pdf(request, "welfare/print/approval_form.html", context, name)


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def notice_list(request):
    """The applications in public notice, per community, with each community's printable sheet."""
    rows = selectors.notice_rows(Enrollment.objects.for_request(request))
    communities = {}
    for row in rows:
        communities.setdefault(row["enrollment"].community, []).append(row)
    return render(
        request,
        "welfare/notice_list.html",
        {"communities": list(communities.items()), "count": len(rows)},
    )


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def community_notice_pdf(request, pk):
    """A community's public notice (公示) on A4: names and amounts, never ID numbers."""
    community = Community.objects.get_for_user(request.user, pk=pk)
    rows = selectors.notice_rows(
        Enrollment.objects.visible_to(request.user).filter(community=community)
    )
    starts = [r["enrollment"].notice_start for r in rows if r["enrollment"].notice_start]
    ends = [r["enrollment"].notice_end for r in rows if r["enrollment"].notice_end]
    context = {
        "community": community,
        "rows": rows,
        "start": min(starts) if starts else None,
        "end": max(ends) if ends else None,
        "office": TownOffice.current(),
        "printed_on": timezone.localdate(),
    }
    name = _("Public notice %(community)s.pdf") % {"community": community.name}
    return _pdf(request, "welfare/print/notice.html", context, name)


# Bank reconciliation (issue 16, part 7) ------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.lock_disbursementbatch", raise_exception=True)
def bank_return_import(request):
    """The bank's return file: the same code as ``import_bank_returns``."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = bank_returns_import(upload=form.cleaned_data["file"], user=request.user)
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _(
                        "Recorded %(paid)d paid (%(paid_amount)s yuan) and %(failed)d failed "
                        "(%(failed_amount)s yuan) payments."
                    )
                    % {
                        "paid": result.paid,
                        "paid_amount": result.paid_amount,
                        "failed": result.failed,
                        "failed_amount": result.failed_amount,
                    },
                )
                return redirect("welfare:batch_list")
            messages.error(
                request,
                _("Nothing was recorded: %(count)d problem(s) found; correct them and retry.")
                % {"count": len(result.errors)},
            )
    return render(
        request,
        "welfare/bank_return_import.html",
        {"form": form, "result": result, "columns": RETURN_COLUMNS},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.lock_disbursementbatch", raise_exception=True)
def disbursement_cash(request, pk):
    """Pay a failed bank transfer in cash, against the recipient's signature."""
    payment = Disbursement.objects.select_related(
        "batch", "program", "resident", "community"
    ).get_for_user(request.user, pk=pk)
    form = forms.CashPaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_pay_in_cash(
                user=request.user,
                disbursement=payment,
                paid_on=form.cleaned_data["paid_on"],
                signed=form.cleaned_data["signed"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("The cash payment is recorded."))
            return redirect(payment.batch)
    return render(request, "welfare/disbursement_cash.html", {"form": form, "payment": payment})


# Means test (家庭经济状况核对), home visits (入户调查) and 调标 -----------------------------------


def _means_enrollment(request, pk) -> Enrollment:
    return Enrollment.objects.select_related(
        "program", "resident", "household", "community"
    ).get_for_user(request.user, pk=pk)


@require_GET
@login_required
@permission_required("welfare.view_memberincome", raise_exception=True)
def enrollment_means_test(request, pk):
    enrollment = _means_enrollment(request, pk)
    members = selectors.household_members(enrollment, request.user)
    user = request.user
    return render(
        request,
        "welfare/enrollment_means_test.html",
        {
            "enrollment": enrollment,
            "means_test": selectors.means_test_for(enrollment, user),
            "incomes": MemberIncome.objects.visible_to(user)
            .filter(resident__in=members)
            .select_related("resident"),
            "assets": MemberAsset.objects.visible_to(user)
            .filter(resident__in=members)
            .select_related("resident"),
            "visits": HomeVisit.objects.visible_to(user)
            .filter(enrollment=enrollment)
            .prefetch_related("photos"),
            "changes": AmountChangeProposal.objects.visible_to(user)
            .filter(enrollment=enrollment)
            .select_related("created_by", "decided_by"),
            "income_form": forms.MemberIncomeForm(members=members),
            "asset_form": forms.MemberAssetForm(members=members),
            "visit_form": forms.HomeVisitForm(),
            "photo_form": forms.HomeVisitPhotoForm(),
            "decision_form": forms.AmountChangeDecisionForm(),
            "can_record": user.has_perm("welfare.add_memberincome"),
            "can_visit": user.has_perm("welfare.add_homevisit"),
            "can_decide": user.has_perm("welfare.change_amountchangeproposal"),
        },
    )


def _record_added(request, form, save) -> None:
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return
    data = dict(form.cleaned_data)
    try:
        save(user=request.user, **data)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Saved; the means test is up to date."))


@require_POST
@login_required
@permission_required("welfare.add_memberincome", raise_exception=True)
def enrollment_income_add(request, pk):
    enrollment = _means_enrollment(request, pk)
    members = selectors.household_members(enrollment, request.user)
    form = forms.MemberIncomeForm(request.POST, members=members)
    _record_added(request, form, services.member_income_save)
    return redirect("welfare:enrollment_means_test", enrollment.pk)


@require_POST
@login_required
@permission_required("welfare.add_memberasset", raise_exception=True)
def enrollment_asset_add(request, pk):
    enrollment = _means_enrollment(request, pk)
    members = selectors.household_members(enrollment, request.user)
    form = forms.MemberAssetForm(request.POST, members=members)
    _record_added(request, form, services.member_asset_save)
    return redirect("welfare:enrollment_means_test", enrollment.pk)


def _record_edit(request, record, form_class, save, title):
    back = safe_next(
        request, reverse("welfare:household_welfare", args=[record.resident.household_id])
    )
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            save(record, form.cleaned_data)
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Saved; the means test is up to date."))
            return redirect(back)
    return render(
        request,
        "welfare/means_record_edit.html",
        {"form": form, "record": record, "title": title, "back": back},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.change_memberincome", raise_exception=True)
def memberincome_edit(request, pk):
    income = MemberIncome.objects.select_related("resident").get_for_user(request.user, pk=pk)
    return _record_edit(
        request,
        income,
        forms.MemberIncomeForm,
        lambda record, data: services.member_income_save(
            user=request.user, resident=record.resident, income=record, **data
        ),
        _("Change an income"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.change_memberasset", raise_exception=True)
def memberasset_edit(request, pk):
    asset = MemberAsset.objects.select_related("resident").get_for_user(request.user, pk=pk)
    return _record_edit(
        request,
        asset,
        forms.MemberAssetForm,
        lambda record, data: services.member_asset_save(
            user=request.user, resident=record.resident, asset=record, **data
        ),
        _("Change an asset"),
    )


def _record_delete(request, record, delete):
    back = safe_next(
        request, reverse("welfare:household_welfare", args=[record.resident.household_id])
    )
    try:
        delete(record)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Removed; the means test is up to date."))
    return redirect(back)


@require_POST
@login_required
@permission_required("welfare.delete_memberincome", raise_exception=True)
def memberincome_delete(request, pk):
    income = MemberIncome.objects.select_related("resident").get_for_user(request.user, pk=pk)
    return _record_delete(
        request, income, lambda r: services.member_income_delete(user=request.user, income=r)
    )


@require_POST
@login_required
@permission_required("welfare.delete_memberasset", raise_exception=True)
def memberasset_delete(request, pk):
    asset = MemberAsset.objects.select_related("resident").get_for_user(request.user, pk=pk)
    return _record_delete(
        request, asset, lambda r: services.member_asset_delete(user=request.user, asset=r)
    )


@require_POST
@login_required
@permission_required("welfare.add_homevisit", raise_exception=True)
def enrollment_homevisit_add(request, pk):
    enrollment = _means_enrollment(request, pk)
    form = forms.HomeVisitForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            services.home_visit_record(
                user=request.user, enrollment=enrollment, **form.cleaned_data
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Home visit recorded."))
    return redirect("welfare:enrollment_means_test", enrollment.pk)


@require_POST
@login_required
@permission_required("welfare.add_homevisitphoto", raise_exception=True)
def homevisit_photo_add(request, pk):
    visit = HomeVisit.objects.select_related("enrollment").get_for_user(request.user, pk=pk)
    form = forms.HomeVisitPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            services.home_visit_photo_add(
                user=request.user,
                visit=visit,
                file=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Photo kept."))
    return redirect("welfare:enrollment_means_test", visit.enrollment_id)


@serves_private_file("welfare.HomeVisitPhoto.file")
@require_GET
@login_required
@permission_required("welfare.view_homevisitphoto", raise_exception=True)
def homevisitphoto_download(request, pk):
    photo = HomeVisitPhoto.objects.get_for_user(request.user, pk=pk)
    return private_file_response(photo.file, filename=photo.download_name, inline=True)


@require_GET
@login_required
@permission_required("welfare.view_amountchangeproposal", raise_exception=True)
def amountchangeproposal_list(request):
    return render(
        request,
        "welfare/amountchangeproposal_list.html",
        {
            "page": paginate(request, selectors.pending_amount_changes(request.user)),
            "decision_form": forms.AmountChangeDecisionForm(),
            "can_decide": request.user.has_perm("welfare.change_amountchangeproposal"),
        },
    )


@require_POST
@login_required
@permission_required("welfare.change_amountchangeproposal", raise_exception=True)
def amountchangeproposal_decide(request, pk):
    proposal = AmountChangeProposal.objects.select_related("enrollment").get_for_user(
        request.user, pk=pk
    )
    form = forms.AmountChangeDecisionForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        decide = (
            services.amount_change_confirm
            if form.cleaned_data["decision"] == "confirm"
            else services.amount_change_reject
        )
        try:
            decide(user=request.user, proposal=proposal, note=form.cleaned_data["note"])
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Done."))
    return redirect(safe_next(request, reverse("welfare:amountchangeproposal_list")))


# Monthly 增减 list, annual review, appeals (issue 16, part C) ------------------------------


@require_GET
@login_required
@permission_required("welfare.view_disbursementbatch", raise_exception=True)
def batch_changes(request, pk):
    """The batch's 增减 list against the previous batch: on screen, printed (A4) or as XLSX."""
    batch = DisbursementBatch.objects.select_related("program").get_for_user(request.user, pk=pk)
    changes = selectors.change_list(batch, Disbursement.objects.for_request(request), request.user)
    if wants_export(request):
        headers, rows = selectors.change_list_sheet(changes, request.user)
        content = build_workbook(pgettext("sheet of the 增减 list", "Changes"), headers, rows)
        return xlsx_response(f"增减名单-{batch.program.code}-{batch.period:%Y%m}.xlsx", content)
    confirmation, valid = services.change_list_confirmation(batch)
    return render(
        request,
        "welfare/batch_changes.html",
        {
            "batch": batch,
            "changes": changes,
            "confirmation": confirmation,
            "confirmation_valid": valid,
            "confirm_form": forms.ChangeListConfirmForm(),
            "can_confirm": request.user.has_perm("welfare.lock_disbursementbatch")
            and is_town_wide(request.user)
            and not batch.is_frozen,
        },
    )


@require_POST
@login_required
@permission_required("welfare.lock_disbursementbatch", raise_exception=True)
def batch_changes_confirm(request, pk):
    batch = DisbursementBatch.objects.select_related("program").get_for_user(request.user, pk=pk)
    form = forms.ChangeListConfirmForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("welfare:batch_changes", pk=batch.pk)
    # The figures confirmed are those of the whole town, whatever community the bar shows.
    changes = selectors.change_list(
        batch, Disbursement.objects.visible_to(request.user), request.user
    )
    try:
        services.change_list_confirm(
            user=request.user,
            batch=batch,
            counts=changes["counts"],
            opinion=form.cleaned_data["opinion"],
        )
    except (ValidationError, BatchLocked) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The list of changes is confirmed; the batch can be locked."))
    return redirect("welfare:batch_changes", pk=batch.pk)


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def annual_review_queue(request):
    """年审: the enrollments whose annual review is overdue, and those due soon."""
    enrollments = Enrollment.objects.for_request(request).select_related(
        "program", "resident", "community", "household"
    )
    queue = selectors.annual_review_queue(enrollments)
    return render(
        request,
        "welfare/annual_review_queue.html",
        {
            "overdue": paginate(request, queue["overdue"]),
            "due_soon": queue["due_soon"][:200],
            "soon": queue["soon"],
            "counts": selectors.annual_review_counts(enrollments),
        },
    )


@require_GET
@login_required
@permission_required("welfare.view_appeal", raise_exception=True)
@query_parameters(values={"status": ["open", "overdue", "upheld", "overturned"]})
def appeal_list(request):
    today = timezone.localdate()
    appeals = Appeal.objects.for_request(request).select_related(
        "enrollment__program", "enrollment__resident", "enrollment__community"
    )
    status = request.GET.get("status", "")
    if status == "overdue":
        appeals = appeals.overdue(today)
    elif status in Appeal.Status.values:
        appeals = appeals.filter(status=status)
    return render(
        request,
        "welfare/appeal_list.html",
        {
            "page": paginate(request, appeals),
            "status": status,
            "today": today,
            "overdue_count": Appeal.objects.for_request(request).overdue(today).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_appeal", raise_exception=True)
def appeal_create(request, pk):
    enrollment = Enrollment.objects.select_related("program", "resident", "community").get_for_user(
        request.user, pk=pk
    )
    form = forms.AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = services.appeal_lodge(
                user=request.user,
                enrollment=enrollment,
                subject=form.cleaned_data["subject"],
                grounds=form.cleaned_data["grounds"],
                lodged_on=form.cleaned_data["lodged_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Appeal registered."))
            return redirect(appeal)
    return render(
        request,
        "welfare/appeal_form.html",
        {"form": form, "enrollment": enrollment, "window": settings.APPEAL_WINDOW_DAYS},
    )


@require_GET
@login_required
@permission_required("welfare.view_appeal", raise_exception=True)
def appeal_detail(request, pk):
    appeal = Appeal.objects.select_related(
        "enrollment__program", "enrollment__resident", "enrollment__community", "decided_by"
    ).get_for_user(request.user, pk=pk)
    return render(
        request,
        "welfare/appeal_detail.html",
        {
            "appeal": appeal,
            "overdue": appeal.is_overdue(timezone.localdate()),
            "decision_form": forms.AppealDecisionForm(),
            "can_decide": appeal.status == Appeal.Status.OPEN
            and request.user.has_perm("welfare.change_appeal")
            and has_role(request.user, CIVIL_AFFAIRS),
        },
    )


@require_POST
@login_required
@permission_required("welfare.change_appeal", raise_exception=True)
def appeal_decide(request, pk):
    appeal = Appeal.objects.select_related("enrollment").get_for_user(request.user, pk=pk)
    form = forms.AppealDecisionForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(appeal)
    try:
        services.appeal_decide(
            user=request.user,
            appeal=appeal,
            overturn=form.cleaned_data["decision"] == Appeal.Status.OVERTURNED,
            opinion=form.cleaned_data["opinion"],
        )
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The town's answer is recorded."))
    return redirect(appeal)
