from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from burqin.spreadsheets import SpreadsheetError
from welfare.imports import disbursements_import


class Command(BaseCommand):
    help = (
        "Import payments from an .xlsx file (columns 项目代码, 期间, 身份证号, 姓名, 金额, 数量, "
        "人数, 备注), all or nothing: the same importer as the upload page."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .xlsx file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                result = disbursements_import(upload=handle)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from None
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        for warning in result.warnings:
            self.stderr.write(_("Note: %(warning)s") % {"warning": warning})
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Nothing was imported: %(count)d problem(s) found; correct them and retry.")
                % {"count": len(result.errors)}
            )
        self.stdout.write(_("Imported %(count)d payments.") % {"count": result.created})
