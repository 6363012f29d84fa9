"""``manage.py check --deploy``: the project's own production settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

HEADERS_MIDDLEWARE = "burqin.middleware.SecurityHeadersMiddleware"
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"}


@register(Tags.security, deploy=True)
def check_security_headers(app_configs, **kwargs):
    problems = []
    if settings.ADMIN_URL == "admin/":
        problems.append(
            Warning(
                "The Django admin answers at the default path /admin/.",
                hint="Set ADMIN_URL to a path of your own, e.g. ADMIN_URL=manage-7f3k2q/.",
                id="burqin.W001",
            )
        )
    if HEADERS_MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(
            Warning(
                "Responses carry no Content-Security-Policy or Permissions-Policy.",
                hint=f"Add {HEADERS_MIDDLEWARE} to MIDDLEWARE.",
                id="burqin.W002",
            )
        )
    unsafe = UNSAFE_SOURCES & set(settings.SECURE_CSP.get("script-src", ["*"]))
    if unsafe:
        problems.append(
            Warning(
                f"The Content-Security-Policy lets scripts run from {', '.join(sorted(unsafe))}.",
                hint="Keep script-src to 'self': scripts live in static/js/.",
                id="burqin.W003",
            )
        )
    if not settings.TRUSTED_PROXIES and not settings.TRUSTED_PROXY_COUNT:
        problems.append(
            Warning(
                "No trusted proxy is configured: behind the HTTPS proxy every login comes from "
                "the proxy's address, so the lockout would lock user names for everyone.",
                hint="Set TRUSTED_PROXIES to the proxy's address (or TRUSTED_PROXY_COUNT).",
                id="burqin.W004",
            )
        )
    return problems
