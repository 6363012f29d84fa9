from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
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
from burqin.periods import month_start
from burqin.spreadsheets import SpreadsheetError, build_workbook, xlsx_response
from communities.forms import ImportForm
from communities.models import Household, Resident

from . import exports, forms, selectors, services
from .filters import DisbursementFilter, EnrollmentFilter
from .imports import COLUMNS as IMPORT_COLUMNS
from .imports import disbursements_import
from .models import (
    Attachment,
    BatchLocked,
    Disbursement,
    DisbursementBatch,
    Enrollment,
    Program,
)


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


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
def enrollment_checks(request):
    checks = selectors.anomalies(
        Enrollment.objects.for_request(request), Disbursement.objects.for_request(request)
    )
    return render(request, "welfare/enrollment_checks.html", {"checks": checks})


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
                monthly_income_per_capita=data["monthly_income_per_capita"],
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
                initial={"start": today, "end": today + timezone.timedelta(days=6)}
            ),
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
                user=request.user, enrollment=enrollment, form=form
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
        forms.OpinionForm,
        services.enrollment_community_approve,
        lambda d: {"opinion": d["opinion"]},
    ),
    "start_notice": (
        forms.NoticeForm,
        services.enrollment_start_notice,
        lambda d: {"start": d["start"], "end": d["end"]},
    ),
    "objection": (
        forms.ReasonForm,
        services.enrollment_record_objection,
        lambda d: {"text": d["reason"]},
    ),
    "return": (forms.ReasonForm, services.enrollment_return, lambda d: {"reason": d["reason"]}),
    "resubmit": (
        forms.OpinionForm,
        services.enrollment_resubmit,
        lambda d: {"opinion": d["opinion"]},
    ),
    "town_approve": (
        forms.OpinionForm,
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
        },
    ),
    "reject": (forms.ReasonForm, services.enrollment_reject, lambda d: {"reason": d["reason"]}),
    "suspend": (forms.ReasonForm, services.enrollment_suspend, lambda d: {"reason": d["reason"]}),
    "resume": (forms.OpinionForm, services.enrollment_resume, lambda d: {"opinion": d["opinion"]}),
    "terminate": (
        forms.ReasonForm,
        services.enrollment_terminate,
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
        attachment = form.save(commit=False)
        attachment.enrollment = enrollment
        attachment.uploaded_by = request.user
        attachment.save()
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
    # One grouped query for the figures of the batches on this page.
    figures = selectors.batch_figures(
        Disbursement.objects.for_request(request), [b.pk for b in page]
    )
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
def batch_detail(request, pk):
    batch = DisbursementBatch.objects.select_related(
        "program", "reviewed_by", "locked_by"
    ).get_for_user(request.user, pk=pk)
    rows = selectors.batch_rows(batch, request.user)
    if wants_export(request):
        return exports.bank_list_xlsx(request, batch, rows)
    return render(
        request,
        "welfare/batch_detail.html",
        {
            "batch": batch,
            "totals": selectors.totals(rows),
            "page": paginate(request, rows, paginator=CommunityPaginator),
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
    if wants_export(request):
        return exports.disbursements_xlsx(request, filterset.qs)
    return render(
        request,
        "welfare/disbursement_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs, paginator=CommunityPaginator),
            "totals": selectors.totals(filterset.qs),
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
