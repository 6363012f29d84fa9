"""Exports stream their rows; long ones become background jobs only their requester downloads."""

import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

import burqin.spreadsheets
from burqin.lists import write_xlsx
from burqin.spreadsheets import XlsxWriter
from communities.models import ExportJob
from communities.scope import SESSION_FILTER_KEY
from tests.factories import (
    BatchFactory,
    DisbursementFactory,
    UserFactory,
    export_job_of,
    household_with_members,
    staff_of,
    town_official,
)

RESIDENTS = reverse("communities:resident_list")
MY_EXPORTS = reverse("communities:exportjob_list")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def sheets(content: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {s.title: list(s.iter_rows(values_only=True)) for s in workbook.worksheets}


def households(community, count: int) -> None:
    for _ in range(count):
        household_with_members(community, 1)


# Streaming -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_streams_a_short_export_from_a_temporary_file(staff_client, ehe):
    households(ehe, 3)
    response = staff_client.get(RESIDENTS, {"export": "xlsx"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    rows = sheets(body(response))["居民"]
    assert len(rows) == 4  # the header and three residents


def test_a_sheet_that_reaches_the_row_limit_continues_on_a_new_sheet(monkeypatch):
    monkeypatch.setattr(burqin.spreadsheets, "SHEET_MAX_ROWS", 4)
    target = io.BytesIO()
    written = write_xlsx(target, "居民", ["序号", "姓名"], ([n, f"张{n}"] for n in range(1, 8)))
    assert written == 7
    found = sheets(target.getvalue())
    assert list(found) == ["居民", "居民(2)", "居民(3)"]
    # each sheet: the header, then at most three rows (four with the header)
    assert found["居民"] == [("序号", "姓名"), (1, "张1"), (2, "张2"), (3, "张3")]
    assert found["居民(2)"] == [("序号", "姓名"), (4, "张4"), (5, "张5"), (6, "张6")]
    assert found["居民(3)"] == [("序号", "姓名"), (7, "张7")]


def test_a_continued_sheet_keeps_a_long_title_within_excels_31_characters(monkeypatch):
    monkeypatch.setattr(burqin.spreadsheets, "SHEET_MAX_ROWS", 2)
    writer = XlsxWriter()
    writer.add_sheet("长" * 31, ["内容"])
    writer.extend([["a"], ["b"]])
    titles = list(sheets(writer.save()))
    assert titles == ["长" * 31, "长" * 28 + "(2)"]


def test_the_writer_sizes_columns_from_the_sample_and_streams_every_row():
    writer = XlsxWriter()
    writer.add_sheet("长表", ["序号", "内容"])
    sample = burqin.spreadsheets.WIDTH_SAMPLE_ROWS
    writer.extend([n, "短"] for n in range(sample))
    writer.append([0, "很长" * 10])  # past the sample: written, but does not widen the column
    content = writer.save()
    assert len(sheets(content)["长表"]) == sample + 2
    sheet = load_workbook(io.BytesIO(content)).active
    # Columns of equal width share one <col min max> element.
    (width,) = [d.width for d in sheet.column_dimensions.values() if d.min <= 2 <= d.max]
    assert width < 10


def test_the_writer_takes_rows_given_as_generators():
    writer = XlsxWriter()
    writer.add_sheet("表", ["甲", "乙"])
    writer.append(value for value in ["一", "二"])
    assert sheets(writer.save())["表"] == [("甲", "乙"), ("一", "二")]


# Query counts: independent of the rows ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_the_resident_export_runs_the_same_queries_at_any_size(
    staff_client, ehe, size, django_assert_num_queries
):
    households(ehe, size)
    # session, user, the user's and the groups' permissions, the staff profile (scope), the
    # count of the rows, the communities' names, the rows (household joined, as tuples)
    with django_assert_num_queries(8):
        response = staff_client.get(RESIDENTS, {"export": "xlsx"})
    assert len(sheets(body(response))["居民"]) == size + 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_the_household_export_runs_the_same_queries_at_any_size(
    staff_client, ehe, size, django_assert_num_queries
):
    households(ehe, size)
    # session, user, the user's and the groups' permissions, the staff profile (scope), the
    # count of the rows, the rows (community, compound and head joined, member count as a
    # subquery)
    with django_assert_num_queries(7):
        response = staff_client.get(reverse("communities:household_list"), {"export": "xlsx"})
    rows = sheets(body(response))["住户"]
    assert len(rows) == size + 1
    assert {row[-1] for row in rows[1:]} == {1}  # each household's one member


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 60])
def test_the_payment_and_bank_list_exports_run_the_same_queries_at_any_size(
    officer_client, ehe, size, django_assert_num_queries
):
    batch = BatchFactory()
    for _ in range(size):
        DisbursementFactory(batch=batch, resident=household_with_members(ehe, 1).head)
    # session, user, the user's and the groups' permissions, the staff profile and the groups
    # (scope: town-wide), the month shown (the latest paid), the count, the programs' and
    # communities' names, the rows (resident joined, as tuples)
    with django_assert_num_queries(11):
        payments = officer_client.get(reverse("welfare:disbursement_list"), {"export": "xlsx"})
    assert len(next(iter(sheets(body(payments)).values()))) == size + 1
    # the same, and the batch
    with django_assert_num_queries(9):
        bank = officer_client.get(batch.get_absolute_url(), {"export": "xlsx"})
    # the header, a line per payment and the total line
    assert len(next(iter(sheets(body(bank)).values()))) == size + 2


