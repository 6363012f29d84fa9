"""The e-commerce survey, included by the employment URLconf."""

from django.urls import path

from . import views

urlpatterns = [
    path("ecommerce/", views.ecommercesurvey_list, name="ecommercesurvey_list"),
    path("ecommerce/new/", views.ecommercesurvey_create, name="ecommercesurvey_create"),
    path("ecommerce/<int:pk>/", views.ecommercesurvey_detail, name="ecommercesurvey_detail"),
    path("ecommerce/<int:pk>/edit/", views.ecommercesurvey_edit, name="ecommercesurvey_edit"),
    path("ecommerce/records/", views.ecommercerecord_list, name="ecommercerecord_list"),
    path("ecommerce/records/new/", views.ecommercerecord_create, name="ecommercerecord_create"),
    path(
        "ecommerce/records/<int:pk>/edit/",
        views.ecommercerecord_edit,
        name="ecommercerecord_edit",
    ),
]
