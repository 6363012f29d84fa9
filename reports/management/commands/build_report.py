import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from reports import services
from reports.models import Report
from reports.tasks import build_report


class Command(BaseCommand):
    help = (
        "Build the report of PERIOD (YYYY-MM, YYYY-H1, YYYY-H2 or YYYY) for the town or one "
        "community, running the same task Celery runs; --json prints its data."
    )

    def add_arguments(self, parser):
        parser.add_argument("period")
        parser.add_argument("--community", help="community code (default: the whole town)")
        parser.add_argument("--json", action="store_true", help="print the report's data")

    def handle(self, *args, period, community, json: bool, **options):
        scope = None
        if community:
            scope = Community.objects.filter(code=community).first()
            if scope is None:
                raise CommandError(_("Unknown community code “%(code)s”.") % {"code": community})
        try:
            report, _created = services.report_request(period_key=period, community=scope)
        except ValueError as exc:  # a bad period, or an approved (locked) report
            raise CommandError(str(exc)) from None
        # A stale build was marked failed by report_request and a new one requested; a live one
        # is left to its worker.
        if report.status == Report.Status.RUNNING:
            raise CommandError(
                _(
                    "This report is already being built (started %(started)s); run the command "
                    "again once it has finished."
                )
                % {"started": f"{timezone.localtime(report.started_at):%Y-%m-%d %H:%M}"}
            )
        result = build_report.apply(args=[report.period, community, report.pk]).get()
        report = Report.objects.get(pk=result["report"])
        if report.status != Report.Status.DONE:
            raise CommandError(
                _("The report was not built: %(error)s") % {"error": report.error or report.status}
            )
        if json:
            self.stdout.write(_dumps({**report.data, "state": report.state}))
        else:
            self.stdout.write(_("Report %(report)s built.") % {"report": report})


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
