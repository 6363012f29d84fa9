import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "burqin.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if not settings.DEBUG and settings.SECRET_KEY.startswith(settings.INSECURE_KEY_PREFIX):
    raise RuntimeError("Set SECRET_KEY in the environment before serving with DEBUG off.")
