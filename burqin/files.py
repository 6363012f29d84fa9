"""Stored files (attachments, photos, report XLSX/PDF) are private: there is no public media URL.

Each model ``FileField`` is served by one view that fetches its object through the scope rules
(another community's object is a 404, an anonymous visitor goes to the login page) and answers
with ``private_file_response``. The view is marked with ``@serves_private_file("app.Model.field")``
so a test can prove that every file field of the project has one.

Stored names are random (``random_file_name``): a path seen once tells nothing about any other.

In production, with ``PRIVATE_FILES_ACCEL_PREFIX`` set (e.g. ``/_protected/``), the response
carries no body, only ``X-Accel-Redirect: <prefix><stored name>``; nginx then sends the file from
an ``internal`` location that no browser can request by itself (docs/deployment.md).
"""

import mimetypes
import uuid
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import content_disposition_header

# Types a browser may show in the page; anything else (including SVG, which can carry scripts and
# HTML) is always a download.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})

# The types the app stores, named here so that a machine without /etc/mime.types agrees.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# "app_label.modelname.field" → the view (as routed in the URLconf) that serves its files.
SERVING_VIEWS: dict[str, Callable] = {}


def field_label(model, field_name: str) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}.{field_name}"


def serves_private_file(*fields: str) -> Callable[[Callable], Callable]:
    """Record the decorated view as the one serving ``"app_label.Model.field"`` files.

    Put it outermost, above ``@require_GET`` and the login and permission checks, so that the
    view recorded is the one the URLconf routes to. The view takes the object's ``pk``.
    """

    def register(view: Callable) -> Callable:
        for field in fields:
            app_label, model, name = field.split(".")
            SERVING_VIEWS[f"{app_label}.{model.lower()}.{name}"] = view
        return view

    return register


def _url_name(view: Callable, patterns, namespace: str = "") -> str | None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found = _url_name(view, pattern.url_patterns, ns)
            if found:
                return found
        elif isinstance(pattern, URLPattern) and pattern.callback is view and pattern.name:
            return namespace + pattern.name
    return None


def private_file_url(fieldfile) -> str:
    """The address of the view that serves this stored file (never its MEDIA_URL)."""
    view = SERVING_VIEWS[field_label(type(fieldfile.instance), fieldfile.field.name)]
    return reverse(_url_name(view, get_resolver().url_patterns), args=[fieldfile.instance.pk])


def random_file_name(folder: str, filename: str) -> str:
    """``folder/<32 random hex digits>.<suffix>``: the uploaded name is not kept in the path."""
    suffix = PurePosixPath(filename).suffix.lower()
    if not suffix[1:].isalnum():
        suffix = ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def download_name(stem: str, stored_name: str) -> str:
    """A sensible name for the browser: ``stem`` with the stored file's suffix."""
    suffix = PurePosixPath(stored_name).suffix.lower()
    stem = stem.replace("/", "-").replace("\\", "-").strip() or "file"
    return stem if stem.lower().endswith(suffix) else f"{stem}{suffix}"


def private_file_response(fieldfile, *, filename: str, inline: bool = False) -> HttpResponse:
    """The response that hands the stored ``fieldfile`` to the user who may read it.

    ``inline`` is honoured only for PDFs and JPEG/PNG images; anything else is an attachment.
    The response is never stored by a shared cache and its type is never sniffed.
    """
    if not fieldfile:
        raise Http404("No file")
    content_type = (
        CONTENT_TYPES.get(PurePosixPath(filename).suffix.lower())
        or mimetypes.guess_type(filename)[0]
        or "application/octet-stream"
    )
    as_attachment = not (inline and content_type in INLINE_TYPES)
    prefix = settings.PRIVATE_FILES_ACCEL_PREFIX
    if prefix:
        if not fieldfile.storage.exists(fieldfile.name):
            raise Http404("No file")
        response = HttpResponse(b"", content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(fieldfile.name)
    else:
        try:
            handle = fieldfile.open("rb")
        except FileNotFoundError:
            raise Http404("No file") from None
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
