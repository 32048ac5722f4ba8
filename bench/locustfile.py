"""Locust users for ``make loadtest``: staff with ready-made sessions reading family pages (with their
trajectory section), the planning board, the centre dashboard and the monthly occupancy, and writing
(family edits with their version, new members). Run by ``python -m bench.loadtest``, never against
anything but 127.0.0.1."""

from __future__ import annotations

import json
import os
import random
import re
import threading
import uuid
from pathlib import Path

from locust import HttpUser, between, constant, events, task

SESSIONS = json.loads(Path(os.environ["SPALK_LOAD_SESSIONS"]).read_text())
COUNTS = {"edits_saved": 0, "edit_conflicts": 0, "members_added": 0}
LOCK = threading.Lock()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
NAMES = ["Peeters", "Maes", "Janssens", "Claes", "Wouters", "emma", "noor"]


def _count(key: str) -> None:
    with LOCK:
        COUNTS[key] += 1


@events.test_stop.add_listener
def _write_counts(environment, **kwargs):
    Path(os.environ["SPALK_LOAD_COUNTS"]).write_text(json.dumps(COUNTS))


_LOW, _HIGH = (float(x) for x in os.environ.get("SPALK_LOAD_WAIT", "0.5,2").split(","))


class Staff(HttpUser):
    # think time between two actions of one person (bench.loadtest: 0 at saturation, 5-10 s at a working pace)
    wait_time = constant(0) if _HIGH == 0 else between(_LOW, _HIGH)

    def on_start(self):
        me = random.Random().choice(SESSIONS)
        self.families = me["families"]
        self.client.cookies.set("sessionid", me["session"])

    def _family(self) -> int:
        return random.choice(self.families)

    @task(3)
    def list_families(self):
        self.client.get("/families/", name="/families/")

    @task(2)
    def search(self):
        self.client.get(f"/families/?q={random.choice(NAMES)}", headers={"HX-Request": "true"},
                        name="/families/?q= (htmx)")

    @task(5)
    def detail(self):
        self.client.get(f"/families/{self._family()}/", name="/families/[id]/")

    @task(2)
    def planning_board(self):
        self.client.get("/stays/", name="/stays/ (planning board)")

    @task(1)
    def centre_dashboard(self):
        self.client.get("/stays/dashboard/", name="/stays/dashboard/")

    @task(1)
    def monthly_occupancy(self):
        self.client.get("/stays/occupancy/", name="/stays/occupancy/")

    @task(1)
    def history(self):
        self.client.get(f"/families/{self._family()}/history/", name="/families/[id]/history/")

    @task(1)
    def edit(self):
        family = self._family()
        page = self.client.get(f"/families/{family}/edit/", name="/families/[id]/edit/ (form)")
        token, version = TOKEN.search(page.text), VERSION.search(page.text)
        if not token or not version:
            return
        with self.client.post(f"/families/{family}/edit/", name="/families/[id]/edit/ (save)",
                              data={"csrfmiddlewaretoken": token.group(1),
                                    # a name never used before: a save that changes nothing stores nothing
                                    # (no new version, no audit row) and would read as a lost write
                                    "name": f"Gezin {uuid.uuid4().hex[:12]}",
                                    "street": "Kerkstraat 1", "postal_code": "8400", "city": "Oostende",
                                    "phone": "", "languages": "Nederlands", "version": version.group(1)},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                _count("edits_saved")
                response.success()
            elif response.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in response.text:
                _count("edit_conflicts")  # optimistic locking did its job: not an error
                response.success()
            else:
                response.failure(f"unexpected {response.status_code}")

    @task(1)
    def add_member(self):
        family = self._family()
        page = self.client.get(f"/families/{family}/members/new/", name="/families/[id]/members/new/ (form)")
        token = TOKEN.search(page.text)
        if not token:
            return
        with self.client.post(f"/families/{family}/members/new/", name="/families/[id]/members/new/ (save)",
                              data={"csrfmiddlewaretoken": token.group(1), "role": "network", "first_name": "Load",
                                    "last_name": f"Test{random.randint(1, 99999)}", "sex": "u",
                                    "relation": "buurvrouw"},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                _count("members_added")
                response.success()
            else:
                response.failure(f"unexpected {response.status_code}")
