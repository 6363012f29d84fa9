"""Writes of the e-commerce survey: keyword-only, atomic, history in the name of ``actor``.

The caller passes a resident it fetched through the user's scope; the record belongs to that
resident's community (never to one named in the request).
"""

import datetime

from django.db import transaction

from burqin.audit import acting_as
from communities.models import Resident

from ..models import Contest
from .models import EcommerceRecord, EcommerceSurvey


@transaction.atomic
def ecommerce_survey_save(
    *,
    actor,
    survey: EcommerceSurvey,
    year: int,
    title: str,
    started_on: datetime.date,
    surveyed_on: datetime.date,
    contest: Contest | None = None,
    note: str = "",
) -> EcommerceSurvey:
    """Open a survey round or correct one."""
    survey.year, survey.title, survey.started_on, survey.surveyed_on = (
        year,
        title,
        started_on,
        surveyed_on,
    )
    survey.contest, survey.note = contest, note
    with acting_as(actor):
        survey.save()
    return survey


@transaction.atomic
def ecommerce_record_save(
    *,
    actor,
    record: EcommerceRecord,
    survey: EcommerceSurvey,
    resident: Resident,
    kind: str,
    platform: str,
    turnover: str,
    jobs_created: int = 0,
    household_business: bool = False,
    note: str = "",
) -> EcommerceRecord:
    """Record a business found by the survey, or correct it. A household business counts the
    operator's household."""
    record.survey, record.resident, record.community = survey, resident, resident.community
    record.household = resident.household if household_business else None
    record.kind, record.platform, record.turnover = kind, platform, turnover
    record.jobs_created, record.note = jobs_created, note
    with acting_as(actor):
        record.save()
    return record
