"""Settings for 布尔津镇社区服务管理系统, read from the environment (see .env.example)."""

import ipaddress
import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY management commands still work; the web server refuses to start (wsgi.py)
# and `check --deploy` reports it.
INSECURE_KEY_PREFIX = "django-insecure-"
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_KEY_PREFIX + "development-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "burqin.apps.AxesConfig",  # django-axes, named in Chinese
    "burqin.apps.CeleryBeatConfig",  # django-celery-beat, schedules named in Chinese
    "burqin",
    "communities",
    "community_services",
    "welfare",
    "employment",
    "duty_roster",
    "reports",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "burqin.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "burqin.text.CleanInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Login is the default: a view open to anonymous users says so with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login check: an account without a role or community sees what to set.
    "communities.middleware.AccountSetupMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "burqin.urls"
WSGI_APPLICATION = "burqin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "communities.context_processors.scope",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Offices share computers: a session ends when the browser closes or after a working day.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The reverse proxy in front of the app (docs/deployment.md). Only with one of these set is the
# client's address read from X-Forwarded-For (burqin.http.client_ip); otherwise the header is
# ignored, since anyone can send it. TRUSTED_PROXIES: the proxies' addresses or networks;
# TRUSTED_PROXY_COUNT: how many proxies stand in front of the app, each appending to the header.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _network in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_network!r} is not an address") from exc
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or "0")

