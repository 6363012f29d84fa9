"""Pages of the community services: service records (with quick entry), volunteer teams,
1+1 pairings, interest classes, projects, and the community profile. Writes go through
``services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.files import download_name, private_file_response, serves_private_file
from burqin.lists import (
    CountedPaginator,
    export_response,
    form_errors_to_messages,
    paginate,
    query_parameters,
    wants_export,
)
from burqin.people import person_name
from burqin.periods import Period, month_start
from communities.models import Community, Compound, Household, Resident, StaffProfile
from communities.roles import SERVICE_CENTRE, has_role
from communities.selectors import community_for_new_records

from . import forms, selectors, services
from .filters import PairingFilter, ProjectFilter, ServiceRecordFilter
from .models import (
    InterestClass,
    Pairing,
    Project,
    ProjectProgress,
    ServiceCategory,
    ServiceRecord,
    VolunteerTeam,
)
from .summary import section

LAST_CATEGORY = "last_service_category"


def _record_values(cleaned_data: dict) -> dict:
    """A service record form's values as the services take them (``who`` is the resident)."""
    values = dict(cleaned_data)
    values["resident"] = values.pop("who")
    return values


@require_GET
@login_required
@permission_required("community_services.view_servicerecord", raise_exception=True)
@query_parameters(filterset=ServiceRecordFilter)
def servicerecord_list(request):
    queryset = ServiceRecord.objects.for_request(request).select_related(
        "community", "category", "resident", "staff"
    )
    filterset = ServiceRecordFilter(request.GET or None, queryset=queryset, request=request)
    records = filterset.qs
    if wants_export(request):
        rows = (
            [
                r.date,
                r.community.name,
                r.category.name,
                r.get_provider_display(),
                r.get_charge_display(),
                r.fee,
                r.resident.name if r.resident_id else "",
                person_name(r.staff),
                r.note,
            ]
            for r in records.iterator(chunk_size=2000)
        )
        headers = [
            _("Date"),
            _("Community"),
            _("Category"),
            _("Given by"),
            _("Charge"),
            _("Fee (yuan)"),
            _("Resident served"),
            _("Staff"),
            _("Note"),
        ]
        return export_response(_("Service records"), headers, rows)
    summary = selectors.charge_summary(records)
    page = paginate(request, records, paginator=CountedPaginator, count=summary["records"])
    return render(
        request,
        "community_services/servicerecord_list.html",
        {"filter": filterset, "page": page, "summary": summary},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_servicerecord", raise_exception=True)
def servicerecord_quick(request):
    """Many entries a day from the keyboard: the form stays on top, today's list below."""
    residents = Resident.objects.visible_to(request.user)
    last = request.session.get(LAST_CATEGORY) or (
        ServiceCategory.objects.filter(active=True).values_list("pk", flat=True).first()
    )
    at_centre = has_role(request.user, SERVICE_CENTRE)
    initial = {
        "date": timezone.localdate(),
        "category": last,
        "charge": ServiceRecord.Charge.FREE,
        "fee": 0,
        "provider": ServiceRecord.Provider.TOWN_CENTRE if at_centre else None,
    }
    form = forms.ServiceRecordForm(
        request.POST or None, residents=residents, initial=initial, at_centre=at_centre
    )
    if request.method == "POST" and form.is_valid():
        record = services.service_record_create(
            actor=request.user,
            community=community_for_new_records(request),
            **_record_values(form.cleaned_data),
        )
        request.session[LAST_CATEGORY] = record.category_id
        messages.success(request, _("Saved: %(record)s.") % {"record": record})
        return redirect("community_services:servicerecord_quick")
    today = (
        ServiceRecord.objects.for_request(request)
        .filter(date=timezone.localdate())
        .select_related("category", "resident")
    )
    return render(
        request,
        "community_services/servicerecord_quick.html",
        {"form": form, "today": today[:100], "today_count": today.count()},
    )


@require_GET
@login_required
@permission_required("communities.view_resident", raise_exception=True)
@query_parameters(search=["who"])
def resident_lookup(request):
    """htmx: the residents matching what was typed so far (for the quick-entry hint)."""
    text = request.GET.get("who", "").strip()
    matches = Resident.objects.visible_to(request.user).current().search(text)[:6] if text else []
    return render(
        request, "community_services/_resident_lookup.html", {"matches": matches, "text": text}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.change_servicerecord", raise_exception=True)
def servicerecord_edit(request, pk):
    record = ServiceRecord.objects.select_related("resident").get_for_user(request.user, pk=pk)
    form = forms.ServiceRecordForm(
        request.POST or None,
        instance=record,
        residents=Resident.objects.visible_to(request.user),
        at_centre=has_role(request.user, SERVICE_CENTRE),
    )
    if request.method == "POST" and form.is_valid():
        services.service_record_update(
            actor=request.user, record=record, **_record_values(form.cleaned_data)
        )
        messages.success(request, _("Saved."))
        # Back to the list from the record's month: the bare list begins on this month's first.
        month = month_start(form.cleaned_data["date"])
        return redirect(
            reverse("community_services:servicerecord_list") + f"?date_from={month:%Y-%m-%d}"
        )
    return render(
        request,
        "communities/object_form.html",
        {
            "form": form,
            "title": _("Edit service record"),
            "back": "community_services:servicerecord_list",
        },
    )


@require_GET
@login_required
@permission_required("community_services.view_volunteerteam", raise_exception=True)
def volunteerteam_list(request):
    teams = (
        VolunteerTeam.objects.for_request(request)
        .select_related("community")
        .annotate(volunteer_count=Count("volunteers", distinct=True))
    )
    hours = selectors.team_hours(teams, request.user)
    if wants_export(request):
        rows = (
            [
                t.name,
                t.community.name,
                t.leader,
                t.volunteer_count,
                (hours.get(t.pk) or {}).get("hours") or 0,
            ]
            for t in teams
        )
        headers = [_("Team"), _("Community"), _("Leader"), _("Volunteers"), _("Hours")]
        return export_response(_("Volunteer teams"), headers, rows)
    return render(
        request, "community_services/volunteerteam_list.html", {"teams": teams, "hours": hours}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_volunteerteam", raise_exception=True)
def volunteerteam_create(request):
    form = forms.VolunteerTeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = services.volunteer_team_create(
            actor=request.user, community=community_for_new_records(request), **form.cleaned_data
        )
        return redirect(team)
    return render(
        request,
        "communities/object_form.html",
        {
            "form": form,
            "title": _("New volunteer team"),
            "back": "community_services:volunteerteam_list",
        },
    )


@require_GET
@login_required
@permission_required("community_services.view_volunteerteam", raise_exception=True)
def volunteerteam_detail(request, pk):
    team = VolunteerTeam.objects.select_related("community").get_for_user(request.user, pk=pk)
    activities = team.activities.order_by("-date", "-pk").annotate(
        people=Count("activityparticipation"), hours=Sum("activityparticipation__hours")
    )
    return render(
        request,
        "community_services/volunteerteam_detail.html",
        {
            "team": team,
            "volunteers": selectors.volunteers_with_hours(team, request.user),
            "activities": paginate(request, activities),
            "volunteer_form": forms.VolunteerForm(),
            "activity_form": forms.ActivityForm(team=team),
        },
    )


@require_POST
@login_required
@permission_required("community_services.add_volunteer", raise_exception=True)
def volunteerteam_volunteer_add(request, pk):
    team = VolunteerTeam.objects.get_for_user(request.user, pk=pk)
    form = forms.VolunteerForm(request.POST)
    if form.is_valid():
        services.volunteer_add(actor=request.user, team=team, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(team)


@require_POST
@login_required
@permission_required("community_services.add_volunteeractivity", raise_exception=True)
def volunteerteam_activity_add(request, pk):
    team = VolunteerTeam.objects.get_for_user(request.user, pk=pk)
    form = forms.ActivityForm(request.POST, team=team)
    if form.is_valid():
        services.volunteer_activity_add(actor=request.user, team=team, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(team)


@require_GET
@login_required
@permission_required("community_services.view_pairing", raise_exception=True)
@query_parameters(filterset=PairingFilter)
def pairing_list(request):
    queryset = selectors.with_last_visit(
        Pairing.objects.for_request(request).select_related(
            "community", "household", "household__head"
        )
    )
    queryset = queryset.order_by("community__order", "cadre_name", "pk")
    filterset = PairingFilter(request.GET or None, queryset=queryset, request=request)
    if wants_export(request):
        rows = (
            [
                p.cadre_name,
                p.community.name,
                p.household.address,
                p.household.head.name if p.household.head_id else "",
                p.started_on,
                p.last_visit,
                p.visit_count,
            ]
            for p in filterset.qs
        )
        headers = [
            _("Cadre"),
            _("Community"),
            _("Household"),
            _("Head"),
            _("Paired since"),
            _("Last visit"),
            _("Visits"),
        ]
        return export_response(_("1+1 pairings"), headers, rows)
    overdue = selectors.overdue_pairings(
        Pairing.objects.for_request(request), selectors.OVERDUE_DAYS
    )
    return render(
        request,
        "community_services/pairing_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs),
            "overdue_count": overdue.count(),
            "overdue_days": selectors.OVERDUE_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_pairing", raise_exception=True)
def pairing_create(request):
    households = Household.objects.visible_to(request.user)
    form = forms.PairingForm(
        request.POST or None, households=households, initial={"started_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        pairing = services.pairing_create(actor=request.user, **form.cleaned_data)
        return redirect(pairing)
    return render(
        request,
        "communities/object_form.html",
        {"form": form, "title": _("New 1+1 pairing"), "back": "community_services:pairing_list"},
    )


@require_GET
@login_required
@permission_required("community_services.view_pairing", raise_exception=True)
def pairing_detail(request, pk):
    pairing = Pairing.objects.select_related(
        "household", "household__head", "community"
    ).get_for_user(request.user, pk=pk)
    return render(
        request,
        "community_services/pairing_detail.html",
        {
            "pairing": pairing,
            "visits": pairing.visits.all(),
            "visit_form": forms.VisitForm(initial={"date": timezone.localdate()}),
        },
    )


@require_POST
@login_required
@permission_required("community_services.add_pairingvisit", raise_exception=True)
def pairing_visit_add(request, pk):
    pairing = Pairing.objects.get_for_user(request.user, pk=pk)
    form = forms.VisitForm(request.POST)
    if form.is_valid():
        services.pairing_visit_add(actor=request.user, pairing=pairing, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(pairing)


@require_GET
@login_required
@permission_required("community_services.view_interestclass", raise_exception=True)
def interestclass_list(request):
    classes = (
        InterestClass.objects.for_request(request)
        .select_related("community")
        .annotate(
            member_count=Count("members", distinct=True),
            session_count=Count("sessions", distinct=True),
        )
    )
    if wants_export(request):
        rows = (
            [c.name, c.community.name, c.organiser, c.member_count, c.session_count]
            for c in classes
        )
        headers = [
            _("Class"),
            _("Community"),
            _("Organiser"),
            pgettext("interest class", "Members"),
            _("Sessions"),
        ]
        return export_response(_("Interest classes"), headers, rows)
    return render(request, "community_services/interestclass_list.html", {"classes": classes})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_interestclass", raise_exception=True)
def interestclass_create(request):
    residents = Resident.objects.visible_to(request.user).current()
    form = forms.InterestClassForm(request.POST or None, residents=residents)
    if request.method == "POST" and form.is_valid():
        interest_class = services.interest_class_create(
            actor=request.user, community=community_for_new_records(request), **form.cleaned_data
        )
        return redirect(interest_class)
    return render(
        request,
        "communities/object_form.html",
        {
            "form": form,
            "title": _("New interest class"),
            "back": "community_services:interestclass_list",
        },
    )


@require_GET
@login_required
@permission_required("community_services.view_interestclass", raise_exception=True)
def interestclass_detail(request, pk):
    interest_class = InterestClass.objects.select_related("community").get_for_user(
        request.user, pk=pk
    )
    sessions = interest_class.sessions.annotate(attendance=Count("attendees")).order_by(
        "-date", "-pk"
    )
    return render(
        request,
        "community_services/interestclass_detail.html",
        {
            "interest_class": interest_class,
            "members": interest_class.members.all(),
            "sessions": paginate(request, sessions),
            "session_form": forms.SessionForm(interest_class=interest_class),
        },
    )


@require_POST
@login_required
@permission_required("community_services.add_classsession", raise_exception=True)
def interestclass_session_add(request, pk):
    interest_class = InterestClass.objects.get_for_user(request.user, pk=pk)
    form = forms.SessionForm(request.POST, interest_class=interest_class)
    if form.is_valid():
        services.class_session_add(
            actor=request.user, interest_class=interest_class, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(interest_class)


@require_GET
@login_required
@permission_required("community_services.view_project", raise_exception=True)
@query_parameters(filterset=ProjectFilter)
def project_list(request):
    queryset = (
        Project.objects.for_request(request)
        .select_related("community")
        .annotate(allocated=Sum("fundings__allocated"), received=Sum("fundings__received"))
        .order_by("-started_on", "-pk")
    )
    filterset = ProjectFilter(request.GET or None, queryset=queryset, request=request)
    if wants_export(request):
        rows = (
            [
                p.title,
                p.community.name,
                p.get_kind_display(),
                p.get_status_display(),
                p.started_on,
                p.completed_on,
                p.budget,
                p.allocated or 0,
                p.received or 0,
            ]
            for p in filterset.qs
        )
        headers = [
            _("Project"),
            _("Community"),
            _("Kind"),
            _("Status"),
            _("Started on"),
            _("Completed on"),
            _("Budget (yuan)"),
            _("Allocated (yuan)"),
            _("Received (yuan)"),
        ]
        return export_response(_("Projects"), headers, rows)
    return render(
        request,
        "community_services/project_list.html",
        {"filter": filterset, "page": paginate(request, filterset.qs)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_project", raise_exception=True)
def project_create(request):
    return _project_form(request, Project())


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.change_project", raise_exception=True)
def project_edit(request, pk):
    return _project_form(request, Project.objects.get_for_user(request.user, pk=pk))


def _project_form(request, project):
    compounds = Compound.objects.visible_to(request.user).select_related("community")
    form = forms.ProjectForm(request.POST or None, instance=project, compounds=compounds)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        project = services.project_save(
            actor=request.user,
            project=project,
            community=community_for_new_records(request),
            compounds=list(values.pop("compounds")),
            **values,
        )
        return redirect(project)
    return render(
        request,
        "communities/object_form.html",
        {"form": form, "title": _("Project"), "back": "community_services:project_list"},
    )


@require_GET
@login_required
@permission_required("community_services.view_project", raise_exception=True)
def project_detail(request, pk):
    project = Project.objects.select_related("community").get_for_user(request.user, pk=pk)
    totals = project.funding_totals()
    warnings = []
    if project.budget and totals["allocated"] > project.budget:
        warnings.append(
            _("Funding (%(total)s yuan) exceeds the budget (%(budget)s yuan).")
            % {"total": totals["allocated"], "budget": project.budget}
        )
    if totals["received"] > totals["allocated"]:
        warnings.append(
            _("More has been received (%(received)s) than allocated (%(allocated)s).")
            % {"received": totals["received"], "allocated": totals["allocated"]}
        )
    return render(
        request,
        "community_services/project_detail.html",
        {
            "project": project,
            "totals": totals,
            "warnings": warnings,
            "fundings": project.fundings.all(),
            "progress": project.progress.all(),
            "compounds": project.compounds.all(),
            "funding_form": forms.FundingForm(
                project=project, initial={"date": timezone.localdate()}
            ),
            "progress_form": forms.ProgressForm(initial={"date": timezone.localdate()}),
        },
    )


@require_POST
@login_required
@permission_required("community_services.add_funding", raise_exception=True)
def project_funding_add(request, pk):
    project = Project.objects.get_for_user(request.user, pk=pk)
    form = forms.FundingForm(request.POST, project=project)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "confirm"}
        services.funding_add(actor=request.user, project=project, **values)
        for warning in form.warnings:
            messages.warning(request, warning)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(project)


@require_POST
@login_required
@permission_required("community_services.add_projectprogress", raise_exception=True)
def project_progress_add(request, pk):
    project = Project.objects.get_for_user(request.user, pk=pk)
    form = forms.ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        services.project_progress_add(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(project)


@serves_private_file("community_services.ProjectProgress.photo")
@require_GET
@login_required
@permission_required("community_services.view_projectprogress", raise_exception=True)
def projectprogress_photo(request, pk):
    progress = ProjectProgress.objects.select_related("project").get_for_user(request.user, pk=pk)
    name = download_name(f"{progress.project.title}-{progress.date:%Y-%m-%d}", progress.photo.name)
    return private_file_response(progress.photo, filename=name, inline=True)


@require_GET
@login_required
@permission_required("communities.view_community", raise_exception=True)
def community_profile(request, pk):
    """The community at a glance: who it is, and this year's numbers for each module."""
    community = Community.objects.get_for_user(request.user, pk=pk)
    year = Period.parse(str(timezone.localdate().year))
    figures = section(year, Community.objects.visible_to(request.user).filter(pk=community.pk))
    staff = (
        StaffProfile.objects.visible_to(request.user)
        .filter(community=community)
        .select_related("user")
    )
    return render(
        request,
        "community_services/community_profile.html",
        {
            "community": community,
            "figures": figures,
            "year": year,
            "staff": staff,
            "residents": Resident.objects.visible_to(request.user)
            .filter(community=community)
            .current()
            .count(),
            "households": Household.objects.visible_to(request.user)
            .filter(community=community)
            .count(),
        },
    )
