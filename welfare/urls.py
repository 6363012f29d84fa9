from django.urls import path

from . import allowance_views, relief_views, views

app_name = "welfare"

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("enrollments/", views.enrollment_list, name="enrollment_list"),
    path("enrollments/new/", views.enrollment_create, name="enrollment_create"),
    path("enrollments/new/amount/", views.enrollment_preview, name="enrollment_preview"),
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
    # Opinions, objections, the public notice and the approval form (issue 16, part A)
    path("objections/<int:pk>/handle/", views.objection_handle, name="objection_handle"),
    path(
        "enrollments/<int:pk>/approval-form.pdf",
        views.enrollment_approval_pdf,
        name="enrollment_approval_pdf",
    ),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/notice.pdf", views.community_notice_pdf, name="community_notice_pdf"),
    path("batches/bank-returns/", views.bank_return_import, name="bank_return_import"),
    path("payments/<int:pk>/cash/", views.disbursement_cash, name="disbursement_cash"),
    # Means test (家庭经济状况核对), home visits (入户调查) and 调标
    path(
        "enrollments/<int:pk>/means-test/",
        views.enrollment_means_test,
        name="enrollment_means_test",
    ),
    path(
        "enrollments/<int:pk>/incomes/add/",
        views.enrollment_income_add,
        name="enrollment_income_add",
    ),
    path(
        "enrollments/<int:pk>/assets/add/", views.enrollment_asset_add, name="enrollment_asset_add"
    ),
    path(
        "enrollments/<int:pk>/home-visits/add/",
        views.enrollment_homevisit_add,
        name="enrollment_homevisit_add",
    ),
    path("incomes/<int:pk>/edit/", views.memberincome_edit, name="memberincome_edit"),
    path("incomes/<int:pk>/delete/", views.memberincome_delete, name="memberincome_delete"),
    path("assets/<int:pk>/edit/", views.memberasset_edit, name="memberasset_edit"),
    path("assets/<int:pk>/delete/", views.memberasset_delete, name="memberasset_delete"),
    path("home-visits/<int:pk>/photos/add/", views.homevisit_photo_add, name="homevisit_photo_add"),
    path(
        "home-visit-photos/<int:pk>/",
        views.homevisitphoto_download,
        name="homevisitphoto_download",
    ),
    path("amount-changes/", views.amountchangeproposal_list, name="amountchangeproposal_list"),
    path(
        "amount-changes/<int:pk>/decide/",
        views.amountchangeproposal_decide,
        name="amountchangeproposal_decide",
    ),
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
    # 特困供养, housing aid, 临时救助 and the 应急救助基金 (issue 17)
    path("tekun/", relief_views.tekunsupport_list, name="tekunsupport_list"),
    path("enrollments/<int:pk>/tekun/", relief_views.enrollment_tekun, name="enrollment_tekun"),
    path(
        "enrollments/<int:pk>/housing-aid/",
        relief_views.enrollment_housing,
        name="enrollment_housing",
    ),
    path("housing-aid/", relief_views.housinggrant_list, name="housinggrant_list"),
    path("housing-aid/<int:pk>/", relief_views.housinggrant_detail, name="housinggrant_detail"),
    path(
        "housing-aid/<int:pk>/decide/",
        relief_views.housinggrant_decide,
        name="housinggrant_decide",
    ),
    path("housing-aid/<int:pk>/pay/", relief_views.housinggrant_pay, name="housinggrant_pay"),
    path("relief/", relief_views.reliefcase_list, name="reliefcase_list"),
    path("relief/new/", relief_views.reliefcase_create, name="reliefcase_create"),
    path("relief/<int:pk>/", relief_views.reliefcase_detail, name="reliefcase_detail"),
    path("relief/<int:pk>/approve/", relief_views.reliefcase_approve, name="reliefcase_approve"),
    path(
        "relief/<int:pk>/town-approve/",
        relief_views.reliefcase_town_approve,
        name="reliefcase_town_approve",
    ),
    path("relief/<int:pk>/pay/", relief_views.reliefcase_pay, name="reliefcase_pay"),
    path("relief-fund/", relief_views.fundincome_list, name="fundincome_list"),
    path("relief-fund/income/new/", relief_views.fundincome_create, name="fundincome_create"),
    path("relief-fund/statement/", relief_views.fund_statement, name="fund_statement"),
    path("relief-fund/statement.pdf", relief_views.fund_statement_pdf, name="fund_statement_pdf"),
    # Allowances the registry proposes (issue 17): 残疾人两项补贴, 高龄津贴
    path(
        "allowances/disability/",
        allowance_views.disability_proposals,
        name="disability_proposals",
    ),
    path(
        "allowances/disability/propose/",
        allowance_views.disability_propose,
        name="disability_propose",
    ),
    path("allowances/elderly/", allowance_views.elderly_list, name="elderly_list"),
    path(
        "allowances/elderly/confirmation/",
        allowance_views.elderly_confirmation,
        name="elderly_confirmation",
    ),
    path("allowances/elderly/confirm/", allowance_views.elderly_confirm, name="elderly_confirm"),
]
