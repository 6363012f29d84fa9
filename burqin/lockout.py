"""The login lockout: django-axes with a second limit per address.

axes counts failures per user name *and* address (``AXES_LOCKOUT_PARAMETERS``), so wrong
passwords typed for ``minzheng`` at one desk do not lock ``minzheng`` out at another. On its own
that lets one address try four passwords on every account (password spraying); this handler also
counts the failures of an address over all user names and locks the address once they reach
``AXES_ADDRESS_FAILURE_LIMIT`` within ``AXES_COOLOFF_TIME``.

A successful login clears only its own user name's failures at that address, so an attacker who
owns one account cannot wipe the address's count by logging into it.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def address_failures(self, request) -> int:
        """Failures from the request's address over every user name, within the cool-off."""
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The user name + address failures; at the limit as well when the address is locked.

        axes compares this one number with ``AXES_FAILURE_LIMIT``, both before authenticating
        and after a failure, so a locked address answers like a locked account.
        """
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if (
            failures < limit
            and self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
        ):
            return limit
        return failures
