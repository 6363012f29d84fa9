"""Excel exports of the registry lists: the same filtered querysets the pages show."""

from django.utils import timezone
from django.utils.translation import gettext as _

from burqin.spreadsheets import build_workbook, xlsx_response

from .idnumbers import id_number_for
from .models import Resident


def _stamp() -> str:
    return timezone.localdate().strftime("%Y%m%d")


def _yes(value: bool) -> str:
    return _("Yes") if value else ""


def residents_xlsx(residents, user):
    headers = [
        _("Community"),
        _("Name"),
        _("ID number"),
        _("Sex"),
        _("Birth date"),
        _("Ethnicity"),
        _("Phone"),
        _("Household address"),
        _("Relation to head"),
        *[str(label) for label in Resident.FLAGS.values()],
        _("Disability category"),
        _("Disability grade"),
        _("Moved out on"),
        _("Deceased on"),
    ]

    def rows():
        for r in residents.iterator(chunk_size=2000):
            yield [
                r.community.name,
                r.name,
                id_number_for(user, r.id_number),
                r.get_sex_display(),
                r.birth_date,
                r.get_ethnicity_display(),
                r.phone,
                r.household.address if r.household_id else "",
                r.get_relation_display(),
                *[_yes(getattr(r, flag)) for flag in Resident.FLAGS],
                r.get_disability_category_display(),
                r.disability_grade or "",
                r.moved_out_on,
                r.deceased_on,
            ]

    content = build_workbook(_("Residents"), headers, rows())
    return xlsx_response(f"居民名单-{_stamp()}.xlsx", content)


def households_xlsx(households, user):
    headers = [
        _("Community"),
        _("Compound"),
        _("Address"),
        _("Registration type"),
        _("Head"),
        _("Head's ID number"),
        _("Members"),
    ]

    def rows():
        for h in households.iterator(chunk_size=2000):
            head_id = ""
            if h.head_id:
                head_id = id_number_for(user, h.head.id_number)
            yield [
                h.community.name,
                h.compound.name if h.compound_id else "",
                h.address,
                h.get_registration_type_display(),
                h.head.name if h.head_id else "",
                head_id,
                h.member_count,
            ]

    content = build_workbook(_("Households"), headers, rows())
    return xlsx_response(f"住户名单-{_stamp()}.xlsx", content)


def community_overview_xlsx(rows):
    headers = [
        _("Community"),
        _("Households"),
        _("Residents"),
        *[str(label) for label in Resident.FLAGS.values()],
        *[str(spec[0]) for spec in Resident.AGE_BANDS.values()],
    ]
    data = [
        [
            row["community"].name,
            row["households"]["total"],
            row["residents"]["total"],
            *[row["residents"][flag] for flag in Resident.FLAGS],
            *[row["residents"][f"age_{band}"] for band in Resident.AGE_BANDS],
        ]
        for row in rows
    ]
    content = build_workbook(_("Communities"), headers, data)
    return xlsx_response(f"社区概况-{_stamp()}.xlsx", content)
