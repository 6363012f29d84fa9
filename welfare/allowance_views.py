"""Pages of the allowances the registry proposes (issue 17): the 残疾人两项补贴 proposals and
the monthly 高龄津贴 list with its confirmation. The rules live in welfare/allowances.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from burqin.lists import (
    EXPORT_CHUNK_ROWS,
    CommunityPaginator,
    choice_labels,
    form_errors_to_messages,
    paginate,
    query_parameters,
    wants_export,
)
from burqin.periods import add_months, month_start, parse_month
from communities.exports import export_list
from communities.idnumbers import id_number_for
from communities.models import Resident
from communities.roles import COMMUNITY_STAFF, has_role

from . import allowances
from .allowance_forms import (
    DisabilityCandidateFilter,
    DisabilityProposalForm,
    ElderlyConfirmForm,
    ElderlyListFilter,
)
from .models import BatchLocked, DisbursementBatch

RESIDENT_COLUMNS = ("community", "household")


def _program_code(value: str | None) -> str:
    return value if value in allowances.DISABILITY_PROGRAMS else allowances.DISABILITY_LIVING


@require_GET
@login_required
@permission_required("welfare.view_enrollment", raise_exception=True)
@query_parameters(
    filterset=DisabilityCandidateFilter, values={"program": allowances.DISABILITY_PROGRAMS}
)
def disability_proposals(request):
    """Residents the registry makes eligible for one of the two disability subsidies, not yet
    enrolled; community staff tick them and register the applications in one go."""
    program = allowances.disability_program(_program_code(request.GET.get("program")))
    today = timezone.localdate()
    candidates = allowances.disability_candidates(
        program, Resident.objects.for_request(request), today
    ).select_related(*RESIDENT_COLUMNS)
    filterset = DisabilityCandidateFilter(request.GET or None, queryset=candidates, request=request)
    if wants_export(request):
        return _candidates_xlsx(request, program, filterset.qs)
    can_propose = has_role(request.user, COMMUNITY_STAFF) and request.user.has_perm(
        "welfare.add_enrollment"
    )
    return render(
        request,
        "welfare/disability_proposals.html",
        {
            "program": program,
            "programs": allowances.Program.objects.filter(
                code__in=allowances.DISABILITY_PROGRAMS
            ).order_by("order"),
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "can_propose": can_propose,
            "form": DisabilityProposalForm(user=request.user, initial={"program": program.code}),
        },
    )


def _candidates_xlsx(request, program, residents):
    user = request.user
    category = choice_labels(Resident, "disability_category")
    grade = choice_labels(Resident, "disability_grade")
    rows = (
        [
            r.community.name,
            r.name,
            id_number_for(user, r.id_number),
            r.household.address,
            category.get(r.disability_category, ""),
            grade.get(r.disability_grade, ""),
        ]
        for r in residents.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=residents.count(),
        title=_("Proposed: %(program)s") % {"program": program.name},
        headers=[
            _("Community"),
            _("Name"),
            _("ID number"),
            _("Household"),
            _("Disability category"),
            _("Disability grade"),
        ],
        filename=f"{program.name}-提名-{timezone.localdate():%Y%m%d}.xlsx",
    )


@require_POST
@login_required
@permission_required("welfare.add_enrollment", raise_exception=True)
def disability_propose(request):
    form = DisabilityProposalForm(request.POST, user=request.user)
    code = _program_code(request.POST.get("program"))
    back = reverse("welfare:disability_proposals") + "?" + urlencode({"program": code})
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect(back)
    try:
        enrollments = allowances.disability_propose(
            user=request.user,
            program=allowances.disability_program(code),
            residents=list(form.cleaned_data["residents"]),
            applied_on=form.cleaned_data["applied_on"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("%(count)s applications registered; they go through the usual review.")
        % {"count": len(enrollments)},
    )
    return redirect(reverse("welfare:enrollment_list") + "?" + urlencode({"status": "applied"}))


def _month_of(request):
    try:
        return parse_month(request.GET.get("month", ""))
    except ValueError:
        return month_start(timezone.localdate())


@require_GET
@login_required
@permission_required("welfare.view_elderlylistconfirmation", raise_exception=True)
@query_parameters(filterset=ElderlyListFilter, values={"month": ["2026-03", "2026-04"]})
def elderly_list(request):
    """The month's 高龄津贴 list computed from birth dates, by age band, with its confirmation."""
    month = _month_of(request)
    program = allowances.elderly_program()
    bands = allowances.age_bands_on(program, month)
    rows = allowances.elderly_list(month, Resident.objects.for_request(request), bands)
    filterset = ElderlyListFilter(
        request.GET or None, queryset=rows.select_related(*RESIDENT_COLUMNS), request=request
    )
    if wants_export(request):
        return _elderly_xlsx(request, month, bands, filterset.qs)
    amounts = {b.min_age: b.amount for b in bands}
    # Counted per community and band in one statement (the summary and the pages), and sorted
    # only where the page falls, like the resident list.
    counts = allowances.elderly_counts(filterset.qs)
    page = paginate(
        request,
        filterset.qs,
        paginator=CommunityPaginator,
        counts=allowances.per_community(counts),
    )
    for resident in page:
        resident.allowance = amounts.get(resident.band)
        resident.age_then = allowances.age_on(resident.birth_date, month)
    return render(
        request,
        "welfare/elderly_list.html",
        {
            "month": month,
            "previous": f"{add_months(month, -1):%Y-%m}",
            "next": f"{add_months(month, 1):%Y-%m}",
            "bands": bands,
            "summary": allowances.elderly_summary(counts, bands),
            "filter": filterset,
            "page": page,
            "lowest_age": bands[0].min_age if bands else 80,
        },
    )


