from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.files import private_file_response, serves_private_file
from burqin.http import safe_next
from burqin.lists import CommunityPaginator, paginate, query_parameters, wants_export
from burqin.pickers import picker_response
from burqin.spreadsheets import SpreadsheetError, build_workbook, xlsx_response

from . import exports, record, selectors, services
from .filters import HouseholdFilter, ResidentFilter
from .forms import HouseholdForm, ImportForm, ResidentForm, member_formset, resident_label
from .models import Community, ExportJob, Household, Resident
from .scope import SESSION_FILTER_KEY, is_town_wide

# More rows than any household has: a count beyond it is not a row number.
MAX_MEMBER_ROWS = 60


@require_GET
@login_required
def home(request):
    communities = Community.objects.for_request(request)
    residents = Resident.objects.for_request(request)
    households = Household.objects.for_request(request)
    rows, counted_at = selectors.community_overview(communities, residents, households)
    context = {
        "rows": rows,
        "totals": selectors.total_row(rows),
        **_overview_cached(rows, counted_at),
    }
    if not is_town_wide(request.user):
        context["todos"] = [
            {
                "label": _("Households without a head"),
                "count": selectors.households_without_head(households).count(),
                "url": reverse("communities:household_list") + "?without_head=on",
            },
            {
                "label": _("Residents not in any household"),
                "count": selectors.residents_without_household(residents).count(),
                "url": reverse("communities:resident_list") + "?without_household=on",
            },
        ]
    counts = context["totals"]["residents"]
    context["flag_rows"] = selectors.flag_rows(counts)
    context["age_rows"] = selectors.age_band_rows(counts)
    return render(request, "home.html", context)


@require_POST
@login_required
def set_community_filter(request):
    """A town-wide user narrows every list to one community (or back to the whole town)."""
    value = request.POST.get("community", "")
    if is_town_wide(request.user) and value:
        community = Community.objects.get_for_user(request.user, pk=value)
        request.session[SESSION_FILTER_KEY] = community.pk
    else:
        request.session.pop(SESSION_FILTER_KEY, None)
    return HttpResponseRedirect(safe_next(request, reverse("home")))


@require_GET
@login_required
@permission_required("communities.view_community", raise_exception=True)
def community_list(request):
    communities = Community.objects.for_request(request)
    rows, counted_at = selectors.community_overview(
        communities,
        Resident.objects.for_request(request),
        Household.objects.for_request(request),
        fresh=wants_export(request),
    )
    if wants_export(request):
        return exports.community_overview_xlsx(rows)
    return render(
        request,
        "communities/community_list.html",
        {"rows": rows, "totals": selectors.total_row(rows), **_overview_cached(rows, counted_at)},
    )


def _overview_cached(rows, counted_at) -> dict:
    """What the overview's templates need to say when the counts were made and to keep the
    table drawn from them as long as the counts (``None``: counted now)."""
    if counted_at is None:
        return {}
    key = selectors.overview_cache_key([row["community"] for row in rows])
    return {
        "counted_at": counted_at,
        "overview_minutes": selectors.OVERVIEW_CACHE_SECONDS // 60,
        "overview_seconds": selectors.OVERVIEW_CACHE_SECONDS,
        "overview_key": f"{key}:{counted_at.timestamp()}",
    }


@require_GET
@login_required
@permission_required("communities.view_community", raise_exception=True)
def community_detail(request, pk):
    community = Community.objects.get_for_user(request.user, pk=pk)
    residents = Resident.objects.visible_to(request.user).filter(community=community)
    households = Household.objects.visible_to(request.user).filter(community=community)
    counts = selectors.resident_counts_by_community(residents).get(
        community.pk, selectors.empty_resident_counts()
    )
    household_counts = selectors.household_counts_by_community(households).get(
        community.pk, {"total": 0, "without_head": 0}
    )
    compounds = community.compounds.annotate(household_count=Count("households"))
    recent = households.select_related("head", "compound").order_by("-created_at")[:10]
    return render(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "counts": counts,
            "household_counts": household_counts,
            "flag_rows": selectors.flag_rows(counts),
            "age_rows": selectors.age_band_rows(counts),
            "compounds": compounds,
            "recent_households": recent,
        },
    )


