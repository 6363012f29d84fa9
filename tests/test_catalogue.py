import os
import shutil

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.skipif(
    not shutil.which("xgettext") and os.environ.get("CI") != "true",
    reason="needs GNU gettext (xgettext, msgfmt); CI installs it",
)
def test_catalogue_is_complete_translated_and_compiled():
    try:
        call_command("catalogue", "--check")
    except CommandError as problems:
        pytest.fail(f"the zh_Hans catalogue needs work:\n{problems}")
