"""Pages of the e-commerce survey: the rounds, each with its totals per community and the
contestants of its 微商 contest, and the records with filters and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from burqin.lists import (
    EXPORT_CHUNK_ROWS,
    choice_labels,
    export_response,
    paginate,
    query_parameters,
    wants_export,
)
from communities.models import Resident

from . import selectors, services
from .filters import EcommerceRecordFilter
from .forms import EcommerceRecordForm, EcommerceSurveyForm
from .models import EcommerceRecord, EcommerceSurvey


def _form_page(request, form, title, back):
    return render(
        request, "communities/object_form.html", {"form": form, "title": title, "back": back}
    )


@require_GET
@login_required
@permission_required("employment.view_ecommercesurvey", raise_exception=True)
def ecommercesurvey_list(request):
    surveys = EcommerceSurvey.objects.visible_to(request.user).select_related("contest")
    records = EcommerceRecord.objects.for_request(request)
    counts = {
        row["survey"]: row
        for row in records.order_by().values("survey").annotate(**selectors.figures())
    }
    if wants_export(request):
        rows = (
            [
                s.year,
                s.title,
                s.started_on,
                s.surveyed_on,
                s.contest.name if s.contest_id else "",
                (counts.get(s.pk) or {}).get("records", 0),
                (counts.get(s.pk) or {}).get("jobs") or 0,
            ]
            for s in surveys
        )
        headers = [
            _("Year"),
            _("Title"),
            pgettext("survey", "Started on"),
            _("As of"),
            _("Contest"),
            _("Businesses"),
            _("Jobs created"),
        ]
        return export_response(_("E-commerce surveys"), headers, rows)
    rows = [{"survey": s, "figures": counts.get(s.pk) or {}} for s in surveys]
    return render(request, "employment/ecommercesurvey_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_ecommercesurvey", raise_exception=True)
def ecommercesurvey_create(request):
    today = timezone.localdate()
    return _survey_form(
        request, EcommerceSurvey(year=today.year, started_on=today, surveyed_on=today)
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.change_ecommercesurvey", raise_exception=True)
def ecommercesurvey_edit(request, pk):
    return _survey_form(request, EcommerceSurvey.objects.get_for_user(request.user, pk=pk))


def _survey_form(request, survey):
    form = EcommerceSurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        survey = services.ecommerce_survey_save(
            actor=request.user, survey=survey, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
        return redirect(survey)
    return _form_page(request, form, _("E-commerce survey"), "employment:ecommercesurvey_list")


@require_GET
@login_required
@permission_required("employment.view_ecommercesurvey", raise_exception=True)
def ecommercesurvey_detail(request, pk):
    """The round's totals per community (computed by the database) and its contestants."""
    survey = EcommerceSurvey.objects.select_related("contest").get_for_user(request.user, pk=pk)
    records = EcommerceRecord.objects.for_request(request).filter(survey=survey)
    rows, total = selectors.totals_by_community(records)
    if wants_export(request):
        kinds = [str(label) for _kind, label in EcommerceRecord.Kind.choices]
        headers = [
            _("Community"),
            _("Businesses"),
            *kinds,
            _("Operators"),
            _("Household businesses"),
            _("Jobs created"),
        ]

        def line(name, row):
            return [
                name,
                row["records"],
                *(k["count"] for k in row["kinds"]),
                row["operators"],
                row["households"],
                row["jobs"],
            ]

        lines = [line(r["community__name"], r) for r in rows] + [line(_("Total"), total)]
        return export_response(survey.title, headers, lines)
    return render(
        request,
        "employment/ecommercesurvey_detail.html",
        {
            "survey": survey,
            "rows": rows,
            "total": total,
            "kinds": EcommerceRecord.Kind.choices,
            "contestants": selectors.contestants(survey, request.user),
        },
    )


@require_GET
@login_required
@permission_required("employment.view_ecommercerecord", raise_exception=True)
@query_parameters(filterset=EcommerceRecordFilter)
def ecommercerecord_list(request):
    queryset = selectors.with_contest_entry(
        EcommerceRecord.objects.for_request(request).select_related(
            "survey", "community", "resident"
        ),
        request.user,
    )
    filterset = EcommerceRecordFilter(request.GET or None, queryset=queryset, request=request)
    records = filterset.qs
    if wants_export(request):
        kinds = choice_labels(EcommerceRecord, "kind")
        bands = choice_labels(EcommerceRecord, "turnover")
        yes = _("Yes")
        rows = (
            [
                r.survey.year,
                r.community.name,
                r.resident.name,
                yes if r.household_id else "",
                kinds.get(r.kind, r.kind),
                r.platform,
                bands.get(r.turnover, r.turnover),
                r.jobs_created,
                yes if r.in_contest else "",
                r.note,
            ]
            for r in records.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        )
        headers = [
            _("Year"),
            _("Community"),
            _("Operator"),
            _("Household business"),
            _("Kind of business"),
            _("Platform"),
            _("Monthly turnover"),
            _("Jobs created"),
            _("In the contest"),
            _("Note"),
        ]
        return export_response(_("E-commerce survey records"), headers, rows)
    return render(
        request,
        "employment/ecommercerecord_list.html",
        {"filter": filterset, "page": paginate(request, records)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_ecommercerecord", raise_exception=True)
def ecommercerecord_create(request):
    return _record_form(request, EcommerceRecord())


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.change_ecommercerecord", raise_exception=True)
def ecommercerecord_edit(request, pk):
    record = EcommerceRecord.objects.select_related("resident").get_for_user(request.user, pk=pk)
    return _record_form(request, record)


def _record_form(request, record):
    residents = Resident.objects.visible_to(request.user).current()
    form = EcommerceRecordForm(request.POST or None, instance=record, residents=residents)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("id_number")
        services.ecommerce_record_save(actor=request.user, record=record, **values)
        messages.success(request, _("Saved."))
        return redirect("employment:ecommercerecord_list")
    return _form_page(
        request, form, _("E-commerce survey record"), "employment:ecommercerecord_list"
    )