# django-axes (burqin.lockout): five wrong passwords lock that user name from that address for
# 30 minutes, and twenty from one address over any user names lock the address.
AXES_FAILURE_LIMIT = 5
AXES_ADDRESS_FAILURE_LIMIT = 20
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "burqin.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "burqin.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Dates the Chinese way (2026年11月26日, 2026年11月): burqin/formats/zh_Hans/formats.py.
FORMAT_MODULE_PATH = ["burqin.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Stored files are private: no URL serves MEDIA_ROOT; views that check login and scope do
# (burqin/files.py). A FieldFile's .url points at MEDIA_URL, which answers 404: never link it.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Behind nginx: the prefix of its `internal` location aliasing MEDIA_ROOT (e.g. /_protected/);
# file views then answer with X-Accel-Redirect and nginx sends the bytes (docs/deployment.md).
PRIVATE_FILES_ACCEL_PREFIX = os.environ.get("PRIVATE_FILES_ACCEL_PREFIX", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploaded spreadsheets larger than this are refused before they are read.
MAX_IMPORT_BYTES = int(os.environ.get("MAX_IMPORT_BYTES", str(5 * 1024 * 1024)))
MAX_IMPORT_ROWS = int(os.environ.get("MAX_IMPORT_ROWS", "20000"))
# An .xlsx is a zip: before it is parsed, refuse one that expands beyond this in all, holds more
# parts than this, or has a part over 1 MB compressed more than this ratio (a decompression bomb).
MAX_IMPORT_UNCOMPRESSED_BYTES = int(
    os.environ.get("MAX_IMPORT_UNCOMPRESSED_BYTES", str(50 * 1024 * 1024))
)
MAX_IMPORT_COMPRESSION_RATIO = int(os.environ.get("MAX_IMPORT_COMPRESSION_RATIO", "100"))
MAX_IMPORT_ZIP_ENTRIES = int(os.environ.get("MAX_IMPORT_ZIP_ENTRIES", "500"))
# Then: longer cells are refused with their row, columns past this are not read.
MAX_IMPORT_CELL_CHARS = int(os.environ.get("MAX_IMPORT_CELL_CHARS", "1000"))
MAX_IMPORT_COLUMNS = int(os.environ.get("MAX_IMPORT_COLUMNS", "100"))
# A list export longer than this many rows is written by a background job (communities.exports)
# and downloaded from “My exports”; shorter ones stream straight away.
EXPORT_ASYNC_ROWS = int(os.environ.get("EXPORT_ASYNC_ROWS", "50000"))
# A background export waiting, or writing without progress, longer than this is marked failed by
# a periodic sweep (its worker died); its requester starts it again.
EXPORT_JOB_STUCK_MINUTES = int(os.environ.get("EXPORT_JOB_STUCK_MINUTES", "30"))
# The files of finished background exports are deleted this many days after they were written.
EXPORT_JOB_KEEP_DAYS = int(os.environ.get("EXPORT_JOB_KEEP_DAYS", "7"))
# The printed report lists welfare per community (附表2) when it covers at most this many
# communities (two landscape pages); above it the PDF refers to the XLSX sheet, which has every
# row (docs/reports.md).
REPORT_PRINT_COMMUNITIES = int(os.environ.get("REPORT_PRINT_COMMUNITIES", "40"))
# Scanned forms attached to welfare applications.
MAX_ATTACHMENT_BYTES = int(os.environ.get("MAX_ATTACHMENT_BYTES", str(5 * 1024 * 1024)))
# Welfare appeals (复核申请): days a household has to appeal a decision, days the town has to
# answer it.
APPEAL_WINDOW_DAYS = int(os.environ.get("APPEAL_WINDOW_DAYS", "30"))
APPEAL_ANSWER_DAYS = int(os.environ.get("APPEAL_ANSWER_DAYS", "30"))
# 临时救助: an approved amount above this (yuan) needs a town official's approval as well.
TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE = Decimal(
    os.environ.get("TEMPORARY_RELIEF_TOWN_APPROVAL_ABOVE", "3000")
)
# Photos and scans: the pixel count is read from the PNG / JPEG header and an image bomb (a
# small file that decodes to gigabytes) refused before anything decodes it.
MAX_UPLOAD_IMAGE_PIXELS = int(os.environ.get("MAX_UPLOAD_IMAGE_PIXELS", str(50_000_000)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Django's cache: in each process unless CACHE_URL names a Redis database that every process
# shares (the dashboard keeps the figures of locked months there; they never go stale).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "burqin",
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: eager (in-process, no broker) unless CELERY_BROKER_URL is set.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_IMPORTS = ["burqin.tasks"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_TRACK_STARTED = True
# A worker takes one message at a time; the report build is acknowledged only when it has run
# (acks_late on the task), so a message whose worker died goes back to the queue: at once when a
# pool process is killed, after the visibility timeout when the whole worker is. Keep the timeout
# above the longest build (and below REPORT_BUILD_TIMEOUT, so the redelivery comes first).
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
_visibility_timeout = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    # Look for abandoned messages every few seconds (kombu's default waits ~100 s).
    "unacked_restore_interval": max(1, min(10, _visibility_timeout // 2)),
    "unacked_restore_throttle": 1,
}
# Seconds a report build may wait or run; past it the periodic sweep marks it failed.
REPORT_BUILD_TIMEOUT = int(os.environ.get("REPORT_BUILD_TIMEOUT", str(15 * 60)))

# Wall-clock seconds the duty-rota generator searches before it keeps the best rota found.
ROSTER_MAX_SECONDS = float(os.environ.get("ROSTER_MAX_SECONDS", "8"))

# With DEBUG off the site sits behind HTTPS (a reverse proxy that sets X-Forwarded-Proto).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (burqin.middleware; the shape of Django 6.0's SECURE_CSP, so the upgrade
# swaps the middleware). No inline script or style anywhere: scripts live in static/js/, htmx's
# indicator style in static/css/app.css (base.html turns htmx's own off); charts are SVG.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Django admin's change list writes a <style> element and django-simple-history's history
# page a style attribute: only under ADMIN_URL may styles be inline. Scripts stay 'self'.
SECURE_CSP_ADMIN = {**SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"]}
# Browser features the site never uses, refused to every page and frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Where the Django admin answers; `check --deploy` warns while it is the guessable default.
ADMIN_URL = (os.environ.get("ADMIN_URL") or "admin/").strip().strip("/") + "/"
if ADMIN_URL == "/" or not re.fullmatch(r"[A-Za-z0-9_\-/]+/", ADMIN_URL):
    raise ImproperlyConfigured("ADMIN_URL must be a path such as manage-7f3k2q/")
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a public-internet choice.

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

ADMIN_SITE_HEADER = _("Burqin Town Community Services")
