import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import EnrollmentFactory, household_with_members
from welfare.models import Attachment


@pytest.fixture
def enrollment(ehe):
    return EnrollmentFactory(resident=household_with_members(ehe, 2).head)


def attach(client, enrollment, name, content, title="申请表"):
    return client.post(
        reverse("welfare:enrollment_attachment_add", args=[enrollment.pk]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
def test_a_scanned_pdf_is_attached_and_downloadable(staff_client, enrollment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attach(staff_client, enrollment, "申请表.pdf", b"%PDF-1.4 scanned")
    attachment = Attachment.objects.get()
    response = staff_client.get(attachment.get_absolute_url())
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("virus.exe", b"MZ...", "PDF"),
        ("fake.pdf", b"<html>not a pdf", "格式"),
        ("photo.png", b"\xff\xd8\xff JPEG bytes", "格式"),
    ],
)
def test_wrong_types_are_refused(
    staff_client, enrollment, settings, tmp_path, name, content, words
):
    settings.MEDIA_ROOT = tmp_path
    attach(staff_client, enrollment, name, content)
    assert not Attachment.objects.exists()
    assert words in staff_client.get(enrollment.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_oversized_files_are_refused(staff_client, enrollment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_ATTACHMENT_BYTES = 1024
    attach(staff_client, enrollment, "big.pdf", b"%PDF" + b"0" * 2048)
    assert not Attachment.objects.exists()
    assert "MB" in staff_client.get(enrollment.get_absolute_url()).content.decode()
