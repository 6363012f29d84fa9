"""The community services' pages, at the paths they had inside the communities app (services/,
volunteers/, pairings/, classes/, projects/, and a community's profile) so that bookmarks work."""

from django.urls import path

from . import views
from .activities.urls import urlpatterns as activity_patterns

app_name = "community_services"

urlpatterns = [
    path("communities/<int:pk>/profile/", views.community_profile, name="community_profile"),
    path("services/", views.servicerecord_list, name="servicerecord_list"),
    path("services/quick/", views.servicerecord_quick, name="servicerecord_quick"),
    path("services/lookup/", views.resident_lookup, name="resident_lookup"),
    path("services/<int:pk>/edit/", views.servicerecord_edit, name="servicerecord_edit"),
    path("volunteers/", views.volunteerteam_list, name="volunteerteam_list"),
    path("volunteers/new/", views.volunteerteam_create, name="volunteerteam_create"),
    path("volunteers/<int:pk>/", views.volunteerteam_detail, name="volunteerteam_detail"),
    path(
        "volunteers/<int:pk>/members/",
        views.volunteerteam_volunteer_add,
        name="volunteerteam_volunteer_add",
    ),
    path(
        "volunteers/<int:pk>/activities/",
        views.volunteerteam_activity_add,
        name="volunteerteam_activity_add",
    ),
    path("pairings/", views.pairing_list, name="pairing_list"),
    path("pairings/new/", views.pairing_create, name="pairing_create"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing_detail"),
    path("pairings/<int:pk>/visits/", views.pairing_visit_add, name="pairing_visit_add"),
    path("classes/", views.interestclass_list, name="interestclass_list"),
    path("classes/new/", views.interestclass_create, name="interestclass_create"),
    path("classes/<int:pk>/", views.interestclass_detail, name="interestclass_detail"),
    path(
        "classes/<int:pk>/sessions/",
        views.interestclass_session_add,
        name="interestclass_session_add",
    ),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/funding/", views.project_funding_add, name="project_funding_add"),
    path("projects/<int:pk>/progress/", views.project_progress_add, name="project_progress_add"),
    path(
        "projects/progress/<int:pk>/photo/",
        views.projectprogress_photo,
        name="projectprogress_photo",
    ),
]

# Events and cadre training (community_services/activities/).
urlpatterns += activity_patterns
