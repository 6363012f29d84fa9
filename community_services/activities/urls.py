"""Events and cadre training, included by the community services' URLconf."""

from django.urls import path

from . import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/teams/", views.event_team_add, name="event_team_add"),
    path("cadre-training/", views.cadretraining_list, name="cadretraining_list"),
    path("cadre-training/new/", views.cadretraining_create, name="cadretraining_create"),
    path("cadre-training/<int:pk>/", views.cadretraining_detail, name="cadretraining_detail"),
    path("cadre-training/<int:pk>/edit/", views.cadretraining_edit, name="cadretraining_edit"),
    path(
        "cadre-training/<int:pk>/attendance/",
        views.cadretraining_attendance_add,
        name="cadretraining_attendance_add",
    ),
]
