from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.lists import (
    EXPORT_CHUNK_ROWS,
    CommunityPaginator,
    export_response,
    form_errors_to_messages,
    paginate,
    query_parameters,
    wants_export,
)
from burqin.pickers import picker_response
from communities.exports import export_list
from communities.idnumbers import id_number_for
from communities.models import Community, Resident

from . import forms, selectors, services
from .models import (
    Contest,
    ContestEntry,
    Enterprise,
    FairAttendance,
    JobFair,
    JobSeeker,
    LaborTransfer,
    PensionContribution,
    Placement,
    Trainee,
    TrainingClass,
    Vacancy,
)
from .summary import renewal


def _form_page(request, form, title, back):
    return render(
        request, "communities/object_form.html", {"form": form, "title": title, "back": back}
    )


def _residents(request):
    return Resident.objects.visible_to(request.user).current()


# Seekers ----------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("employment.view_jobseeker", raise_exception=True)
@query_parameters(search=["q"], values={"status": JobSeeker.Status.values})
def jobseeker_list(request):
    # Ordered by community first and paged per community (burqin.lists.CommunityPaginator): a
    # town-wide page sorts the seekers of the communities it shows, not every seeker joined to
    # the registry (0.12 s at prefecture scale).
    seekers = (
        JobSeeker.objects.for_request(request)
        .select_related("resident", "community")
        .order_by("community__order", "community_id", "resident__name_pinyin", "pk")
    )
    status = request.GET.get("status")
    if status:
        seekers = seekers.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        seekers = seekers.filter(
            resident__in=Resident.objects.visible_to(request.user).search(query).values("pk")
        )
    if wants_export(request):
        rows = (
            [
                s.resident.name,
                id_number_for(request.user, s.resident.id_number),
                s.community.name,
                s.get_status_display(),
                s.get_education_display(),
                s.skills,
                s.wish_sector,
                s.wish_wage,
                s.registered_on,
            ]
            for s in seekers.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        )
        return export_list(
            request,
            rows,
            total=seekers.count(),
            title=_("Job seekers"),
            headers=[
                _("Name"),
                _("ID number"),
                _("Community"),
                _("Status"),
                _("Education"),
                _("Skills"),
                _("Wished sector"),
                _("Wished wage (yuan/month)"),
                _("Registered on"),
            ],
        )
    return render(
        request,
        "employment/jobseeker_list.html",
        {
            "page": paginate(request, seekers, paginator=CommunityPaginator),
            "statuses": JobSeeker.Status.choices,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_jobseeker", raise_exception=True)
@query_parameters(search=["id_number"])
def jobseeker_create(request):
    form = forms.JobSeekerForm(
        request.POST or None,
        residents=_residents(request),
        initial={"id_number": request.GET.get("id_number", "")},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("id_number", "resident")}
        seeker = services.jobseeker_register(
            user=request.user, resident=form.cleaned_data["resident"], **fields
        )
        return redirect(seeker)
    return _form_page(request, form, _("Register a job seeker"), "employment:jobseeker_list")


@require_GET
@login_required
@permission_required("employment.view_jobseeker", raise_exception=True)
def jobseeker_detail(request, pk):
    seeker = JobSeeker.objects.select_related("resident", "community").get_for_user(
        request.user, pk=pk
    )
    return render(
        request,
        "employment/jobseeker_detail.html",
        {
            "seeker": seeker,
            "attendances": seeker.attendances.select_related("fair").prefetch_related(
                Prefetch(
                    "referrals",
                    queryset=Vacancy.objects.visible_to(request.user).select_related("enterprise"),
                )
            ),
            "placements": seeker.placements.select_related("enterprise", "vacancy"),
            "trainings": Trainee.objects.visible_to(request.user)
            .filter(resident=seeker.resident)
            .select_related("training"),
            "matches": selectors.vacancies_for_seeker(seeker, request.user),
            "placement_form": forms.PlacementForm(initial={"start_date": timezone.localdate()}),
        },
    )


@require_POST
@login_required
@permission_required("employment.add_placement", raise_exception=True)
def jobseeker_placement_add(request, pk):
    seeker = JobSeeker.objects.get_for_user(request.user, pk=pk)
    form = forms.PlacementForm(request.POST)
    if form.is_valid():
        services.placement_create(user=request.user, seeker=seeker, **form.cleaned_data)
        messages.success(request, _("Placement recorded; follow-up due in three months."))
    else:
        form_errors_to_messages(request, form)
    return redirect(seeker)


# Enterprises and vacancies ----------------------------------------------------------------


@require_GET
@login_required
@permission_required("employment.view_enterprise", raise_exception=True)
@query_parameters(search=["industry"], values={"size": Enterprise.Size.values})
def enterprise_list(request):
    enterprises = (
        Enterprise.objects.visible_to(request.user)
        .annotate(
            open_vacancies=Count("vacancies", filter=Q(vacancies__is_open=True), distinct=True),
            fair_count=Count("fairs", distinct=True),
        )
        .order_by("name")
    )
    for field in ("size", "industry"):
        if request.GET.get(field):
            enterprises = enterprises.filter(**{field: request.GET[field]})
    if wants_export(request):
        rows = (
            [
                e.name,
                e.credit_code,
                e.get_size_display(),
                e.industry,
                e.contact,
                e.phone,
                e.open_vacancies,
            ]
            for e in enterprises
        )
        return export_response(
            _("Enterprises"),
            [
                _("Name"),
                _("Credit code"),
                _("Size"),
                _("Industry"),
                _("Contact"),
                _("Phone"),
                _("Open vacancies"),
            ],
            rows,
        )
    return render(
        request,
        "employment/enterprise_list.html",
        {"page": paginate(request, enterprises), "sizes": Enterprise.Size.choices},
    )


@require_GET
@login_required
@permission_required("employment.view_enterprise", raise_exception=True)
@query_parameters(search=("q",))
def enterprise_pick(request):
    """The enterprise picker's results (enterprises serve the whole town)."""
    query = request.GET.get("q", "").strip()
    enterprises = Enterprise.objects.visible_to(request.user).order_by("name")
    enterprises = enterprises.filter(name__contains=query) if query else enterprises.none()
    return picker_response(request, enterprises, label=str, detail=lambda e: e.industry)


@require_GET
@login_required
@permission_required("employment.view_vacancy", raise_exception=True)
@query_parameters(search=("q",))
def vacancy_pick(request):
    """The vacancy picker's results: by title or enterprise name, open vacancies first."""
    query = request.GET.get("q", "").strip()
    vacancies = (
        Vacancy.objects.visible_to(request.user)
        .select_related("enterprise")
        .order_by("-is_open", "enterprise__name", "title")
    )
    vacancies = (
        vacancies.filter(Q(title__contains=query) | Q(enterprise__name__contains=query))
        if query
        else vacancies.none()
    )
    return picker_response(
        request,
        vacancies,
        label=str,
        detail=lambda v: "" if v.is_open else _("closed"),
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_enterprise", raise_exception=True)
def enterprise_create(request):
    form = forms.EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect(services.enterprise_create(user=request.user, **form.cleaned_data))
    return _form_page(request, form, _("New enterprise"), "employment:enterprise_list")


@require_GET
@login_required
@permission_required("employment.view_enterprise", raise_exception=True)
def enterprise_detail(request, pk):
    enterprise = Enterprise.objects.get_for_user(request.user, pk=pk)
    return render(
        request,
        "employment/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "vacancies": enterprise.vacancies.all(),
            "vacancy_form": forms.VacancyForm(),
            "placements": Placement.objects.visible_to(request.user)
            .filter(enterprise=enterprise)
            .select_related("seeker__resident")[:50],
        },
    )


@require_POST
@login_required
@permission_required("employment.add_vacancy", raise_exception=True)
def enterprise_vacancy_add(request, pk):
    enterprise = Enterprise.objects.get_for_user(request.user, pk=pk)
    form = forms.VacancyForm(request.POST)
    if form.is_valid():
        services.vacancy_add(user=request.user, enterprise=enterprise, **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect(enterprise)


@require_GET
@login_required
@permission_required("employment.view_vacancy", raise_exception=True)
def vacancy_detail(request, pk):
    vacancy = Vacancy.objects.select_related("enterprise").get_for_user(request.user, pk=pk)
    seekers = JobSeeker.objects.visible_to(request.user)
    return render(
        request,
        "employment/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "matches": selectors.seekers_for_vacancy(vacancy, seekers),
        },
    )


# Fairs and check-in -----------------------------------------------------------------------


@require_GET
@login_required
@permission_required("employment.view_jobfair", raise_exception=True)
def jobfair_list(request):
    fairs = (
        JobFair.objects.visible_to(request.user)
        .annotate(
            enterprise_count=Count("enterprises", distinct=True),
        )
        .order_by("-date", "-pk")
    )
    if wants_export(request):
        rows = ([f.date, f.theme, f.place, f.organiser, f.enterprise_count] for f in fairs)
        return export_response(
            _("Job fairs"),
            [_("Date"), _("Theme"), _("Place"), _("Organiser"), _("Enterprises")],
            rows,
        )
    return render(request, "employment/jobfair_list.html", {"page": paginate(request, fairs)})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_jobfair", raise_exception=True)
def jobfair_create(request):
    form = forms.JobFairForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        return redirect(services.job_fair_create(user=request.user, **form.cleaned_data))
    return _form_page(request, form, _("New job fair"), "employment:jobfair_list")


@require_GET
@login_required
@permission_required("employment.view_jobfair", raise_exception=True)
def jobfair_detail(request, pk):
    fair = JobFair.objects.get_for_user(request.user, pk=pk)
    attendances = FairAttendance.objects.visible_to(request.user).filter(fair=fair)
    return render(
        request,
        "employment/jobfair_detail.html",
        {
            "fair": fair,
            "enterprises": fair.enterprises.all(),
            "page": paginate(
                request, attendances.select_related("seeker__resident", "seeker__community")
            ),
            "attendee_count": attendances.count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_fairattendance", raise_exception=True)
def jobfair_checkin(request, pk):
    """Fair day on a phone: type or scan an ID number; found seekers are checked in at once."""
    fair = JobFair.objects.get_for_user(request.user, pk=pk)
    result = None
    form = forms.CheckInForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("register"):
            resident = _residents(request).filter(pk=request.POST["register"]).first()
            if resident is not None:
                services.jobseeker_register(user=request.user, resident=resident)
        if form.is_valid():
            result = services.fair_check_in(
                user=request.user,
                fair=fair,
                id_number=form.cleaned_data["id_number"],
                residents=_residents(request),
            )
            form = forms.CheckInForm() if result.status in ("checked_in", "already") else form
    vacancies = Vacancy.objects.visible_to(request.user).filter(
        enterprise__in=fair.enterprises.all(), is_open=True
    )
    return render(
        request,
        "employment/jobfair_checkin.html",
        {
            "fair": fair,
            "form": form,
            "result": result,
            "vacancies": vacancies.select_related("enterprise"),
            "count": FairAttendance.objects.visible_to(request.user).filter(fair=fair).count(),
        },
    )


@require_POST
@login_required
@permission_required("employment.change_fairattendance", raise_exception=True)
def fairattendance_referrals(request, pk):
    attendance = FairAttendance.objects.get_for_user(request.user, pk=pk)
    services.fair_attendance_referrals_set(
        user=request.user,
        attendance=attendance,
        info_given=request.POST.get("info_given") == "on",
        vacancies=Vacancy.objects.visible_to(request.user).filter(
            pk__in=request.POST.getlist("referrals")
        ),
    )
    messages.success(request, _("Saved."))
    return redirect("employment:jobfair_checkin", pk=attendance.fair_id)


# Placements -------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("employment.view_placement", raise_exception=True)
@query_parameters(values={"due": ["1"]})
def placement_list(request):
    placements = Placement.objects.for_request(request).select_related(
        "seeker__resident", "seeker__community", "enterprise", "vacancy"
    )
    if request.GET.get("due"):
        placements = placements.filter(
            follow_up_due__lte=timezone.localdate(), followed_up_on__isnull=True
        )
    if wants_export(request):
        rows = (
            [
                p.seeker.resident.name,
                p.seeker.community.name,
                p.enterprise.name,
                p.vacancy.title if p.vacancy_id else "",
                p.start_date,
                p.wage,
                p.get_contract_display(),
                p.follow_up_due,
                p.still_employed,
            ]
            for p in placements.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        )
        return export_list(
            request,
            rows,
            total=placements.count(),
            title=_("Placements"),
            headers=[
                _("Name"),
                _("Community"),
                _("Enterprise"),
                _("Vacancy"),
                _("Start date"),
                _("Wage (yuan/month)"),
                _("Contract"),
                _("Follow-up due"),
                _("Still employed"),
            ],
        )
    return render(
        request, "employment/placement_list.html", {"page": paginate(request, placements)}
    )


@require_POST
@login_required
@permission_required("employment.change_placement", raise_exception=True)
def placement_follow_up(request, pk):
    placement = Placement.objects.get_for_user(request.user, pk=pk)
    services.placement_follow_up(
        placement=placement,
        still_employed=request.POST.get("still_employed") == "1",
        user=request.user,
    )
    messages.success(request, _("Saved."))
    return redirect("employment:placement_list")


# Training, contests, transfers, pensions --------------------------------------------------


@require_GET
@login_required
@permission_required("employment.view_trainingclass", raise_exception=True)
def trainingclass_list(request):
    classes = (
        TrainingClass.objects.visible_to(request.user)
        .annotate(
            trainee_count=Count("trainees"),
            completed_count=Count("trainees", filter=Q(trainees__completed=True)),
        )
        .order_by("-start_date", "-pk")
    )
    if wants_export(request):
        rows = (
            [
                c.subject,
                c.start_date,
                c.end_date,
                c.hours,
                c.trainer,
                c.cost_source,
                c.trainee_count,
                c.completed_count,
            ]
            for c in classes
        )
        return export_response(
            _("Training classes"),
            [
                _("Subject"),
                _("Start date"),
                _("End date"),
                _("Hours"),
                _("Trainer"),
                _("Cost source"),
                _("Trainees"),
                pgettext("training", "Completed"),
            ],
            rows,
        )
    return render(
        request, "employment/trainingclass_list.html", {"page": paginate(request, classes)}
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_trainingclass", raise_exception=True)
def trainingclass_create(request):
    form = forms.TrainingClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect(services.training_class_create(user=request.user, **form.cleaned_data))
    return _form_page(request, form, _("New training class"), "employment:trainingclass_list")


@require_GET
@login_required
@permission_required("employment.view_trainingclass", raise_exception=True)
def trainingclass_detail(request, pk):
    training = TrainingClass.objects.get_for_user(request.user, pk=pk)
    trainees = Trainee.objects.visible_to(request.user).filter(training=training)
    return render(
        request,
        "employment/trainingclass_detail.html",
        {
            "training": training,
            "trainees": trainees.select_related("resident"),
            "trainee_form": forms.TraineeForm(residents=_residents(request)),
        },
    )


@require_POST
@login_required
@permission_required("employment.add_trainee", raise_exception=True)
def trainingclass_trainee_add(request, pk):
    training = TrainingClass.objects.get_for_user(request.user, pk=pk)
    _save_resident_entry(request, forms.TraineeForm, services.trainee_upsert, training=training)
    return redirect(training)


@require_GET
@login_required
@permission_required("employment.view_contest", raise_exception=True)
def contest_list(request):
    contests = (
        Contest.objects.visible_to(request.user)
        .annotate(
            entry_count=Count("entries"),
            finalist_count=Count("entries", filter=Q(entries__finalist=True)),
        )
        .order_by("-date", "-pk")
    )
    if wants_export(request):
        rows = ([c.name, c.date, c.organiser, c.entry_count, c.finalist_count] for c in contests)
        return export_response(
            _("Contests"),
            [_("Name"), _("Date"), _("Organiser"), _("Entrants"), _("Finalists")],
            rows,
        )
    return render(request, "employment/contest_list.html", {"page": paginate(request, contests)})


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.add_contest", raise_exception=True)
def contest_create(request):
    form = forms.ContestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect(services.contest_create(user=request.user, **form.cleaned_data))
    return _form_page(request, form, _("New contest"), "employment:contest_list")


@require_GET
@login_required
@permission_required("employment.view_contest", raise_exception=True)
def contest_detail(request, pk):
    contest = Contest.objects.get_for_user(request.user, pk=pk)
    entries = ContestEntry.objects.visible_to(request.user).filter(contest=contest)
    return render(
        request,
        "employment/contest_detail.html",
        {
            "contest": contest,
            "entries": entries.select_related("resident"),
            "entry_form": forms.ContestEntryForm(residents=_residents(request)),
        },
    )


@require_POST
@login_required
@permission_required("employment.add_contestentry", raise_exception=True)
def contest_entry_add(request, pk):
    contest = Contest.objects.get_for_user(request.user, pk=pk)
    _save_resident_entry(
        request, forms.ContestEntryForm, services.contest_entry_upsert, contest=contest
    )
    return redirect(contest)


def _save_resident_entry(request, form_class, upsert, **parent):
    """Add or update one resident's row under a town-wide record (a trainee of a class, an
    entrant of a contest) through ``upsert``; the resident is found by ID number among the
    user's own."""
    form = form_class(request.POST, residents=_residents(request))
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return
    fields = [f for f in form_class.Meta.fields if f != "id_number"]
    upsert(
        user=request.user,
        resident=form.cleaned_data["resident"],
        **parent,
        **{f: form.cleaned_data[f] for f in fields},
    )
    messages.success(request, _("Saved."))


def _recent_years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year - 1, this_year]


def _resident_record_list(request, model, create_form_class, add):
    """A list of per-resident records with its add form (saved through ``add``): (records,
    form), or the redirect after a successful add."""
    records = model.objects.for_request(request).select_related("resident", "community")
    form = create_form_class(request.POST or None, residents=_residents(request))
    if request.method == "POST":
        if not request.user.has_perm(f"employment.add_{model._meta.model_name}"):
            raise PermissionDenied
        if form.is_valid():
            fields = [f for f in create_form_class.Meta.fields if f != "id_number"]
            add(
                user=request.user,
                resident=form.cleaned_data["resident"],
                **{f: form.cleaned_data[f] for f in fields},
            )
            messages.success(request, _("Saved."))
            return redirect(request.path)
    return records, form


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.view_labortransfer", raise_exception=True)
def labortransfer_list(request):
    result = _resident_record_list(
        request, LaborTransfer, forms.LaborTransferForm, services.labor_transfer_add
    )
    if not isinstance(result, tuple):
        return result
    records, form = result
    if wants_export(request):
        rows = (
            [
                t.resident.name,
                t.community.name,
                t.destination,
                t.sector,
                t.from_date,
                t.to_date,
                t.monthly_income,
            ]
            for t in records.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        )
        return export_list(
            request,
            rows,
            total=records.count(),
            title=_("Labor transfers"),
            headers=[
                _("Name"),
                _("Community"),
                _("Destination"),
                _("Sector"),
                _("From"),
                _("Until"),
                _("Monthly income (yuan)"),
            ],
        )
    shares = selectors.village_transfer_shares(
        Community.objects.for_request(request), timezone.localdate()
    )
    return render(
        request,
        "employment/labortransfer_list.html",
        {"page": paginate(request, records), "form": form, "shares": shares},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("employment.view_pensioncontribution", raise_exception=True)
@query_parameters(values={"year": lambda: _recent_years()})
def pensioncontribution_list(request):
    result = _resident_record_list(
        request, PensionContribution, forms.PensionForm, services.pension_contribution_add
    )
    if not isinstance(result, tuple):
        return result
    records, form = result
    year = int(request.GET.get("year") or timezone.localdate().year)
    figures = renewal(year, Community.objects.for_request(request))
    if wants_export(request):
        rows = (
            [p.resident.name, p.community.name, p.year, p.grade, p.amount]
            for p in records.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        )
        return export_list(
            request,
            rows,
            total=records.count(),
            title=_("Pension contributions"),
            headers=[_("Name"), _("Community"), _("Year"), _("Grade"), _("Amount (yuan)")],
        )
    return render(
        request,
        "employment/pensioncontribution_list.html",
        {"page": paginate(request, records), "form": form, "figures": figures, "year": year},
    )
