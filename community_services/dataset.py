"""The community services' part of ``generate_dataset`` (devtools): a service record every other
day in every community (便民服务), the figures the report's services section and the service
pages are timed on. Bulk inserts, no history rows (a dataset is not an audit trail).
"""

import datetime

from django.db import transaction

from .models import ServiceCategory, ServiceRecord

BATCH = 5000


@transaction.atomic
def generate(*, rng, communities, residents, years) -> str:
    categories = list(ServiceCategory.objects.all())
    today = datetime.date.today()
    rows = []
    for community in communities:
        for day in range(0, 365 * years, 2):
            date = today - datetime.timedelta(days=day)
            charge = rng.choice(["free", "free", "low_fee"])
            rows.append(
                ServiceRecord(
                    community=community,
                    date=date,
                    category=rng.choice(categories),
                    charge=charge,
                    fee=0 if charge == "free" else 5,
                )
            )
    ServiceRecord.objects.bulk_create(rows, batch_size=BATCH)
    return f"services: {len(rows)} records"
