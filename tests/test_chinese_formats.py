"""Issue 14, item 5: dates and money the Chinese way on pages and in files, through Django's
format settings (burqin/formats/zh_Hans) and the town's number style (burqin/numbers.py)."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from burqin.spreadsheets import DATE, DATETIME, MONTH, XlsxWriter, build_workbook
from community_services.models import ServiceCategory, ServiceRecord
from tests.factories import ServiceRecordFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def render(source: str, **context) -> str:
    with translation.override("zh-hans"):
        return Template(source).render(Context(context))


def test_dates_months_and_times_read_the_chinese_way():
    day = datetime.date(2026, 11, 26)
    at = datetime.datetime(2026, 11, 26, 6, 5, tzinfo=datetime.UTC)  # 14:05 in Burqin
    assert render("{{ d|date }}", d=day) == "2026年11月26日"
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "2026年11月26日"
    assert render('{{ d|date:"YEAR_MONTH_FORMAT" }}', d=day) == "2026年11月"
    assert render('{{ t|date:"DATETIME_FORMAT" }}', t=at) == "2026年11月26日 14:05"


def test_a_date_field_still_takes_iso_and_writes_iso_into_a_date_input():
    class Form(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override("zh-hans"):
        for typed in ("2026-11-26", "2026/11/26", "2026年11月26日"):
            form = Form({"day": typed})
            assert form.is_valid(), (typed, form.errors)
            assert form.cleaned_data["day"] == datetime.date(2026, 11, 26)
        html = str(Form(initial={"day": datetime.date(2026, 11, 26)})["day"])
    assert 'value="2026-11-26"' in html


@pytest.mark.django_db
def test_a_service_list_shows_its_dates_and_fees_the_chinese_way(staff_client, ehe):
    ServiceRecordFactory(
        community=ehe,
        date=datetime.date(2026, 11, 3),
        charge=ServiceRecord.Charge.PAID,
        fee=Decimal("1234.5"),
    )
    text = staff_client.get(
        reverse("community_services:servicerecord_list"), {"date_from": "2026-11-01"}
    ).content.decode()
    assert "2026年11月3日" in text
    assert "2026-11-03" not in text
    assert "1,234.50" in text


@pytest.mark.django_db
def test_a_date_typed_as_iso_is_saved_through_the_quick_entry(staff_client, ehe):
    response = staff_client.post(
        reverse("community_services:servicerecord_quick"),
        {
            "date": "2026-11-26",
            "category": ServiceCategory.objects.get(name="信息咨询").pk,
            "charge": "free",
            "fee": "0",
            "who": "",
            "note": "咨询",
        },
    )
    assert response.status_code == 302
    assert ServiceRecord.objects.get().date == datetime.date(2026, 11, 26)


def test_xlsx_date_cells_carry_a_chinese_number_format():
    content = build_workbook(
        "日期",
        ["日期", "时间"],
        [[datetime.date(2026, 11, 26), datetime.datetime(2026, 11, 26, 14, 5, tzinfo=SHANGHAI)]],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    day, at = sheet["A2"], sheet["B2"]
    assert day.is_date and day.number_format == DATE == 'yyyy"年"m"月"d"日"'
    assert at.is_date and at.number_format == DATETIME
    assert at.value == datetime.datetime(2026, 11, 26, 14, 5)


def test_an_xlsx_month_column_reads_as_a_month():
    writer = XlsxWriter()
    writer.add_sheet("月份", ["月份"], number_formats=[MONTH])
    writer.append([datetime.date(2026, 11, 1)])
    sheet = load_workbook(io.BytesIO(writer.save())).active
    assert sheet["A2"].number_format == 'yyyy"年"m"月"'


def test_money_is_written_by_the_shared_functions():
    assert render("{% load numbers %}{{ v|yuan }}", v=Decimal("122540")) == "122,540.00"
    assert render('{% load numbers %}{{ v|yuan:"元" }}', v=Decimal("122540")) == "122,540.00 元"
    assert render("{% load numbers %}{{ v|wan }}", v=Decimal("122540")) == "12.25万元"
