from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from communities import views as community_views

admin.site.site_header = _("Burqin Town Community Services")
admin.site.site_title = _("Burqin Town Community Services")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", community_views.home, name="home"),
    path("scope/", community_views.set_community_filter, name="set_community_filter"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    # Public: signing out needs no session (an expired one still lands on the login page).
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("communities.urls")),
    path("", include("community_services.urls")),
    path("welfare/", include("welfare.urls")),
    path("employment/", include("employment.urls")),
    path("duty/", include("duty_roster.urls")),
    path("reports/", include("reports.urls")),
]
# No route serves MEDIA_ROOT, in any mode: every stored file goes through a view that checks
# login and scope (burqin/files.py).
