"""Stored files are private: only views that check login, role and scope hand them out."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, reverse

from burqin.files import SERVING_VIEWS, field_label, private_file_url
from reports.models import Report
from tests.factories import (
    AttachmentFactory,
    CommunityFactory,
    EnrollmentFactory,
    ProjectFactory,
    ProjectProgressFactory,
    ReportFactory,
    UserFactory,
    household_with_members,
    staff_of,
    town_official,
)
from welfare.models import Attachment

PDF = b"%PDF-1.4 scanned application form"
PNG = b"\x89PNG\r\n\x1a\n site photo"
PHOTO = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x80\x00\x00\x01\xe0 site photo"
XLSX = b"PK\x03\x04 report workbook"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""


def _attachment(community):
    head = household_with_members(community, 2).head
    return AttachmentFactory(
        enrollment=EnrollmentFactory(resident=head),
        title="低保申请表",
        file=ContentFile(PDF, name="form.pdf"),
    )


def _photo(community):
    return ProjectProgressFactory(
        project=ProjectFactory(community=community), photo=ContentFile(PNG, name="现场.png")
    )


def _report_file(field, content):
    def build(community):
        report = ReportFactory(community=community, period="2026-03")
        getattr(report, field).save(f"x.{field}", ContentFile(content))
        return report

    return build


# kind → (builder, URL of the object's file, bytes, Content-Type, Content-Disposition starts with)
KINDS = {
    "attachment": (
        _attachment,
        lambda o: o.get_absolute_url(),
        PDF,
        "application/pdf",
        "inline",
    ),
    "progress photo": (_photo, lambda o: o.get_photo_url(), PNG, "image/png", "inline"),
    "report xlsx": (
        _report_file("xlsx", XLSX),
        lambda o: reverse("reports:report_xlsx", args=[o.pk]),
        XLSX,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment",
    ),
    "report pdf": (
        _report_file("pdf", PDF),
        lambda o: reverse("reports:report_pdf", args=[o.pk]),
        PDF,
        "application/pdf",
        "attachment",
    ),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return KINDS[request.param]


@pytest.fixture
def stored(kind, ehe):
    """(the URL of a stored file of 额河社区, its bytes, its type, its disposition)."""
    build, url, content, content_type, disposition = kind
    return url(build(ehe)), content, content_type, disposition


def assert_private_headers(response, content_type, disposition):
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(disposition + ";")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_sends_an_anonymous_visitor_to_the_login_page(client, stored):
    url, *_ = stored
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_staff_of_another_community_gets_404(client, stored, shenhu):
    url, *_ = stored
    client.force_login(staff_of(shenhu))
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_staff_of_the_community_get_the_bytes_with_private_headers(staff_client, stored):
    url, content, content_type, disposition = stored
    response = staff_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert_private_headers(response, content_type, disposition)


@pytest.mark.django_db
def test_the_read_only_town_official_reads_every_community_file(official_client, stored):
    url, content, content_type, disposition = stored
    response = official_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


@pytest.mark.django_db
def test_a_user_without_a_role_gets_403(client, stored):
    url, *_ = stored
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_downloads_answer_only_get(staff_client, stored):
    url, *_ = stored
    assert staff_client.post(url).status_code == 405


@pytest.mark.django_db
def test_a_file_that_is_not_a_pdf_or_an_image_is_always_a_download(staff_client, ehe):
    head = household_with_members(ehe, 1).head
    attachment = AttachmentFactory(
        enrollment=EnrollmentFactory(resident=head),
        title="说明",
        file=ContentFile(b"<svg onload=alert(1)>", name="x.svg"),
    )
    response = staff_client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_downloads_are_named_after_what_the_user_knows(staff_client, ehe):
    attachment = _attachment(ehe)
    response = staff_client.get(attachment.get_absolute_url())
    assert "%E4%BD%8E%E4%BF%9D%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf" in response["Content-Disposition"]
    report = _report_file("xlsx", XLSX)(ehe)
    response = staff_client.get(reverse("reports:report_xlsx", args=[report.pk]))
    assert "2026-03.xlsx" in response["Content-Disposition"]  # 额河社区-2026-03.xlsx


@pytest.mark.django_db
def test_a_missing_file_is_a_404_not_a_500(staff_client, ehe):
    attachment = _attachment(ehe)
    attachment.file.storage.delete(attachment.file.name)
    assert staff_client.get(attachment.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_report_without_a_pdf_answers_404(staff_client, ehe):
    report = _report_file("xlsx", XLSX)(ehe)
    assert staff_client.get(reverse("reports:report_pdf", args=[report.pk])).status_code == 404


# Production: nginx sends the bytes -------------------------------------------------------------


@pytest.mark.django_db
def test_with_the_accel_prefix_the_view_answers_with_x_accel_redirect(
    staff_client, stored, settings
):
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_protected/"
    url, content, content_type, disposition = stored
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response.content == b""
    assert re.fullmatch(r"/_protected/[a-z]+/[0-9a-f]{32}\.[a-z]+", response["X-Accel-Redirect"])
    assert_private_headers(response, content_type, disposition)


@pytest.mark.django_db
def test_with_the_accel_prefix_scope_and_login_still_hold(client, stored, shenhu, settings):
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_protected/"
    url, *_ = stored
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "X-Accel-Redirect" not in anonymous
    client.force_login(staff_of(shenhu))
    other = client.get(url)
    assert other.status_code == 404
    assert "X-Accel-Redirect" not in other


# No public route -------------------------------------------------------------------------------


@pytest.fixture
def urls_loaded_with_debug(settings):
    """The URLconf as ``make run`` loads it (DEBUG on), restored afterwards."""
    import burqin.urls

    settings.DEBUG = True
    importlib.reload(burqin.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(burqin.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_media_urls_answer_404_even_with_debug_on(urls_loaded_with_debug, settings, ehe):
    attachment = _attachment(ehe)
    photo = _photo(ehe)
    report = _report_file("xlsx", XLSX)(ehe)
    admin = UserFactory(is_superuser=True, is_staff=True)
    signed_in = Client()
    signed_in.force_login(admin)
    for stored in (attachment.file, photo.photo, report.xlsx):
        path = "/" + settings.MEDIA_URL.lstrip("/") + stored.name
        assert Client().get(path).status_code == 404, path
        assert signed_in.get(path).status_code == 404, path


# Random names ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_uploaded_attachments_are_stored_under_random_names(staff_client, ehe):
    enrollment = EnrollmentFactory(resident=household_with_members(ehe, 2).head)
    url = reverse("welfare:enrollment_attachment_add", args=[enrollment.pk])
    for _ in range(2):
        staff_client.post(url, {"title": "申请表", "file": SimpleUploadedFile("申请表.pdf", PDF)})
    names = [a.file.name for a in Attachment.objects.all()]
    assert len(set(names)) == 2
    for name in names:
        assert re.fullmatch(r"welfare/[0-9a-f]{32}\.pdf", name), name


@pytest.mark.django_db
def test_uploaded_progress_photos_are_stored_under_random_names(staff_client, ehe):
    project = ProjectFactory(community=ehe)
    staff_client.post(
        reverse("community_services:project_progress_add", args=[project.pk]),
        # A header whose size can be read (640 × 480): uploads are checked for their pixels.
        {"date": "2026-06-01", "note": "完工", "photo": SimpleUploadedFile("IMG_0001.PNG", PHOTO)},
    )
    name = project.progress.get().photo.name
    assert re.fullmatch(r"projects/[0-9a-f]{32}\.png", name), name


@pytest.mark.django_db
def test_built_reports_are_stored_under_random_names(ehe):
    call_command("build_report", "2026-03", "--community", "ehe")
    report = Report.objects.get()
    assert report.status == Report.Status.DONE
    assert re.fullmatch(r"reports/[0-9a-f]{32}\.xlsx", report.xlsx.name), report.xlsx.name
    if report.pdf:
        assert re.fullmatch(r"reports/[0-9a-f]{32}\.pdf", report.pdf.name), report.pdf.name


# Pages link the views, never MEDIA_URL ---------------------------------------------------------


@pytest.mark.django_db
def test_the_project_page_shows_photos_through_the_view(staff_client, ehe, settings):
    photo = _photo(ehe)
    page = staff_client.get(photo.project.get_absolute_url()).content.decode()
    assert f'src="{photo.get_photo_url()}"' in page
    assert "/" + settings.MEDIA_URL not in page


@pytest.mark.django_db
def test_the_enrollment_page_links_attachments_through_the_view(staff_client, ehe, settings):
    attachment = _attachment(ehe)
    page = staff_client.get(attachment.enrollment.get_absolute_url()).content.decode()
    assert f'href="{attachment.get_absolute_url()}"' in page
    assert "/" + settings.MEDIA_URL not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "admin_url"),
    [
        (_attachment, lambda o: reverse("admin:welfare_attachment_change", args=[o.pk])),
        (_photo, lambda o: reverse("admin:community_services_project_change", args=[o.project.pk])),
        (
            _report_file("pdf", PDF),
            lambda o: reverse("admin:reports_report_change", args=[o.pk]),
        ),
    ],
)
def test_admin_links_stored_files_through_the_views(client, ehe, settings, build, admin_url):
    obj = build(ehe)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(admin_url(obj)).content.decode()
    assert "/" + settings.MEDIA_URL not in page
    fieldfile = next(
        getattr(o, f.name)
        for o in (obj,)
        for f in o._meta.get_fields()
        if isinstance(f, models.FileField) and getattr(o, f.name)
    )
    assert f'href="{private_file_url(fieldfile)}"' in page


# Every file field has its view ----------------------------------------------------------------


# Files only the user who asked for them may download (a background export).
OWNER_ONLY = {"communities.exportjob.file"}


def _routed_views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routed_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_every_file_field_of_the_project_has_a_serving_view_in_the_urlconf():
    """A FileField added tomorrow fails here until a view marked ``@serves_private_file``
    serves it (history copies are never served, so they are not counted)."""
    fields = {
        field_label(model, field.name)
        for model in apps.get_models()
        if not model._meta.model_name.startswith("historical")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert "welfare.attachment.file" in fields
    missing = sorted(fields - SERVING_VIEWS.keys())
    assert not missing, f"mark a view with @serves_private_file for: {missing}"
    stale = sorted(SERVING_VIEWS.keys() - fields)
    assert not stale, f"@serves_private_file names no such field: {stale}"
    routed = set(_routed_views(get_resolver().url_patterns))
    unrouted = sorted(label for label, view in SERVING_VIEWS.items() if view not in routed)
    assert not unrouted, f"put @serves_private_file outermost, on a routed view: {unrouted}"


@pytest.mark.django_db
def test_the_serving_views_answer_404_to_another_community_for_every_field(client):
    """Walks the registry: each file field's view, with an object of another community."""
    from tests.factories import IN_COMMUNITY

    mine, theirs = CommunityFactory(), CommunityFactory()
    client.force_login(staff_of(mine))
    official = Client()
    official.force_login(town_official())
    for label in SERVING_VIEWS:
        app_label, model_name, field = label.split(".")
        obj = IN_COMMUNITY[f"{app_label}.{model_name}"](theirs)
        if label in OWNER_ONLY:
            # Not even a town-wide official: only the requester (tests/communities/test_exports.py)
            url = private_file_url(getattr(obj, field))
            assert client.get(url).status_code == 404, label
            assert official.get(url).status_code == 404, label
            continue
        if isinstance(obj, Report):
            obj.pdf.save("x.pdf", ContentFile(PDF), save=False)
            obj.xlsx.save("x.xlsx", ContentFile(XLSX))
        assert getattr(obj, field), label
        url = private_file_url(getattr(obj, field))
        assert client.get(url).status_code == 404, label
        assert official.get(url).status_code == 200, label
