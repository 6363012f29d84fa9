"""``python -m tests.slow_worker -A burqin worker …``: a celery worker whose report builds sleep
``SLOW_BUILD_SECONDS`` after claiming the build, so that a test can kill it mid-build.

The delay is patched in here, in the test's own worker process; production code has no such hook.
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "burqin.settings")
django.setup()

from reports import services  # noqa: E402

_compute = services.report_data


def slow_report_data(report):
    time.sleep(float(os.environ.get("SLOW_BUILD_SECONDS", "120")))
    return _compute(report)


services.report_data = slow_report_data

if __name__ == "__main__":
    from celery.__main__ import main

    main()
