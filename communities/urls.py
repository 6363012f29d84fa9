from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("residents/", views.resident_list, name="resident_list"),
    path("exports/", views.exportjob_list, name="exportjob_list"),
    path("exports/<int:pk>/status/", views.exportjob_status, name="exportjob_status"),
    path("exports/<int:pk>/download/", views.exportjob_download, name="exportjob_download"),
    path("residents/import/", views.resident_import, name="resident_import"),
    path(
        "residents/import/template.xlsx",
        views.resident_import_template,
        name="resident_import_template",
    ),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
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
