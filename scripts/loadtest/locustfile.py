"""Community staff at work, for `make loadtest` (scripts/loadtest.sh).

Each virtual user works in a session of the staff account of one community, opened by
`manage.py loadtest prepare`, and mixes what a community office does all day: search residents,
open a household, enter a service record, check a job seeker in at a fair, review an
enrollment. Every write carries the run's token; the user counts what it sent and what the
server confirmed, and the counts are written to $LOADTEST_RESULTS when the run stops, for
`manage.py loadtest verify` to compare with the database.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text())
RUN = PLAN["run"]
SENT = {"service": 0, "checkin": 0, "review": 0}
ACKED = {"service": [], "checkin": [], "review": []}
SEEKERS = {c["username"]: list(c["seekers"]) for c in PLAN["communities"]}
_users = itertools.count()
_writes = itertools.count(1)


@events.test_stop.add_listener
def _write_results(environment, **kwargs):
    Path(os.environ["LOADTEST_RESULTS"]).write_text(json.dumps({"sent": SENT, "acked": ACKED}))


class CommunityStaff(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        session = PLAN["sessions"][next(_users) % len(PLAN["sessions"])]
        self.office = PLAN["communities"][session["office"]]
        self.rng = random.Random(session["key"])
        self.client.cookies.set("sessionid", session["key"])

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    @task(4)
    def search_residents(self):
        term = self.rng.choice(self.office["searches"])
        self.client.get(f"/residents/?q={term}", name="/residents/?q=[initials]")

    @task(3)
    def open_household(self):
        pk = self.rng.choice(self.office["households"])
        self.client.get(f"/households/{pk}/", name="/households/[pk]/")

    @task(2)
    def enter_service_record(self):
        form = self.client.get("/services/quick/", name="/services/quick/")
        today = re.search(r'name="date" value="([0-9-]+)"', form.text)
        token = f"{RUN}-{next(_writes)}"
        SENT["service"] += 1
        with self.client.post(
            "/services/quick/",
            {
                "csrfmiddlewaretoken": self._csrf(),
                "date": today.group(1) if today else "",
                "category": PLAN["category"],
                "charge": "free",
                "fee": "0",
                "who": "",
                "note": token,
            },
            name="/services/quick/ (save)",
            catch_response=True,
        ) as response:
            self._confirm(response, "service", token, "alert-success")

    @task(1)
    def check_in_at_fair(self):
        pool = SEEKERS[self.office["username"]]
        if not pool:
            return
        id_number = pool.pop()
        url = f"/employment/fairs/{PLAN['fair']}/checkin/"
        self.client.get(url, name="/employment/fairs/[pk]/checkin/")
        SENT["checkin"] += 1
        with self.client.post(
            url,
            {"csrfmiddlewaretoken": self._csrf(), "id_number": id_number},
            name="/employment/fairs/[pk]/checkin/ (check in)",
            catch_response=True,
        ) as response:
            self._confirm(response, "checkin", id_number, 'alert-success" data-testid')

    @task(1)
    def review_enrollment(self):
        if not self.office["enrollments"]:
            return
        pk = self.rng.choice(self.office["enrollments"])
        self.client.get(f"/welfare/enrollments/{pk}/", name="/welfare/enrollments/[pk]/")
        token = f"{RUN}-{next(_writes)}"
        SENT["review"] += 1
        with self.client.post(
            f"/welfare/enrollments/{pk}/step/",
            {
                "csrfmiddlewaretoken": self._csrf(),
                "action": "annual_review",
                "persons_covered": self.rng.randint(1, 4),
                "monthly_income_per_capita": self.rng.randrange(0, 400, 10),
                "opinion": token,
            },
            name="/welfare/enrollments/[pk]/step/ (annual review)",
            catch_response=True,
        ) as response:
            self._confirm(response, "review", token, "alert-success")

    @staticmethod
    def _confirm(response, kind: str, token: str, marker: str) -> None:
        """A write counts as confirmed when the page the server answers with says it was saved."""
        if response.status_code == 200 and marker in response.text:
            ACKED[kind].append(token)
            response.success()
        else:
            response.failure(f"{kind} not confirmed (HTTP {response.status_code})")
