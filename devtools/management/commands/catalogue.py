"""The zh_Hans catalogue: refresh it from the sources, or check that it is complete and compiled.

The .po file is the only place translations live and is edited by hand. `make messages` runs this
command to bring new source strings in (empty) and mark changed ones fuzzy, then compiles the .mo;
`make test` runs `catalogue --check` (through tests/test_catalogue.py), which fails when the
catalogue is stale, an entry is fuzzy or empty, or the compiled file does not match the .po.
"""

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

LANGUAGE = "zh_Hans"
# Sources that hold no user-facing strings of the app.
IGNORED = [".venv", ".venv-load", "tests", "staticfiles", "node_modules", "media", "private"]
MAKEMESSAGES = {
    "locale": [LANGUAGE],
    "no_obsolete": True,
    "add_location": "file",
    "ignore_patterns": IGNORED,
    "verbosity": 0,
}
RUN = "(run `make messages`)"


def label(context: str, msgid: str, plural: str = "") -> str:
    return f"{context} | {msgid!r}" if context else repr(msgid)


def catalogue_path(base: Path) -> Path:
    return base / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"


def entry_key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def translations(catalogue) -> dict:
    """(context, msgid, plural) → the translated text(s), for comparing a .po with a .mo."""
    found = {}
    for entry in catalogue:
        if not entry.msgid or getattr(entry, "obsolete", False) or "fuzzy" in entry.flags:
            continue
        if not (entry.msgstr or any(entry.msgstr_plural.values())):
            continue
        if entry.msgid_plural:
            plural = entry.msgstr_plural
            found[entry_key(entry)] = tuple(plural[k] for k in sorted(plural))
        else:
            found[entry_key(entry)] = entry.msgstr
    return found


@contextmanager
def source_copy(base: Path):
    """A throwaway copy of the sources with the committed catalogue, to extract into."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(
            base,
            copy,
            ignore=shutil.ignore_patterns(".git", *IGNORED, "__pycache__", "*.pyc", "*.mo"),
        )
        yield copy


def problems(base: Path) -> list[str]:
    committed_path = catalogue_path(base)
    committed = polib.pofile(str(committed_path))
    found = []
    with source_copy(base) as copy:
        cwd = os.getcwd()
        os.chdir(copy)
        try:
            with override_settings(LOCALE_PATHS=[copy / "locale"]):
                call_command("makemessages", **MAKEMESSAGES)
        finally:
            os.chdir(cwd)
        fresh = polib.pofile(str(catalogue_path(copy)))
    wanted = {entry_key(e) for e in fresh}
    present = {entry_key(e) for e in committed if not e.obsolete}
    for key in sorted(wanted - present):
        found.append(f"not in the catalogue {RUN}: {label(*key)}")
    for key in sorted(present - wanted):
        found.append(f"no longer in the sources {RUN}: {label(*key)}")
    for entry in committed:
        label_ = label(*entry_key(entry))
        if entry.obsolete:
            found.append(f"obsolete entry left in the catalogue: {label_}")
        elif "fuzzy" in entry.flags:
            found.append(f"fuzzy (check the translation, then remove the flag): {label_}")
        elif not entry.translated():
            found.append(f"not translated: {label_}")
    compiled_path = committed_path.with_suffix(".mo")
    if not compiled_path.exists():
        found.append(f"{compiled_path.name} is missing {RUN}")
    elif translations(polib.mofile(str(compiled_path))) != translations(committed):
        found.append(f"{compiled_path.name} does not match the catalogue {RUN}")
    return found


class Command(BaseCommand):
    help = (
        "Refresh the zh_Hans catalogue from the sources and compile it; with --check, only report "
        "what is stale, fuzzy, untranslated or not compiled (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="change nothing, report problems")

    def handle(self, *args, check, **options):
        base = Path(settings.BASE_DIR)
        if check:
            found = problems(base)
            if found:
                raise CommandError("\n".join(found))
            self.stdout.write("catalogue complete and compiled")
            return
        cwd = os.getcwd()
        os.chdir(base)
        try:
            call_command("makemessages", **MAKEMESSAGES)
        finally:
            os.chdir(cwd)
        call_command("compilemessages", locale=[LANGUAGE], ignore_patterns=IGNORED, verbosity=0)
        open_entries = [line for line in problems(base) if RUN not in line]
        for line in open_entries:
            self.stdout.write(line)
        self.stdout.write(f"{len(open_entries)} entries to translate in {catalogue_path(base)}")
