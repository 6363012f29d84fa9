from django.urls import path

from . import views

app_name = "duty_roster"

urlpatterns = [
    path("", views.rostermonth_list, name="rostermonth_list"),
    path("generate/", views.rostermonth_generate, name="rostermonth_generate"),
    path("months/<int:pk>/", views.rostermonth_detail, name="rostermonth_detail"),
    path("months/<int:pk>/publish/", views.rostermonth_publish, name="rostermonth_publish"),
    path("months/<int:pk>/withdraw/", views.rostermonth_withdraw, name="rostermonth_withdraw"),
    path("months/<int:pk>/swaps/", views.rostermonth_swap_request, name="rostermonth_swap_request"),
    path("swaps/<int:pk>/", views.swap_decide, name="swap_decide"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("now/", views.duty_now, name="duty_now"),
    path("mine/", views.my_shifts, name="my_shifts"),
    path("logs/", views.dutylog_list, name="dutylog_list"),
    path("logs/<int:pk>/", views.dutylog_detail, name="dutylog_detail"),
    path("logs/<int:pk>/incidents/", views.dutylog_incident_add, name="dutylog_incident_add"),
    path("patrols/", views.patrol_list, name="patrol_list"),
    path("members/", views.dutymember_list, name="dutymember_list"),
]