# Background jobs -------------------------------------------------------------------------------


@pytest.fixture
def long_list(settings, ehe):
    """Five residents, above a lowered limit of three rows for an immediate export."""
    settings.EXPORT_ASYNC_ROWS = 3
    households(ehe, 5)


def request_export(client, django_capture_on_commit_callbacks, query=None):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(RESIDENTS, {"export": "xlsx", **(query or {})})


@pytest.mark.django_db
def test_an_export_above_the_limit_becomes_a_job_that_finishes(
    staff_client, staff, long_list, django_capture_on_commit_callbacks
):
    response = request_export(staff_client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == MY_EXPORTS
    job = ExportJob.objects.get()
    assert job.user == staff
    assert job.status == ExportJob.Status.DONE
    assert (job.rows_written, job.total) == (5, 5)
    assert job.url_name == "communities:resident_list"

    download = staff_client.get(job.get_absolute_url())
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert "%E5%B1%85%E6%B0%91%E5%90%8D%E5%8D%95" in download["Content-Disposition"]  # 居民名单
    assert len(sheets(body(download))["居民"]) == 6


@pytest.mark.django_db
def test_the_job_keeps_the_filters_of_the_request(
    staff_client, ehe, long_list, django_capture_on_commit_callbacks
):
    moved = household_with_members(ehe, 4, address="团结路1号")
    moved.members.update(moved_out_on="2026-01-01")
    request_export(staff_client, django_capture_on_commit_callbacks, {"status": "moved_out"})
    job = ExportJob.objects.get()
    assert "status=moved_out" in job.query
    assert job.status == ExportJob.Status.DONE
    assert job.rows_written == 4  # the moved-out members only, not the five living here


@pytest.mark.django_db
def test_a_town_wide_users_job_keeps_the_community_chosen_in_the_bar(
    settings, ehe, shenhu, django_capture_on_commit_callbacks
):
    settings.EXPORT_ASYNC_ROWS = 3
    households(ehe, 4)
    households(shenhu, 6)
    client = Client()
    client.force_login(town_official())
    client.post(reverse("set_community_filter"), {"community": ehe.pk})
    assert client.session[SESSION_FILTER_KEY] == ehe.pk
    request_export(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert job.community_filter == ehe.pk
    assert job.rows_written == 4
    rows = sheets(body(client.get(job.get_absolute_url())))["居民"]
    assert {row[0] for row in rows[1:]} == {"额河社区"}


@pytest.mark.django_db
def test_only_the_requester_downloads_an_export(client, ehe, shenhu):
    owner = staff_of(ehe)
    job = export_job_of(owner)
    url = job.get_absolute_url()

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login") + "?next=")
    for other in (staff_of(ehe), staff_of(shenhu), town_official()):
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.get(reverse("communities:exportjob_status", args=[job.pk])).status_code == 404
    # An account without a role or profile sees what to set (test_account_setup.py).
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_an_unfinished_export_has_no_file_to_download(client, ehe):
    owner = staff_of(ehe)
    job = export_job_of(owner, status=ExportJob.Status.RUNNING)
    client.force_login(owner)
    assert client.get(job.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_my_exports_polls_a_running_job_and_links_a_finished_one(staff_client, staff):
    running = export_job_of(staff, title="住户名单", status=ExportJob.Status.RUNNING)
    ExportJob.objects.filter(pk=running.pk).update(total=200, rows_written=50)
    done = export_job_of(staff, title="发放明细")
    export_job_of(staff_of(done.user.staff_profile.community), title="别人的导出")

    page = staff_client.get(MY_EXPORTS)
    assert page.status_code == 200
    html = page.content.decode()
    assert "住户名单" in html and "发放明细" in html and "别人的导出" not in html
    status_url = reverse("communities:exportjob_status", args=[running.pk])
    assert f'hx-get="{status_url}"' in html
    assert 'value="25"' in html  # 50 of 200 rows
    assert f'href="{done.get_absolute_url()}"' in html
    assert "<script>" not in html  # htmx attributes only (strict CSP)

    row = staff_client.get(status_url, HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert row.content.decode().lstrip().startswith("<tr")
    ExportJob.objects.filter(pk=running.pk).update(status=ExportJob.Status.DONE)
    finished = staff_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in finished  # polling stops


@pytest.mark.django_db
def test_my_exports_needs_a_login(client):
    response = client.get(MY_EXPORTS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_job_whose_requester_lost_the_permission_fails_without_a_file(
    staff_client, staff, long_list, django_capture_on_commit_callbacks
):
    from communities.exports import export_job_run

    with django_capture_on_commit_callbacks(execute=False):
        staff_client.get(RESIDENTS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.PENDING
    staff.groups.clear()
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert not job.file
    # Without any role the account sees what to set (tests/communities/test_account_setup.py);
    # given a role again, its exports list says the job failed.
    assert staff_client.get(MY_EXPORTS).status_code == 403
    staff.groups.add(Group.objects.get(name="community_staff"))
    html = staff_client.get(MY_EXPORTS).content.decode()
    assert 'data-testid="export-failed"' in html


@pytest.mark.django_db
def test_a_job_delivered_twice_is_written_once(
    staff_client, long_list, django_capture_on_commit_callbacks
):
    from communities.exports import export_job_run

    request_export(staff_client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert export_job_run(job_id=job.pk) is None  # already claimed and done
