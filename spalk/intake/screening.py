"""The screening items of BRIEF.md §3 (seed 000 "Indicatiestelling") as data.

Each item is answered yes / no / unknown with a note. Contra-indications are weighed by the team
("so dominant that they limit what the CIG can do"); spalk shows the answers and the team's weighing,
it never decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

INDICATION = "indication"
RESIDENTIAL = "residential"
CONTRA = "contra"

GROUPS: list[tuple[str, Promise]] = [
    (INDICATION, _("Signals for CIG care")),
    (RESIDENTIAL, _("Specific indications for a stay")),
    (CONTRA, _("Contra-indications")),
]


@dataclass(frozen=True)
class Item:
    code: str
    group: str
    label: Promise


ITEMS: list[Item] = [
    Item("young_vulnerable_parenthood", INDICATION, _("Young vulnerable parenthood")),
    Item("parenting_skills_insight", INDICATION,
         _("Need to see parenting skills and the capacity to learn them")),
    Item("supervision_nearness", INDICATION,
         _("Need for supervision and nearness to grow or recover as a family, with a safe fall-back")),
    Item("placement_in_view", INDICATION,
         _("Out-of-family placement of children in view, with doubt whether parenting is good enough")),
    Item("reintegration", INDICATION, _("Extra support needed for re-integration after a placement")),
    Item("social_disintegration", INDICATION, _("Social disintegration of the family threatens or is present")),
    Item("mental_health_child_relation", INDICATION,
         _("Mental health of the young child or the parent-child relationship at risk")),
    Item("install_calm", INDICATION, _("Need to install calm in the family before further support")),
    Item("grey_zone", INDICATION,
         _("Grey zone: between sufficient and insufficient care (boundary-crossing behaviour, neglect, safety)")),
    Item("perinatal_attachment_health", INDICATION,
         _("Attachment and health work in the pre-, peri- and postnatal period")),
    Item("high_risk_pregnancy", INDICATION, _("Pregnancy in high-risk circumstances")),
    Item("developmental_threat", INDICATION, _("Developmental threat or attachment problems")),
    Item("child_safety", RESIDENTIAL, _("Safety of the child")),
    Item("complexity_life_domains", RESIDENTIAL, _("Complexity across life domains")),
    Item("need_rest_stability", RESIDENTIAL, _("Need for rest and stability")),
    Item("daily_support_tasks", RESIDENTIAL,
         _("Daily support needed to take up parenting, family and social tasks again")),
    Item("learning_only_in_safe_setting", RESIDENTIAL,
         _("Vulnerability so great that learning in a safe environment is the only option")),
    Item("drug_use", CONTRA, _("Drug use")),
    Item("psychiatric_problems", CONTRA, _("Psychiatric problems")),
    Item("mental_disability", CONTRA, _("Mental disability")),
]
ITEM_CODES = frozenset(i.code for i in ITEMS)
ANSWERS = ("yes", "no", "unknown")


def summary(answers: dict) -> dict:
    """Counts per group of items answered yes, and which contra-indications are present (for the team)."""
    yes: dict[str, list[Item]] = {g: [] for g, _label in GROUPS}
    unknown = 0
    for item in ITEMS:
        answer = (answers.get(item.code) or {}).get("answer", "unknown")
        if answer == "yes":
            yes[item.group].append(item)
        elif answer == "unknown":
            unknown += 1
    return {"indications": yes[INDICATION], "residential": yes[RESIDENTIAL], "contra": yes[CONTRA],
            "unknown": unknown}
