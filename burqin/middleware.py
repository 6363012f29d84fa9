"""Headers Django 5.2 does not set by itself: Content-Security-Policy, Permissions-Policy."""

from django.conf import settings


def policy_header(directives: dict[str, list[str]]) -> str:
    """``{"default-src": ["'self'"], "img-src": ["'self'", "data:"]}`` →
    ``default-src 'self'; img-src 'self' data:``."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_header(features: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class SecurityHeadersMiddleware:
    """Adds ``SECURE_CSP`` (``SECURE_CSP_ADMIN`` under ``ADMIN_URL``) and ``PERMISSIONS_POLICY``
    to every response that has not set them itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = policy_header(settings.SECURE_CSP)
        self.admin_csp = policy_header(settings.SECURE_CSP_ADMIN)
        self.admin_prefix = "/" + settings.ADMIN_URL
        self.permissions = permissions_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        in_admin = request.path_info.startswith(self.admin_prefix)
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_csp if in_admin else self.csp
        )
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
