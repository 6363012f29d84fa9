import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from communities.models import Household, Resident
from communities.services import IMPORT_COLUMNS
from tests.factories import next_id_number, town_official

URL = reverse("communities:resident_import")


def sheet(rows, columns=IMPORT_COLUMNS) -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(list(columns))
    for row in rows:
        workbook.active.append([row.get(c, "") for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("居民.xlsx", buffer.getvalue())


def rows_for(count: int, community="ehe") -> list[dict]:
    rows = []
    for i in range(count):
        head = i % 2 == 0
        rows.append(
            {
                "社区代码": community,
                "小区": "额河小区",
                "地址": f"额河路{i // 2}号",
                "与户主关系": "户主" if head else "配偶",
                "身份证号": next_id_number(male=head),
                "姓名": "张三" if head else "阿依古丽",
                "民族": "汉族" if head else "哈萨克",
                "党员": "是" if i % 10 == 0 else "",
            }
        )
    return rows


@pytest.mark.django_db
def test_it_imports_residents_grouped_into_households(staff_client, ehe):
    response = staff_client.post(URL, {"file": sheet(rows_for(10))})
    assert response.status_code == 302
    assert Resident.objects.filter(community=ehe).count() == 10
    assert Household.objects.filter(community=ehe, head__isnull=False).count() == 5
    assert Resident.objects.filter(ethnicity="17").count() == 5
    assert Resident.objects.filter(is_party_member=True).count() == 1


@pytest.mark.django_db
def test_one_bad_row_among_500_writes_nothing_and_names_row_and_column(staff_client, ehe):
    rows = rows_for(500)
    good = rows[249]["身份证号"]
    rows[249]["身份证号"] = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = staff_client.post(URL, {"file": sheet(rows)})
    assert response.status_code == 200
    assert Resident.objects.count() == 0
    assert Household.objects.count() == 0
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(251, "身份证号")]
    body = response.content.decode()
    assert "251" in body and "校验码" in body and "未导入" in body


@pytest.mark.django_db
def test_staff_cannot_import_into_another_community(staff_client, ehe, shenhu):
    response = staff_client.post(URL, {"file": sheet(rows_for(2, community="shenhu"))})
    assert Resident.objects.count() == 0
    assert response.context["result"].errors[0].column == "社区代码"


@pytest.mark.django_db
def test_a_household_without_head_is_reported(staff_client, ehe):
    rows = rows_for(2)
    rows[0]["与户主关系"] = "子女"
    response = staff_client.post(URL, {"file": sheet(rows)})
    assert "户主" in response.content.decode()
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_missing_column_and_malformed_file_get_clear_errors(staff_client, ehe):
    response = staff_client.post(URL, {"file": sheet(rows_for(2), columns=IMPORT_COLUMNS[:5])})
    assert "身份证号" in response.content.decode() and "缺少" in response.content.decode()
    garbage = SimpleUploadedFile("居民.xlsx", b"not a workbook")
    response = staff_client.post(URL, {"file": garbage})
    assert "不是有效的 Excel" in response.content.decode()
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_an_oversized_file_is_refused(staff_client, ehe, settings):
    settings.MAX_IMPORT_BYTES = 1000
    response = staff_client.post(URL, {"file": sheet(rows_for(60))})
    assert "MB" in response.content.decode()
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_template_downloads_with_every_column(staff_client):
    response = staff_client.get(reverse("communities:resident_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in workbook.active[1]]
    assert header == IMPORT_COLUMNS


@pytest.mark.django_db
def test_the_template_example_imports_cleanly(staff_client, ehe):
    response = staff_client.get(reverse("communities:resident_import_template"))
    upload = SimpleUploadedFile("模板.xlsx", response.content)
    assert staff_client.post(URL, {"file": upload}).status_code == 302
    assert Resident.objects.filter(community=ehe).count() == 2


@pytest.mark.django_db
def test_read_only_official_cannot_import(client):
    client.force_login(town_official())
    assert client.get(URL).status_code == 403
