"""Printed documents: HTML (a template) to an A4 PDF with WeasyPrint and the Noto CJK fonts.

Every app that prints (a public-notice sheet, an approval form, a report) goes through
``html_to_pdf`` so that the page size, margins and the Chinese font are the same everywhere.
WeasyPrint needs Pango and a CJK font from the system (Debian: ``fonts-noto-cjk``); when they
are missing, ``PdfUnavailable`` says so in Chinese.
"""

from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

# The A4 page, margins, the CJK font, tables, and the stamp and signature boxes.
A4_STYLESHEET = Path(__file__).resolve().parent / "pdf_a4.css"
FONT_FAMILY = '"Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif'


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing; the message says what to install."""


def html_to_pdf(html: str, *, base_url: str | None = None, stylesheets=()) -> bytes:
    """The PDF of ``html`` on A4 pages, with the shared print stylesheet first."""
    return html_to_document(html, base_url=base_url, stylesheets=stylesheets).write_pdf()


def html_to_document(html: str, *, base_url: str | None = None, stylesheets=()):
    """WeasyPrint's laid-out document of ``html`` (its pages and boxes; ``.write_pdf()``), with
    the shared print stylesheet first and then ``stylesheets`` (paths)."""
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _("The PDF cannot be made: WeasyPrint is unavailable (%(error)s).") % {"error": exc}
        ) from exc
    sheets = [CSS(filename=str(A4_STYLESHEET))]
    sheets += [CSS(filename=str(sheet)) for sheet in stylesheets]
    return HTML(string=html, base_url=base_url or str(Path.cwd())).render(stylesheets=sheets)


def render_to_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a template (a full HTML page without <style> or <script>) into a PDF."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A PDF made for this request: shown in the browser, never kept by a shared cache."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