@require_GET
@login_required
@permission_required("welfare.view_elderlylistconfirmation", raise_exception=True)
@query_parameters(values={"month": ["2026-03", "2026-04"]})
def elderly_confirmation(request):
    """The month's confirmation: who confirmed the town's list and whether it changed since, and
    for the civil-affairs officer the form confirming the list as it is now. The list page loads
    it after itself (htmx): it hashes the whole town's list (60,000 residents at prefecture
    scale, 60 ms), which the page's own rows and counts do not wait for."""
    month = _month_of(request)
    program = allowances.elderly_program()
    bands = allowances.age_bands_on(program, month)
    can_confirm = request.user.has_perm("welfare.add_elderlylistconfirmation")
    confirmation = allowances.latest_confirmation(program, month)
    town = None
    if can_confirm or confirmation is not None:
        digest, _bands = allowances.elderly_town_digest(month)
        town = {
            "digest": digest,
            "confirmed": confirmation is not None and confirmation.digest == digest,
        }
    batch = DisbursementBatch.objects.filter(program=program, period=month).first()
    return render(
        request,
        # The box itself into the list page (htmx); without script, a page around it.
        "welfare/_elderly_confirmation.html"
        if request.htmx
        else "welfare/elderly_confirmation.html",
        {
            "month": month,
            "bands": bands,
            "confirmation": confirmation,
            "town": town,
            "batch": batch,
            "can_confirm": can_confirm and not (batch and batch.is_frozen),
            "confirm_form": ElderlyConfirmForm(
                initial={"month": f"{month:%Y-%m}", "digest": town["digest"] if town else ""}
            ),
        },
    )


def _elderly_xlsx(request, month, bands, residents):
    user = request.user
    amounts = {b.min_age: b.amount for b in bands}
    sex = choice_labels(Resident, "sex")
    rows = (
        [
            r.community.name,
            r.name,
            id_number_for(user, r.id_number),
            sex.get(r.sex, ""),
            r.birth_date,
            allowances.age_on(r.birth_date, month),
            _("%(age)s and over") % {"age": r.band},
            amounts.get(r.band),
            r.household.address if r.household_id else "",
        ]
        for r in residents.iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    return export_list(
        request,
        rows,
        total=residents.count(),
        title=_("Elderly allowance list %(month)s") % {"month": f"{month:%Y-%m}"},
        headers=[
            _("Community"),
            _("Name"),
            _("ID number"),
            _("Sex"),
            _("Birth date"),
            _("Age on the first day of the month"),
            _("Age band"),
            _("Amount (yuan)"),
            _("Household"),
        ],
        filename=f"高龄津贴名单-{month:%Y%m}.xlsx",
    )


@require_POST
@login_required
@permission_required("welfare.add_elderlylistconfirmation", raise_exception=True)
def elderly_confirm(request):
    form = ElderlyConfirmForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("welfare:elderly_list")
    month = form.cleaned_data["month"]
    back = reverse("welfare:elderly_list") + "?" + urlencode({"month": f"{month:%Y-%m}"})
    try:
        allowances.elderly_list_confirm(
            user=request.user, period=month, digest=form.cleaned_data["digest"]
        )
    except (ValidationError, BatchLocked) as exc:
        messages.error(
            request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
        return redirect(back)
    batch = DisbursementBatch.objects.get(program__code=allowances.ELDERLY_ALLOWANCE, period=month)
    messages.success(request, _("List confirmed; the month's batch was generated from it."))
    return redirect(batch)
