"""What the benchmark measures: every main page, htmx fragment and API call, as several personas.

Explicit scenarios cover the known screens with realistic parameters; ``discovered()`` walks the URL
registry so that a route added by a new capability is measured (when it only needs a family id) or at
least listed as not measured in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE, FRAGMENT, API = "page", "fragment", "api"
TARGET_MS = {PAGE: 150.0, FRAGMENT: 100.0, API: 150.0}
SEARCH_TARGET_MS = 100.0


@dataclass
class Scenario:
    name: str
    kind: str  # page | fragment | api
    persona: str  # key of Personas
    path: str  # may contain {family} {person} {family_page}
    htmx: bool = False
    token: bool = False
    search: bool = False
    key_page: bool = False  # report server time vs SQL time
    tags: list[str] = field(default_factory=list)

    @property
    def target_ms(self) -> float:
        return SEARCH_TARGET_MS if self.search else TARGET_MS[self.kind]

    @property
    def key(self) -> str:
        return f"{self.name} [{self.persona}]"


def s(name, kind, personas, path, **kw) -> list[Scenario]:
    return [Scenario(name=name, kind=kind, persona=p, path=path, **kw) for p in personas]


SCENARIOS: list[Scenario] = [
    *s("home", PAGE, ["director", "counsellor"], "/"),
    *s("families list", PAGE, ["director", "counsellor", "night_staff", "administrative"], "/families/",
       key_page=True),
    *s("families list page 4", PAGE, ["director"], "/families/?page=4"),
    *s("family search (name)", FRAGMENT, ["director", "counsellor"], "/families/?q=peeters", htmx=True,
       search=True, key_page=True),
    *s("family search (member first name)", FRAGMENT, ["director"], "/families/?q=emma", htmx=True, search=True),
    *s("family search (two words)", FRAGMENT, ["director"], "/families/?q=gezin+jan", htmx=True, search=True),
    *s("family search (dossier number)", FRAGMENT, ["director"], "/families/?q={reference}", htmx=True,
       search=True),
    *s("family search (full page)", PAGE, ["intake_officer"], "/families/?q=maes", search=True),
    *s("family detail", PAGE, ["director", "counsellor", "night_staff", "administrative", "context_counsellor"],
       "/families/{family}/", key_page=True),
    *s("family edit form", PAGE, ["director", "counsellor"], "/families/{family}/edit/"),
    *s("member add form", PAGE, ["counsellor"], "/families/{family}/members/new/"),
    *s("person edit form", PAGE, ["counsellor"], "/families/{family}/persons/{person}/edit/"),
    *s("family history", PAGE, ["director", "counsellor"], "/families/{family}/history/", key_page=True),
    *s("family team", PAGE, ["director"], "/access/families/{family}/team/"),
    *s("family access log", PAGE, ["director", "team_lead"], "/audit/families/{family}/", key_page=True),
    *s("audit events", PAGE, ["director"], "/audit/", key_page=True),
    *s("audit events page 10", PAGE, ["director"], "/audit/?page=10"),
    *s("audit events of one family", PAGE, ["team_lead"], "/audit/?family={family}"),
    *s("audit events of one staff member", PAGE, ["director"], "/audit/?actor={counsellor_id}"),
    *s("break-glass overview", PAGE, ["team_lead"], "/access/break-glass/overview/"),
    *s("staff list", PAGE, ["centre_admin"], "/staff/"),
    *s("API families", API, ["counsellor", "director"], "/api/v1/families/", token=True, key_page=True),
    *s("API families search", API, ["director"], "/api/v1/families/?q=peeters", token=True, search=True),
    *s("API family", API, ["counsellor", "director"], "/api/v1/families/{family}", token=True),
    *s("API person", API, ["counsellor"], "/api/v1/families/{family}/persons/{person}", token=True),
    *s("API centres", API, ["director"], "/api/v1/centres/", token=True),
    *s("health check", API, ["anonymous"], "/healthz"),
]

# Routes covered above (by URL name); discovered() measures the others when it can.
COVERED = {"home", "families:list", "families:detail", "families:edit", "families:member_add",
           "families:person_edit", "families:history", "access:team", "audit:family_access", "audit:events",
           "access:break_glass_list", "accounts:staff_list", "healthz", "api:list_families", "api:get_family",
           "api:get_person", "api:list_centres"}
NOT_MEASURED_REASON = {
    "families:create": "form page; its POST is exercised by the load test",
    "access:break_glass": "form page without data",
    "access:break_glass_reviewed": "POST only",
    "audit:export": "needs a recent re-authentication (streamed CSV)",
}
