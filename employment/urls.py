from django.urls import path

from . import views
from .ecommerce.urls import urlpatterns as ecommerce_patterns

app_name = "employment"

urlpatterns = [
    path("seekers/", views.jobseeker_list, name="jobseeker_list"),
    path("seekers/new/", views.jobseeker_create, name="jobseeker_create"),
    path("seekers/<int:pk>/", views.jobseeker_detail, name="jobseeker_detail"),
    path(
        "seekers/<int:pk>/placements/",
        views.jobseeker_placement_add,
        name="jobseeker_placement_add",
    ),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/pick/", views.enterprise_pick, name="enterprise_pick"),
    path("vacancies/pick/", views.vacancy_pick, name="vacancy_pick"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path(
        "enterprises/<int:pk>/vacancies/",
        views.enterprise_vacancy_add,
        name="enterprise_vacancy_add",
    ),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("fairs/", views.jobfair_list, name="jobfair_list"),
    path("fairs/new/", views.jobfair_create, name="jobfair_create"),
    path("fairs/<int:pk>/", views.jobfair_detail, name="jobfair_detail"),
    path("fairs/<int:pk>/checkin/", views.jobfair_checkin, name="jobfair_checkin"),
    path(
        "attendances/<int:pk>/referrals/",
        views.fairattendance_referrals,
        name="fairattendance_referrals",
    ),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/<int:pk>/follow-up/", views.placement_follow_up, name="placement_follow_up"),
    path("trainings/", views.trainingclass_list, name="trainingclass_list"),
    path("trainings/new/", views.trainingclass_create, name="trainingclass_create"),
    path("trainings/<int:pk>/", views.trainingclass_detail, name="trainingclass_detail"),
    path(
        "trainings/<int:pk>/trainees/",
        views.trainingclass_trainee_add,
        name="trainingclass_trainee_add",
    ),
    path("contests/", views.contest_list, name="contest_list"),
    path("contests/new/", views.contest_create, name="contest_create"),
    path("contests/<int:pk>/", views.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/entries/", views.contest_entry_add, name="contest_entry_add"),
    path("transfers/", views.labortransfer_list, name="labortransfer_list"),
    path("pensions/", views.pensioncontribution_list, name="pensioncontribution_list"),
]

# The e-commerce survey (employment/ecommerce/).
urlpatterns += ecommerce_patterns