@require_GET
@login_required
@permission_required("communities.view_household", raise_exception=True)
@query_parameters(filterset=HouseholdFilter)
def household_list(request):
    queryset = Household.objects.for_request(request).select_related(
        "community", "compound", "head"
    )
    filterset = HouseholdFilter(request.GET or None, queryset=queryset, request=request)
    households = filterset.qs.order_by("community__order", "community_id", "address", "pk")
    if wants_export(request):
        return exports.households_xlsx(request, households)
    page = paginate(request, households, paginator=CommunityPaginator)
    selectors.attach_member_counts(page.object_list, request.user)
    return render(request, "communities/household_list.html", {"filter": filterset, "page": page})


@require_GET
@login_required
@permission_required("communities.view_household", raise_exception=True)
def household_detail(request, pk):
    household = Household.objects.select_related("community", "compound", "head").get_for_user(
        request.user, pk=pk
    )
    return render(
        request,
        "communities/household_detail.html",
        {
            "household": household,
            "members": selectors.household_members(household),
            "history": household.history.select_related("history_user")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("communities.add_household", raise_exception=True)
def household_create(request):
    return _household_form(request, Household(), extra=2)


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("communities.change_household", raise_exception=True)
def household_edit(request, pk):
    household = Household.objects.get_for_user(request.user, pk=pk)
    return _household_form(request, household, extra=1)


def _household_form(request, household, extra):
    Formset = member_formset(extra)
    # A new household's first row is its head, the second usually the spouse.
    initial = [] if household.pk else [{"relation": "head"}, {"relation": "spouse"}]
    members = Resident.objects.select_related("community")
    adding = request.method == "POST" and "add_member" in request.POST
    if adding:
        # Without JavaScript "Add a member" posts the form: shown again with one more row,
        # nothing saved.
        data = request.POST.copy()
        data["members-TOTAL_FORMS"] = str(_int(data.get("members-TOTAL_FORMS")) + 1)
        form = HouseholdForm(data, instance=household, user=request.user)
        formset = Formset(
            data, instance=household, prefix="members", queryset=members, initial=initial
        )
    elif request.method == "POST":
        form = HouseholdForm(request.POST, instance=household, user=request.user)
        formset = Formset(
            request.POST, instance=household, prefix="members", queryset=members, initial=initial
        )
        if form.is_valid() and formset.is_valid():
            household = services.household_save(form=form, formset=formset, actor=request.user)
            messages.success(request, _("Household saved."))
            return redirect(household)
        messages.error(request, _("Please correct the errors below."))
    else:
        form = HouseholdForm(instance=household, user=request.user)
        formset = Formset(instance=household, prefix="members", queryset=members, initial=initial)
    return render(
        request,
        "communities/household_form.html",
        {"form": form, "formset": formset, "household": household, "adding": adding},
    )


def _int(value) -> int:
    return int(value) if value and str(value).isdigit() and int(value) < MAX_MEMBER_ROWS else 0


@require_GET
@login_required
@permission_required("communities.add_resident", raise_exception=True)
@query_parameters(values={"members-TOTAL_FORMS": ("0", "2", "x")})
def household_member_row(request):
    """One more empty member row for the household form (htmx), and the formset's new count."""
    index = _int(request.GET.get("members-TOTAL_FORMS"))
    formset = member_formset(0)(instance=Household(), prefix="members")
    member = formset.empty_form
    member.prefix = formset.add_prefix(index)
    return render(
        request,
        "communities/_member_added.html",
        {"member": member, "index": index, "total": index + 1},
    )


@require_GET
@login_required
@permission_required("communities.view_resident", raise_exception=True)
@query_parameters(filterset=ResidentFilter)
def resident_list(request):
    queryset = Resident.objects.for_request(request).select_related("community", "household")
    filterset = ResidentFilter(request.GET, queryset=queryset, request=request)
    residents = filterset.qs
    if wants_export(request):
        return exports.residents_xlsx(request, residents)
    return render(
        request,
        "communities/resident_list.html",
        {"filter": filterset, "page": paginate(request, residents, paginator=CommunityPaginator)},
    )


@require_GET
@login_required
@permission_required("communities.view_resident", raise_exception=True)
def resident_detail(request, pk):
    resident = Resident.objects.select_related(
        "community", "household", "household__compound"
    ).get_for_user(request.user, pk=pk)
    return render(
        request,
        "communities/resident_detail.html",
        {"resident": resident, "changes": selectors.resident_changes(resident, request.user)},
    )


@require_GET
@login_required
@permission_required("communities.view_resident", raise_exception=True)
def resident_record(request, pk):
    """The person's whole record: enrollments, payments by month and program, services,
    employment and duty, each section from the app that holds it (communities/record.py)."""
    resident = Resident.objects.select_related("community", "household").get_for_user(
        request.user, pk=pk
    )
    return render(
        request,
        "communities/resident_record.html",
        {"resident": resident, "sections": record.resident_sections(resident, request.user)},
    )


@require_GET
@login_required
@permission_required("communities.view_resident", raise_exception=True)
@query_parameters(search=("q",))
def resident_pick(request):
    """The resident picker's results: current residents of the user's scope."""
    residents = (
        Resident.objects.visible_to(request.user)
        .current()
        .search(request.GET.get("q", ""))
        .select_related("community")
    )
    if not request.GET.get("q", "").strip():
        residents = residents.none()
    return picker_response(
        request, residents, label=resident_label, detail=lambda r: r.community.name
    )


@require_GET
@login_required
@permission_required("communities.view_household", raise_exception=True)
def household_record(request, pk):
    """The household's whole record, its members' entries together."""
    household = Household.objects.select_related("community", "head").get_for_user(
        request.user, pk=pk
    )
    return render(
        request,
        "communities/household_record.html",
        {
            "household": household,
            "members": list(selectors.household_members(household)),
            "sections": record.household_sections(household, request.user),
        },
    )


@require_GET
@login_required
@permission_required("communities.view_household", raise_exception=True)
@query_parameters(search=("q",))
def household_pick(request):
    """The household picker's results: households of the user's scope."""
    query = request.GET.get("q", "").strip()
    households = (
        Household.objects.visible_to(request.user).search(query).select_related("head", "community")
        if query
        else Household.objects.visible_to(request.user).none()
    )
    return picker_response(
        request, households, label=str, detail=lambda household: household.community.name
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("communities.change_resident", raise_exception=True)
def resident_edit(request, pk):
    resident = Resident.objects.get_for_user(request.user, pk=pk)
    form = ResidentForm(request.POST or None, instance=resident, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.resident_save(form=form, actor=request.user)
            messages.success(request, _("Resident saved."))
            return redirect(resident)
        messages.error(request, _("Please correct the errors below."))
    return render(request, "communities/resident_form.html", {"form": form, "resident": resident})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("communities.add_resident", raise_exception=True)
def resident_import(request):
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.residents_import(user=request.user, upload=form.cleaned_data["file"])
        except SpreadsheetError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(
                    request,
                    _("Imported %(count)d residents.") % {"count": result.created},
                )
                return redirect("communities:resident_list")
            messages.error(
                request,
                _("Nothing was imported: %(count)d problem(s) found; correct them and retry.")
                % {"count": len(result.errors)},
            )
    return render(
        request,
        "communities/resident_import.html",
        {
            "form": form,
            "result": result,
            "required": services.IMPORT_REQUIRED,
            "optional": services.IMPORT_OPTIONAL,
        },
    )


@require_GET
@login_required
@permission_required("communities.add_resident", raise_exception=True)
def resident_import_template(request):
    content = build_workbook(_("Residents"), services.IMPORT_COLUMNS, services.IMPORT_EXAMPLE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(f"居民导入模板-{stamp}.xlsx", content)


# “My exports”: the background exports a user asked for, their progress and their files.
RECENT_EXPORTS = 50


@require_GET
@login_required
def exportjob_list(request):
    jobs = ExportJob.objects.visible_to(request.user)[:RECENT_EXPORTS]
    return render(
        request,
        "communities/exportjob_list.html",
        {"jobs": jobs, "keep_days": settings.EXPORT_JOB_KEEP_DAYS},
    )


@require_GET
@login_required
def exportjob_status(request, pk):
    """One row of “My exports”, polled by htmx while its job is waiting or writing."""
    job = ExportJob.objects.get_for_user(request.user, pk=pk)
    return render(request, "communities/_exportjob_row.html", {"job": job})


@serves_private_file("communities.ExportJob.file")
@require_GET
@login_required
def exportjob_download(request, pk):
    """The file of a finished export: for the user who asked for it, nobody else (404)."""
    job = ExportJob.objects.get_for_user(request.user, pk=pk, status=ExportJob.Status.DONE)
    return private_file_response(job.file, filename=job.download_name())
