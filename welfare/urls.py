from django.urls import path

from . import views

app_name = "welfare"

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("enrollments/", views.enrollment_list, name="enrollment_list"),
    path("enrollments/new/", views.enrollment_create, name="enrollment_create"),
    path("enrollments/queue/", views.review_queue, name="enrollment_queue"),
    path("enrollments/checks/", views.enrollment_checks, name="enrollment_checks"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:pk>/edit/", views.enrollment_edit, name="enrollment_edit"),
    path("enrollments/<int:pk>/step/", views.enrollment_step, name="enrollment_step"),
    path(
        "enrollments/<int:pk>/attachments/",
        views.enrollment_attachment_add,
        name="enrollment_attachment_add",
    ),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/generate/", views.batch_generate, name="batch_generate"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/step/", views.batch_step, name="batch_step"),
    path("payments/", views.disbursement_list, name="disbursement_list"),
    path("payments/<int:pk>/correct/", views.disbursement_correct, name="disbursement_correct"),
    path("payments/<int:pk>/signed/", views.disbursement_signed, name="disbursement_signed"),
    path("import/", views.disbursement_import, name="disbursement_import"),
    path(
        "import/template.xlsx",
        views.disbursement_import_template,
        name="disbursement_import_template",
    ),
    path("households/<int:pk>/", views.household_welfare, name="household_welfare"),
    # Monthly 增减 list, annual review, appeals (issue 16, part C)
    path("batches/<int:pk>/changes/", views.batch_changes, name="batch_changes"),
    path(
        "batches/<int:pk>/changes/confirm/",
        views.batch_changes_confirm,
        name="batch_changes_confirm",
    ),
    path("enrollments/annual-review/", views.annual_review_queue, name="annual_review_queue"),
    path("enrollments/<int:pk>/appeal/", views.appeal_create, name="enrollment_appeal"),
    path("appeals/", views.appeal_list, name="appeal_list"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal_decide"),
]
