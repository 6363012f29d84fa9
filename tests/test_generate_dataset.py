import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from communities.models import Community, Resident
from duty_roster.models import Assignment, DutyLog
from employment.models import JobSeeker, Placement, Trainee
from welfare.models import Disbursement


class Rollback(Exception):
    pass


def first_people():
    return list(
        Resident.objects.filter(community__code__startswith="ds-")
        .order_by("pk")
        .values_list("id_number", "name")[:50]
    )


@pytest.mark.django_db
def test_generate_dataset_loads_every_module_and_is_deterministic(capsys):
    try:
        with transaction.atomic():
            call_command("generate_dataset", "--residents", "400", "--seed", "3")
            earlier = first_people()
            raise Rollback
    except Rollback:
        pass
    call_command("generate_dataset", "--residents", "400", "--seed", "3")
    assert first_people() == earlier
    assert Community.objects.filter(code__startswith="ds-").count() == 8
    assert 390 <= Resident.objects.filter(community__code__startswith="ds-").count() <= 440
    assert Disbursement.objects.filter(corrects__isnull=False).exists()
    assert Assignment.objects.exists() and DutyLog.objects.exists()
    assert Placement.objects.exists() and Trainee.objects.exists()
    assert Disbursement.objects.filter(program__kind="in_kind").exists()
    # Job seekers in every community, so a fair day can be played in each.
    assert (
        JobSeeker.objects.values("community").distinct().count()
        == Community.objects.filter(code__startswith="ds-").count()
    )
    assert "loaded" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("generate_dataset", "--residents", "400")
