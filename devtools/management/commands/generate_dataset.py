"""Synthetic data at the scale of the town, the county (×4) or the prefecture (×40).

Each app contributes its part in its own ``dataset.py`` (``generate(*, rng, communities,
residents, years) -> str``), found like the reports' ``summary.py`` and called in
``INSTALLED_APPS`` order — the registry first, as every other part builds on its residents. Each
part draws from a random generator of its own, seeded from ``--seed`` and the app's label, so the
data is deterministic for a seed and one app's part does not shift another's.
"""

import random
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from communities.dataset import COMMUNITIES_PER_TOWN, create_communities
from communities.models import Community
from devtools.discovery import project_app_modules

SCALES = {"town": 1, "county": 4, "prefecture": 40}
RESIDENTS_PER_TOWN = 18_000


class Command(BaseCommand):
    help = "Load synthetic data at town, county or prefecture scale (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="town")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=1, help="months of payments = 12 × N")
        parser.add_argument("--residents", type=int, help="override the number of residents")

    def handle(self, *args, scale, seed, years, residents, **options):
        if Community.objects.filter(code__startswith="ds-").exists():
            raise CommandError("A generated dataset is already loaded (communities ds-…).")
        started = time.perf_counter()
        factor = SCALES[scale]
        communities = create_communities(COMMUNITIES_PER_TOWN * factor)
        for app, module in project_app_modules("dataset"):
            loaded = module.generate(
                rng=random.Random(f"{seed}:{app}"),
                communities=communities,
                residents=residents or RESIDENTS_PER_TOWN * factor,
                years=years,
            )
            self.stdout.write(f"{loaded} ({time.perf_counter() - started:.0f} s)")
        # Written in bulk without history: figures kept until a row's history changes
        # (burqin.kept) would not see these rows.
        cache.clear()
        self.stdout.write(
            self.style.SUCCESS(
                f"{scale} dataset (seed {seed}) loaded in {time.perf_counter() - started:.0f} s"
            )
        )
