import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from burqin.periods import parse_month
from communities.models import Community
from duty_roster.services import roster_generate
from duty_roster.summary import roster_json


class Command(BaseCommand):
    help = "Generate a community's duty rota for a month (as the page does); --json prints it."

    def add_arguments(self, parser):
        parser.add_argument("community_code")
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--time-limit",
            type=float,
            default=None,
            help="Seconds of search (default: the ROSTER_MAX_SECONDS setting).",
        )

    def handle(self, *args, community_code, month, json: bool, time_limit, **options):
        community = Community.objects.filter(code=community_code).first()
        if community is None:
            raise CommandError(_("Unknown community code “%(code)s”.") % {"code": community_code})
        try:
            roster, problem, solution = roster_generate(
                community=community, month=parse_month(month), time_limit=time_limit
            )
        except (ValueError, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        if json:
            self.stdout.write(_dump(roster_json(roster)))
        else:
            self.stdout.write(
                _("%(roster)s: %(count)d assignments, %(gaps)d uncovered, %(seconds).2f s.")
                % {
                    "roster": roster,
                    "count": len(solution.assignments),
                    "gaps": len(solution.uncovered),
                    "seconds": solution.seconds,
                }
            )
            found = (
                _("Proven optimal")
                if solution.optimal
                else _("Best rota found within the time limit (%(limit)s s), not proven optimal")
                % {"limit": f"{solution.time_limit:g}"}
            )
            spread = _("fairness spread: %(spread)s shift(s) between members of a category") % {
                "spread": solution.max_spread
            }
            self.stdout.write(f"{found}；{spread}")


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
