from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="community_list"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/record/", views.household_record, name="household_record"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/pick/", views.household_pick, name="household_pick"),
    path("households/member-row/", views.household_member_row, name="household_member_row"),
    path("residents/", views.resident_list, name="resident_list"),
    path("residents/pick/", views.resident_pick, name="resident_pick"),
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
    path("residents/<int:pk>/record/", views.resident_record, name="resident_record"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
]
