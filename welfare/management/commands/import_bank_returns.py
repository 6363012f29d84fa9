from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from burqin.spreadsheets import SpreadsheetError
from welfare.imports import bank_returns_import


class Command(BaseCommand):
    help = (
        "Reconcile payments from the bank's return file (.xlsx; columns 参考号 or 账号, 金额, 结果 "
        "成功/失败, 原因), all or nothing: the same code as the bank returns page."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the .xlsx file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                result = bank_returns_import(upload=handle)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from None
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Nothing was recorded: %(count)d problem(s) found; correct them and retry.")
                % {"count": len(result.errors)}
            )
        self.stdout.write(
            _(
                "Recorded %(paid)d paid (%(paid_amount)s yuan) and %(failed)d failed "
                "(%(failed_amount)s yuan) payments."
            )
            % {
                "paid": result.paid,
                "paid_amount": result.paid_amount,
                "failed": result.failed,
                "failed_amount": result.failed_amount,
            }
        )
