"""Pages of events (festivals, sports meets, performances) and cadre training classes. Writes go
through ``services``; every read through the scoped querysets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from burqin.lists import (
    choice_labels,
    export_response,
    form_errors_to_messages,
    paginate,
    query_parameters,
    wants_export,
)

from . import forms, services
from .filters import CadreTrainingFilter, EventFilter
from .models import CadreAttendance, CadreTraining, Event, EventTeam


def _organiser(obj) -> str:
    return obj.community.name if obj.community_id else pgettext("organiser", "Town")


def _editable(model, user, pk):
    """The record if the user may change it; a record they may only see answers 403, one they
    may not see 404."""
    obj = model.objects.get_for_user(user, pk=pk)
    if not model.objects.visible_to(user).editable_by(user).filter(pk=pk).exists():
        raise PermissionDenied
    return obj


# Events ------------------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("community_services.view_event", raise_exception=True)
@query_parameters(filterset=EventFilter)
def event_list(request):
    queryset = (
        Event.objects.for_request(request)
        .select_related("community")
        .annotate(team_count=Count("teams"), team_members=Sum("teams__members"))
        .order_by("-date", "-pk")
    )
    filterset = EventFilter(request.GET or None, queryset=queryset, request=request)
    events = filterset.qs
    if wants_export(request):
        kinds = choice_labels(Event, "kind")
        rows = (
            [
                e.date,
                e.end_date,
                kinds[e.kind],
                e.title,
                e.place,
                _organiser(e),
                e.team_count,
                e.team_members or 0,
                e.participants,
                e.audience,
                e.note,
            ]
            for e in events
        )
        headers = [
            _("Date"),
            _("Until"),
            _("Kind"),
            _("Title"),
            _("Place"),
            pgettext("event", "Organiser"),
            _("Teams"),
            _("Team members"),
            _("Participants (person-times)"),
            _("Audience (person-times)"),
            _("Note"),
        ]
        return export_response(_("Events"), headers, rows)
    totals = events.order_by().aggregate(
        participants=Sum("participants"), audience=Sum("audience"), count=Count("id")
    )
    return render(
        request,
        "community_services/event_list.html",
        {"filter": filterset, "page": paginate(request, events), "totals": totals},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_event", raise_exception=True)
def event_create(request):
    return _event_form(request, Event(date=timezone.localdate()))


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.change_event", raise_exception=True)
def event_edit(request, pk):
    return _event_form(request, _editable(Event, request.user, pk))


def _event_form(request, event):
    form = forms.EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = services.event_save(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(event)
    return render(
        request,
        "communities/object_form.html",
        {"form": form, "title": _("Event"), "back": "community_services:event_list"},
    )


@require_GET
@login_required
@permission_required("community_services.view_event", raise_exception=True)
def event_detail(request, pk):
    event = Event.objects.select_related("community").get_for_user(request.user, pk=pk)
    teams = (
        EventTeam.objects.visible_to(request.user).filter(event=event).select_related("community")
    )
    return render(
        request,
        "community_services/event_detail.html",
        {
            "event": event,
            "organiser": _organiser(event),
            "teams": teams,
            "team_totals": teams.order_by().aggregate(n=Count("id"), members=Sum("members")),
            "editable": Event.objects.visible_to(request.user)
            .editable_by(request.user)
            .filter(pk=event.pk)
            .exists(),
            "team_form": forms.EventTeamForm(user=request.user),
        },
    )


@require_POST
@login_required
@permission_required("community_services.add_eventteam", raise_exception=True)
def event_team_add(request, pk):
    event = Event.objects.get_for_user(request.user, pk=pk)
    form = forms.EventTeamForm(request.POST, user=request.user)
    if form.is_valid():
        services.event_team_add(actor=request.user, event=event, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(event)


# Cadre training ----------------------------------------------------------------------------


@require_GET
@login_required
@permission_required("community_services.view_cadretraining", raise_exception=True)
@query_parameters(filterset=CadreTrainingFilter)
def cadretraining_list(request):
    queryset = (
        CadreTraining.objects.for_request(request)
        .select_related("community")
        .annotate(
            attended=Count("attendance", filter=Q(attendance__attended=True)),
            absent=Count("attendance", filter=Q(attendance__attended=False)),
        )
        .order_by("-start_date", "-pk")
    )
    filterset = CadreTrainingFilter(request.GET or None, queryset=queryset, request=request)
    trainings = filterset.qs
    if wants_export(request):
        kinds = choice_labels(CadreTraining, "kind")
        rows = (
            [
                t.start_date,
                t.end_date,
                kinds[t.kind],
                t.title,
                t.hours,
                t.teacher,
                t.organiser,
                t.place,
                _organiser(t),
                t.attended,
                t.absent,
            ]
            for t in trainings
        )
        headers = [
            _("From"),
            _("Until"),
            _("Kind"),
            _("Title"),
            _("Hours"),
            _("Teacher"),
            pgettext("training", "Organiser"),
            _("Place"),
            _("Community"),
            _("Attended"),
            _("Absent"),
        ]
        return export_response(_("Cadre training classes"), headers, rows)
    return render(
        request,
        "community_services/cadretraining_list.html",
        {"filter": filterset, "page": paginate(request, trainings)},
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.add_cadretraining", raise_exception=True)
def cadretraining_create(request):
    today = timezone.localdate()
    return _training_form(request, CadreTraining(start_date=today, end_date=today))


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("community_services.change_cadretraining", raise_exception=True)
def cadretraining_edit(request, pk):
    return _training_form(request, _editable(CadreTraining, request.user, pk))


def _training_form(request, training):
    form = forms.CadreTrainingForm(request.POST or None, instance=training, user=request.user)
    if request.method == "POST" and form.is_valid():
        training = services.cadre_training_save(
            actor=request.user, training=training, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
        return redirect(training)
    return render(
        request,
        "communities/object_form.html",
        {
            "form": form,
            "title": _("Cadre training class"),
            "back": "community_services:cadretraining_list",
        },
    )


@require_GET
@login_required
@permission_required("community_services.view_cadretraining", raise_exception=True)
def cadretraining_detail(request, pk):
    training = CadreTraining.objects.select_related("community").get_for_user(request.user, pk=pk)
    attendance = (
        CadreAttendance.objects.visible_to(request.user)
        .filter(training=training)
        .select_related("community")
    )
    if wants_export(request):
        rows = (
            [
                a.community.name,
                a.name,
                a.post,
                _("Attended") if a.attended else _("Absent"),
                a.note,
            ]
            for a in attendance
        )
        headers = [
            _("Community"),
            _("Name"),
            _("Post"),
            pgettext("cadre training", "Attendance"),
            _("Note"),
        ]
        return export_response(f"{training.title}", headers, rows)
    return render(
        request,
        "community_services/cadretraining_detail.html",
        {
            "training": training,
            "organiser": _organiser(training),
            "attendance": attendance,
            "totals": attendance.order_by().aggregate(
                present=Count("id", filter=Q(attended=True)),
                missing=Count("id", filter=Q(attended=False)),
            ),
            "editable": CadreTraining.objects.visible_to(request.user)
            .editable_by(request.user)
            .filter(pk=training.pk)
            .exists(),
            "attendance_form": forms.CadreAttendanceForm(user=request.user),
        },
    )


@require_POST
@login_required
@permission_required("community_services.add_cadreattendance", raise_exception=True)
def cadretraining_attendance_add(request, pk):
    training = CadreTraining.objects.get_for_user(request.user, pk=pk)
    form = forms.CadreAttendanceForm(request.POST, user=request.user)
    if form.is_valid():
        services.cadre_attendance_record(actor=request.user, training=training, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        form_errors_to_messages(request, form)
    return redirect(training)
