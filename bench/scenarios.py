"""What the benchmark measures: every main page, htmx fragment and API call, as several personas.

Explicit scenarios cover the known screens with realistic parameters; ``discovered()`` walks the URL
registry so that a route added by a new capability is measured (when it only needs a family id) or at
least listed as not measured in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE, FRAGMENT, API, PDF = "page", "fragment", "api", "pdf"
TARGET_MS = {PAGE: 150.0, FRAGMENT: 100.0, API: 150.0, PDF: 2000.0}
SEARCH_TARGET_MS = 100.0


@dataclass
class Scenario:
    name: str
    kind: str  # page | fragment | api
    persona: str  # key of Personas
    path: str  # placeholders: see measure.PLACEHOLDERS ({family} {person} {registration} {trajectory} ...)
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
    # the client contribution (issue 14): a family's balance page (statements, payments, who pays) ≤ 150 ms
    *s("finance family balance page", PAGE, ["director"], "/finance/families/{family}/", key_page=True),
    *s("finance balances and arrears", PAGE, ["director"], "/finance/families/"),
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
    # the one search box (issue 11): one word, two words, a name; as a counsellor and as a director
    *s("one search box (one word)", FRAGMENT, ["counsellor", "director"], "/search/?q=koorts", htmx=True,
       search=True, key_page=True),
    *s("one search box (two words)", FRAGMENT, ["counsellor", "director"], "/search/?q=fles+temperatuur", htmx=True,
       search=True),
    *s("one search box (a name)", FRAGMENT, ["counsellor", "director"], "/search/?q=peeters", htmx=True,
       search=True, key_page=True),
    *s("one search box (notes of one category)", FRAGMENT, ["director"], "/search/?q=koorts&category=health",
       htmx=True, search=True),
    *s("API search (one word)", API, ["counsellor", "director"], "/api/v1/search?q=koorts", token=True, search=True),
    *s("API search (a name)", API, ["counsellor", "director"], "/api/v1/search?q=peeters&kind=person", token=True,
       search=True),
    # presence and agenda (issue 11)
    *s("presence check tonight", PAGE, ["night_staff", "counsellor"], "/presence/", key_page=True),
    *s("presence of a family", PAGE, ["counsellor"], "/presence/families/{stay_family}/"),
    *s("agenda today", PAGE, ["counsellor", "director"], "/agenda/"),
    *s("agenda week", PAGE, ["director"], "/agenda/week/"),
    *s("API presence night sheet", API, ["night_staff"], "/api/v1/presence/nights", token=True),
    *s("API family", API, ["counsellor", "director"], "/api/v1/families/{family}", token=True),
    *s("API person", API, ["counsellor"], "/api/v1/families/{family}/persons/{person}", token=True),
    *s("API centres", API, ["director"], "/api/v1/centres/", token=True),
    *s("health check", API, ["anonymous"], "/healthz"),
    # intake (issue 4)
    *s("registrations list", PAGE, ["intake_officer", "director", "team_lead"], "/intake/", key_page=True),
    *s("registrations list (waiting, filtered)", PAGE, ["intake_officer"], "/intake/?status=waiting_list"),
    *s("registrations list (care and urgency)", PAGE, ["director"], "/intake/?care=stay_high&urgency=high"),
    *s("registrations list page 5", PAGE, ["director"], "/intake/?page=5"),
    *s("registrations filter (htmx)", FRAGMENT, ["intake_officer"], "/intake/?status=declined", htmx=True),
    *s("registrations search (name)", FRAGMENT, ["intake_officer"], "/intake/?q=peeters", htmx=True, search=True),
    *s("registration detail", PAGE, ["intake_officer", "director"], "/intake/{registration}/", key_page=True),
    *s("registration screening form", PAGE, ["intake_officer"], "/intake/{open_registration}/screening/"),
    *s("waiting list", PAGE, ["intake_officer", "team_lead"], "/intake/waiting-list/", key_page=True),
    *s("A-document", PAGE, ["intake_officer"], "/intake/{adoc_registration}/a-document/{adoc}/"),
    *s("A-document PDF", PDF, ["intake_officer"], "/intake/{adoc_registration}/a-document/{adoc}/pdf/"),
    *s("module catalogue", PAGE, ["director"], "/intake/modules/"),
    *s("partner directory", PAGE, ["intake_officer"], "/partners/"),
    # trajectories and stays (issue 5)
    *s("trajectory detail", PAGE, ["director", "counsellor"], "/trajectories/{trajectory}/", key_page=True),
    *s("family detail with trajectory and stay", PAGE, ["director", "counsellor"], "/families/{stay_family}/",
       key_page=True),
    *s("planning board", PAGE, ["director", "team_lead"], "/stays/", key_page=True),
    *s("planning board next week", PAGE, ["director"], "/stays/?start={next_week}"),
    *s("centre dashboard", PAGE, ["director", "team_lead"], "/stays/dashboard/", key_page=True),
    *s("monthly occupancy", PAGE, ["director"], "/stays/occupancy/?month={last_month}", key_page=True),
    *s("units", PAGE, ["director"], "/stays/units/"),
    *s("API trajectories", API, ["counsellor", "director"], "/api/v1/trajectories/", token=True, key_page=True),
    *s("API open trajectories", API, ["director"], "/api/v1/trajectories/?open=true", token=True),
    *s("API trajectory", API, ["counsellor", "director"], "/api/v1/trajectories/{trajectory}", token=True),
    *s("API supporters of a family", API, ["counsellor"], "/api/v1/trajectories/families/{stay_family}/supporters",
       token=True),
    *s("API allocations", API, ["counsellor", "director"], "/api/v1/stays/allocations", token=True),
    *s("API allocations of a family", API, ["director"], "/api/v1/stays/allocations?family_id={stay_family}",
       token=True),
    *s("API occupancy", API, ["director"], "/api/v1/stays/occupancy?month={last_month}", token=True),
    *s("API units", API, ["director"], "/api/v1/stays/units", token=True),
    *s("API registrations", API, ["intake_officer", "director"], "/api/v1/intake/registrations", token=True,
       key_page=True),
    *s("API registrations (waiting)", API, ["intake_officer"], "/api/v1/intake/registrations?status=waiting_list",
       token=True),
    *s("API registration", API, ["intake_officer"], "/api/v1/intake/registrations/{registration}", token=True),
    *s("API screenings", API, ["intake_officer"], "/api/v1/intake/registrations/{registration}/screenings",
       token=True),
    *s("API A-document", API, ["intake_officer"], "/api/v1/intake/registrations/{adoc_registration}/a-documents/"
       "{adoc}", token=True),
    *s("API waiting list", API, ["intake_officer"], "/api/v1/intake/waiting-list", token=True),
    # logbook, handovers and incidents (issue 11); writing a note is timed by measure.note_write
    *s("family logbook", PAGE, ["counsellor", "director", "night_staff"], "/logbook/families/{stay_family}/",
       key_page=True),
    *s("family logbook, older page", FRAGMENT, ["counsellor"], "/logbook/families/{stay_family}/?before={before}",
       htmx=True),
    *s("family logbook (one category)", PAGE, ["director"], "/logbook/families/{stay_family}/?category=health"),
    *s("logbook of the living group", PAGE, ["night_staff", "counsellor"], "/logbook/", key_page=True),
    *s("handover page", PAGE, ["night_staff", "counsellor", "team_lead"], "/logbook/handover/", key_page=True),
    *s("handover (earlier)", PAGE, ["night_staff"], "/logbook/handovers/{handover}/"),
    *s("open incidents", PAGE, ["team_lead"], "/logbook/incidents/"),
    *s("care moments of a child", PAGE, ["counsellor"], "/logbook/families/{stay_family}/care-moments/"),
    *s("API notes of a family", API, ["counsellor", "director"], "/api/v1/logbook/notes?family_id={stay_family}",
       token=True, key_page=True),
    *s("API handover", API, ["night_staff"], "/api/v1/logbook/handovers/{handover}", token=True),
    *s("API incidents", API, ["team_lead"], "/api/v1/logbook/incidents?open_only=true", token=True),
    # plans and reports (issue 12): a plan of 40 goals with 200 evaluations; a 20-page evolutieverslag
    *s("plan page (40 goals, 200 evaluations)", PAGE, ["counsellor", "director"], "/plans/{big_plan}/",
       key_page=True),
    *s("API plan (40 goals)", API, ["counsellor"], "/api/v1/plans/{big_plan}", token=True),
    *s("plan deadlines", PAGE, ["team_lead"], "/plans/"),
    *s("report PDF (about 20 pages)", PDF, ["director"], "/plans/reports/{big_report}/pdf/"),
    # health (issue 13): a child's growth page with 60 measurements and its four charts; the person's health page
    *s("growth page (60 measurements, 4 charts)", PAGE, ["team_lead"], "/health/persons/{growth_person}/growth/",
       key_page=True),
    *s("health page of a child", PAGE, ["team_lead"], "/health/persons/{growth_person}/", key_page=True),
    *s("health of a family", PAGE, ["team_lead"], "/health/families/{family}/"),
    *s("API growth measurements (60)", API, ["team_lead"], "/api/v1/persons/{growth_person}/growth-measurements",
       token=True),
    *s("health summary PDF", PDF, ["team_lead"], "/health/persons/{growth_person}/summary.pdf"),
]

# Routes covered above (by URL name); discovered() measures the others when it can.
COVERED = {"home", "families:list", "families:detail", "families:edit", "families:member_add",
           "families:person_edit", "families:history", "access:team", "audit:family_access", "audit:events",
           "access:break_glass_list", "accounts:staff_list", "healthz", "api:list_families", "api:get_family",
           "api:get_person", "api:list_centres",
           "intake:registration_list", "intake:detail", "intake:screening", "intake:waiting_list", "intake:a_document",
           "intake:a_document_pdf", "intake:modules", "partners:list", "trajectories:detail", "stays:board",
           "stays:dashboard", "stays:occupancy", "stays:units", "api:list_trajectories",
           "api:get_trajectory", "api:list_supporters", "api:list_allocations", "api:get_occupancy", "api:list_units",
           "api:list_registrations", "api:get_registration", "api:list_screenings", "api:get_a_document",
           "api:get_waiting_list", "logbook:family", "logbook:index", "logbook:handover_current", "logbook:handover",
           "logbook:incidents", "logbook:care_moments", "api:list_notes", "api:get_handover", "api:list_incidents",
           "plans:detail", "plans:overview", "plans:report_pdf", "api:get_plan", "health:growth", "health:person",
           "health:family", "health:summary_pdf", "api:list_growth_measurements"}
NOT_MEASURED_REASON = {
    "families:create": "form page; its POST is exercised by the load test",
    "access:break_glass": "form page without data",
    "access:break_glass_reviewed": "POST only",
    "audit:export": "needs a recent re-authentication (streamed CSV)",
    "stays:occupancy_csv": "needs a recent re-authentication (CSV export); same month_occupancy as stays:occupancy",
}
