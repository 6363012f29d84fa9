"""Pages of 特困供养, housing aid, 临时救助 and the 应急救助基金: scope, fetch, act, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.lists import (
    EXPORT_CHUNK_ROWS,
    choice_labels,
    form_errors_to_messages,
    paginate,
    query_parameters,
    wants_export,
)
from burqin.pdf import PdfUnavailable, pdf_response, render_to_pdf
from burqin.periods import add_months, month_start
from burqin.spreadsheets import XlsxWriter, xlsx_response
from communities.exports import export_list
from communities.idnumbers import id_number_for
from communities.roles import CIVIL_AFFAIRS, TOWN_OFFICIAL, has_role
from communities.scope import is_town_wide

from . import relief_forms as forms
from . import relief_services as services
from .models import Enrollment
from .relief_filters import HousingGrantFilter, ReliefCaseFilter, TekunSupportFilter
from .relief_models import TEKUN, FundIncome, HousingGrant, ReliefCase, ReliefFund, TekunSupport


def _list_page(request, filterset, template: str, export, **context):
    """A filtered list: its Excel export (``export(request, rows)``) or its page."""
    if wants_export(request):
        return export(request, filterset.qs)
    return render(
        request, template, {"filter": filterset, "page": paginate(request, filterset.qs), **context}
    )


def _record_step(request, record, form_class, step, *, done: str):
    """A decision or a payment posted from ``record``'s page: ``step(cleaned_data)`` calls the
    record's service. A form error or a refused step (its reason, in Chinese) becomes an error
    message, success the message ``done``; back to the record's page either way."""
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(record)
    try:
        step(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(record)


def _approves(data) -> bool:
    """A ``DecisionForm``'s answer."""
    return data["decision"] == "approve"


def _tekun_enrollment(request, pk) -> Enrollment:
    """The user's 特困 enrollment ``pk``, or 404 (another community's, or another program's)."""
    enrollment = Enrollment.objects.select_related(
        "program", "resident", "household", "community"
    ).get_for_user(request.user, pk=pk)
    if enrollment.program.code != TEKUN:
        raise Http404("Not an extreme-poverty enrollment.")
    return enrollment


def _require_town_wide(request) -> None:
    """The fund is the town's: its ledger is for town-wide readers only."""
    if not is_town_wide(request.user):
        raise PermissionDenied(_("The emergency relief fund is kept by the town."))


# 特困供养 ------------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("welfare.view_tekunsupport", raise_exception=True)
@query_parameters(filterset=TekunSupportFilter)
def tekunsupport_list(request):
    queryset = TekunSupport.objects.for_request(request).select_related(
        "enrollment__resident", "enrollment__community", "enrollment__household"
    )
    filterset = TekunSupportFilter(request.GET or None, queryset=queryset, request=request)
    # Lazy: an export never runs it.
    tekun_without = (
        Enrollment.objects.for_request(request)
        .filter(program__code=TEKUN, status=Enrollment.Status.ACTIVE, tekun_support__isnull=True)
        .select_related("resident", "community")
        .order_by("community__order", "resident__name_pinyin", "pk")
    )
    return _list_page(
        request,
        filterset,
        "welfare/relief/tekunsupport_list.html",
        _tekun_xlsx,
        without=tekun_without[:50],
    )


def _tekun_xlsx(request, supports):
    mode = choice_labels(TekunSupport, "mode")
    level = choice_labels(TekunSupport, "care_level")
    rows = (
        [
            s.enrollment.community.name,
            s.enrollment.resident.name,
            id_number_for(request.user, s.enrollment.resident.id_number),
            s.enrollment.household.address,
            mode.get(s.mode, s.mode),
            level.get(s.care_level, s.care_level),
            s.caregiver,
            s.caregiver_phone,
            s.institution,
            s.note,
        ]
        for s in supports.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=supports.count(),
        title=_("Extreme-poverty support"),
        headers=[
            _("Community"),
            _("Name"),
            _("ID number"),
            _("Address"),
            _("Support mode"),
            _("Care level"),
            _("Caregiver"),
            _("Caregiver phone"),
            _("Care institution"),
            _("Note"),
        ],
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.change_tekunsupport", raise_exception=True)
def enrollment_tekun(request, pk):
    enrollment = _tekun_enrollment(request, pk)
    support = TekunSupport.objects.filter(enrollment=enrollment).first()
    initial = {}
    if support is not None:
        initial = {
            f: getattr(support, f)
            for f in ("mode", "care_level", "caregiver", "caregiver_phone", "institution", "note")
        }
    form = forms.TekunSupportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.tekun_support_save(
                user=request.user, enrollment=enrollment, values=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The support arrangement is saved."))
            return redirect("welfare:tekunsupport_list")
    today = timezone.localdate()
    return render(
        request,
        "welfare/relief/tekunsupport_form.html",
        {
            "form": form,
            "enrollment": enrollment,
            "computation": enrollment.computation(month_start(today)),
            "grants": HousingGrant.objects.visible_to(request.user).filter(enrollment=enrollment),
        },
    )


# Housing aid ---------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("welfare.view_housinggrant", raise_exception=True)
@query_parameters(filterset=HousingGrantFilter)
def housinggrant_list(request):
    queryset = HousingGrant.objects.for_request(request).select_related(
        "enrollment__resident", "community", "household"
    )
    filterset = HousingGrantFilter(request.GET or None, queryset=queryset, request=request)
    return _list_page(request, filterset, "welfare/relief/housinggrant_list.html", _housing_xlsx)


def _housing_xlsx(request, grants):
    kind = choice_labels(HousingGrant, "kind")
    status = choice_labels(HousingGrant, "status")
    rows = (
        [
            g.community.name,
            g.enrollment.resident.name,
            id_number_for(request.user, g.enrollment.resident.id_number),
            kind.get(g.kind, g.kind),
            g.description,
            g.amount,
            g.proposed_on,
            status.get(g.status, g.status),
            g.paid_on,
        ]
        for g in grants.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=grants.count(),
        title=_("Housing aid for extreme-poverty families"),
        headers=[
            _("Community"),
            _("Name"),
            _("ID number"),
            _("Kind of housing aid"),
            _("Description"),
            _("Amount (yuan)"),
            _("Proposed on"),
            _("Status"),
            _("Paid on"),
        ],
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_housinggrant", raise_exception=True)
def enrollment_housing(request, pk):
    enrollment = _tekun_enrollment(request, pk)
    form = forms.HousingGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.housing_grant_propose(
                user=request.user, enrollment=enrollment, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The housing aid is proposed."))
            return redirect(grant)
    return render(
        request,
        "welfare/relief/form.html",
        {
            "form": form,
            "title": _("Propose housing aid"),
            "subject": enrollment,
            "back": "welfare:housinggrant_list",
        },
    )


@require_GET
@login_required
@permission_required("welfare.view_housinggrant", raise_exception=True)
def housinggrant_detail(request, pk):
    grant = HousingGrant.objects.select_related(
        "enrollment__resident", "community", "household", "decided_by", "paid_by", "created_by"
    ).get_for_user(request.user, pk=pk)
    officer = request.user.has_perm("welfare.change_housinggrant") and has_role(
        request.user, CIVIL_AFFAIRS
    )
    return render(
        request,
        "welfare/relief/housinggrant_detail.html",
        {
            "grant": grant,
            "can_decide": officer and grant.status == HousingGrant.Status.PROPOSED,
            "can_pay": officer and grant.status == HousingGrant.Status.APPROVED,
            "decision_form": forms.DecisionForm(),
            "payment_form": forms.PaymentForm(),
        },
    )


@require_POST
@login_required
@permission_required("welfare.change_housinggrant", raise_exception=True)
def housinggrant_decide(request, pk):
    grant = HousingGrant.objects.get_for_user(request.user, pk=pk)
    return _record_step(
        request,
        grant,
        forms.DecisionForm,
        lambda data: services.housing_grant_decide(
            user=request.user, grant=grant, approve=_approves(data), note=data["note"]
        ),
        done=_("The decision is recorded."),
    )


@require_POST
@login_required
@permission_required("welfare.change_housinggrant", raise_exception=True)
def housinggrant_pay(request, pk):
    grant = HousingGrant.objects.get_for_user(request.user, pk=pk)
    return _record_step(
        request,
        grant,
        forms.PaymentForm,
        lambda data: services.housing_grant_pay(user=request.user, grant=grant, **data),
        done=_("The payment is recorded."),
    )


# 临时救助 ------------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("welfare.view_reliefcase", raise_exception=True)
@query_parameters(filterset=ReliefCaseFilter)
def reliefcase_list(request):
    queryset = ReliefCase.objects.for_request(request).select_related("resident", "community")
    filterset = ReliefCaseFilter(request.GET or None, queryset=queryset, request=request)
    return _list_page(request, filterset, "welfare/relief/reliefcase_list.html", _reliefcase_xlsx)


def _reliefcase_xlsx(request, cases):
    emergency = choice_labels(ReliefCase, "emergency")
    status = choice_labels(ReliefCase, "status")
    rows = (
        [
            c.community.name,
            c.resident.name,
            id_number_for(request.user, c.resident.id_number),
            emergency.get(c.emergency, c.emergency),
            c.description,
            c.applied_on,
            c.amount_proposed,
            c.amount_approved,
            status.get(c.status, c.status),
            c.paid_on,
        ]
        for c in cases.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=cases.count(),
        title=_("Temporary relief cases"),
        headers=[
            _("Community"),
            _("Applicant"),
            _("ID number"),
            _("Emergency"),
            _("What happened"),
            _("Applied on"),
            _("Amount proposed (yuan)"),
            _("Amount approved (yuan)"),
            _("Status"),
            _("Paid on"),
        ],
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_reliefcase", raise_exception=True)
def reliefcase_create(request):
    form = forms.ReliefCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.relief_case_apply(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The temporary relief application is registered."))
            return redirect(case)
    return render(
        request,
        "welfare/relief/form.html",
        {
            "form": form,
            "title": _("New temporary relief application"),
            "back": "welfare:reliefcase_list",
        },
    )


@require_GET
@login_required
@permission_required("welfare.view_reliefcase", raise_exception=True)
def reliefcase_detail(request, pk):
    case = ReliefCase.objects.select_related(
        "resident", "household", "community", "officer", "town_official", "paid_by", "created_by"
    ).get_for_user(request.user, pk=pk)
    user = request.user
    officer = user.has_perm("welfare.change_reliefcase") and has_role(user, CIVIL_AFFAIRS)
    return render(
        request,
        "welfare/relief/reliefcase_detail.html",
        {
            "case": case,
            "can_approve": officer and case.status == ReliefCase.Status.APPLIED,
            "can_town_approve": case.status == ReliefCase.Status.AWAITING_TOWN
            and user.has_perm("welfare.town_approve_reliefcase")
            and has_role(user, TOWN_OFFICIAL),
            "can_pay": officer and case.status == ReliefCase.Status.APPROVED,
            "officer_form": forms.OfficerDecisionForm(initial={"amount": case.amount_proposed}),
            "town_form": forms.DecisionForm(),
            "payment_form": forms.PaymentForm(),
            "balance": ReliefFund.current().balance if is_town_wide(user) else None,
            "threshold": settings.TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE,
        },
    )


@require_POST
@login_required
@permission_required("welfare.change_reliefcase", raise_exception=True)
def reliefcase_approve(request, pk):
    case = ReliefCase.objects.get_for_user(request.user, pk=pk)
    return _record_step(
        request,
        case,
        forms.OfficerDecisionForm,
        lambda data: services.relief_case_approve(
            user=request.user,
            case=case,
            approve=_approves(data),
            amount=data["amount"],
            opinion=data["note"],
        ),
        done=_("The decision is recorded."),
    )


@require_POST
@login_required
@permission_required("welfare.town_approve_reliefcase", raise_exception=True)
def reliefcase_town_approve(request, pk):
    case = ReliefCase.objects.get_for_user(request.user, pk=pk)
    return _record_step(
        request,
        case,
        forms.DecisionForm,
        lambda data: services.relief_case_town_approve(
            user=request.user, case=case, approve=_approves(data), opinion=data["note"]
        ),
        done=_("The decision is recorded."),
    )


@require_POST
@login_required
@permission_required("welfare.change_reliefcase", raise_exception=True)
def reliefcase_pay(request, pk):
    case = ReliefCase.objects.get_for_user(request.user, pk=pk)
    return _record_step(
        request,
        case,
        forms.PaymentForm,
        lambda data: services.relief_case_pay(user=request.user, case=case, **data),
        done=_("Paid from the emergency relief fund."),
    )


# 应急救助基金 ---------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("welfare.view_fundincome", raise_exception=True)
def fundincome_list(request):
    _require_town_wide(request)
    incomes = FundIncome.objects.select_related("recorded_by")
    if wants_export(request):
        source = choice_labels(FundIncome, "source")
        rows = (
            [i.received_on, source.get(i.source, i.source), i.amount, i.payer, i.note]
            for i in incomes.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        )
        return export_list(
            request,
            rows,
            total=incomes.count(),
            title=_("Emergency relief fund income"),
            headers=[_("Received on"), _("Source"), _("Amount (yuan)"), _("Paid in by"), _("Note")],
        )
    return render(
        request,
        "welfare/relief/fundincome_list.html",
        {"page": paginate(request, incomes), "fund": ReliefFund.current()},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("welfare.add_fundincome", raise_exception=True)
def fundincome_create(request):
    _require_town_wide(request)
    form = forms.FundIncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_income_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The income is recorded."))
            return redirect("welfare:fundincome_list")
    return render(
        request,
        "welfare/relief/form.html",
        {"form": form, "title": _("Record fund income"), "back": "welfare:fundincome_list"},
    )


def _statement(request) -> dict:
    _require_town_wide(request)
    form = forms.StatementMonthForm(request.GET or None)
    month = None
    if form.is_valid():
        month = form.cleaned_data["month"]
    month = month or month_start(timezone.localdate())
    statement = services.fund_statement(
        month=month, cases=ReliefCase.objects.visible_to(request.user)
    )
    return {"form": form, "printed_on": timezone.localdate(), **statement}


@require_GET
@login_required
@permission_required("welfare.view_fundincome", raise_exception=True)
@query_parameters(values={"month": ["2026-03", "bad"]})
def fund_statement(request):
    context = _statement(request)
    if wants_export(request):
        return _statement_xlsx(context)
    return render(request, "welfare/relief/fund_statement.html", context)


@require_GET
@login_required
@permission_required("welfare.view_fundincome", raise_exception=True)
@query_parameters(values={"month": ["2026-03", "bad"]})
def fund_statement_pdf(request):
    context = _statement(request)
    try:
        content = render_to_pdf("welfare/relief/fund_statement_print.html", context, request)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("welfare:fund_statement")
    return pdf_response(content, f"应急救助基金月报-{context['month']:%Y-%m}.pdf")


def _statement_xlsx(context):
    writer = XlsxWriter()
    month = context["month"]
    writer.add_sheet(_("Fund statement"), [_("Item"), _("Amount (yuan)")])
    writer.append([_("Opening balance"), context["opening"]])
    for row in context["incomes"]:
        writer.append([_("Income: %(source)s") % {"source": row["label"]}, row["amount"]])
    writer.append([_("Total income"), context["income_total"]])
    writer.append([_("Total spending"), context["spending_total"]])
    writer.append([_("Closing balance"), context["closing"]])
    writer.add_sheet(
        _("Spending by case"),
        [
            _("Paid on"),
            _("Community"),
            _("Applicant"),
            _("Emergency"),
            _("What happened"),
            _("Amount (yuan)"),
        ],
    )
    emergency = choice_labels(ReliefCase, "emergency")
    for case in context["spending"]:
        writer.append(
            [
                case.paid_on,
                case.community.name,
                case.resident.name,
                emergency.get(case.emergency, case.emergency),
                case.description,
                case.amount_approved,
            ]
        )
    incomes = FundIncome.objects.filter(
        received_on__gte=month, received_on__lt=add_months(month, 1)
    ).order_by("received_on", "pk")
    writer.add_sheet(
        _("Income entries"),
        [_("Received on"), _("Source"), _("Amount (yuan)"), _("Paid in by"), _("Note")],
    )
    source = choice_labels(FundIncome, "source")
    for income in incomes:
        writer.append(
            [
                income.received_on,
                source.get(income.source, income.source),
                income.amount,
                income.payer,
                income.note,
            ]
        )
    return xlsx_response(f"应急救助基金月报-{month:%Y-%m}.xlsx", writer.save())
