"""An account that is not set up yet sees what is missing, on every page, never a server error."""

from django.contrib.auth import get_user_model
from django.shortcuts import render

from .roles import account_gaps

# Pages an incomplete account still needs: signing out and changing its password. The admin
# has its own checks (is_staff and model permissions).
OPEN_URL_NAMES = {"login", "logout", "password_change", "password_change_done"}
OPEN_NAMESPACES = {"admin"}


class AccountSetupMiddleware:
    """Answers every page of a signed-in account lacking a role, a staff profile or (for
    community staff) a community with a page that says what to set and whom to ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and (
            match.url_name in OPEN_URL_NAMES or set(match.namespaces) & OPEN_NAMESPACES
        ):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        gaps = account_gaps(user)
        if not gaps:
            return None
        administrators = get_user_model().objects.filter(is_superuser=True, is_active=True)
        return render(
            request,
            "account_incomplete.html",
            {
                "gaps": gaps,
                "administrators": [
                    a.get_full_name() or a.get_username() for a in administrators[:5]
                ],
            },
            status=403,
        )
